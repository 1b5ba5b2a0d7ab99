import request from 'supertest';
import type { InstrumentInput, ManagementUnit } from '@app/catalog';
import { eventually, startTestPartners, type TestPartners } from '../support/federation';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';

const HAINING: ManagementUnit = {
  id: 'jx-u003',
  name: '浙江大学国际联合学院',
  nameEn: 'ZJU International Campus',
  region: 'jiaxing',
  city: '海宁市',
  kind: 'university',
  sector: 'education',
};
const JIAXING = { lat: 30.7486, lon: 120.7381 };

const instruments: InstrumentInput[] = [
  sem({ localId: 'SEM-A' }),
  sem({
    localId: 'SEM-B',
    model: 'Regulus 8100',
    manufacturer: 'Hitachi',
    nameEn: 'Scanning electron microscope',
    name: '扫描电子显微镜',
    fee: { unit: 'hour', internalPriceCny: 200, externalPriceCny: 350 },
    serviceModes: ['self_operated'],
  }),
  sem({
    localId: 'NMR-1',
    name: '核磁共振波谱仪',
    nameEn: 'NMR spectrometer',
    model: 'AVANCE NEO 600',
    manufacturer: 'Bruker',
    categoryCode: '0105',
    fee: { unit: 'sample', internalPriceCny: 100, externalPriceCny: 180 },
    unitId: 'jx-u003',
    city: '海宁市',
    location: { lat: 30.5104, lon: 120.6848 },
  }),
  sem({
    localId: 'HPLC-1',
    name: '高效液相色谱仪',
    nameEn: 'High performance liquid chromatograph',
    model: '1260 Infinity II',
    manufacturer: 'Agilent',
    categoryCode: '0103',
    fee: { unit: 'sample', internalPriceCny: 60, externalPriceCny: 90 },
    unitId: 'jx-u002',
  }),
  sem({
    localId: 'XRD-DF',
    name: 'X射线衍射仪',
    nameEn: 'X-ray diffractometer',
    model: 'D8 ADVANCE',
    manufacturer: 'Bruker',
    categoryCode: '0104',
    dutyFreeImport: { declarationNo: '292020251000000009', releaseDate: '2025-06-01', supervisionYears: 3 },
  }),
  sem({ localId: 'SECRET-SEM', name: '保密扫描电子显微镜', model: 'JSM-7900F', confidentiality: { status: 'confidential' } }),
];

describe('search across the federation (GET /api/v1/instruments)', () => {
  let partners: TestPartners;
  let gw: TestGateway;
  let ownUser: string;
  let otherUser: string;
  let admin: string;

  beforeAll(async () => {
    partners = await startTestPartners([{ region: 'shanghai', count: 60, seed: 11 }]);
    gw = await startTestGateway('embedded', { PARTNERS_FILE: partners.file, GRPC_PORT: '0' });
    await gw.seed([...JX_UNITS, HAINING], instruments);
    [ownUser, otherUser, admin] = await Promise.all([gw.token('user', 'jx-u001', 'own'), gw.token('user', 'jx-u002', 'other'), gw.token('admin')]);
    const shared = partners.nodes.shanghai.store.shareable().length;
    await eventually(
      () => search({ region: 'shanghai', pageSize: 1 }).then((r) => r.body.total),
      (n) => n === shared,
    );
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    await partners?.close();
  });

  const search = (query: Record<string, unknown>, token?: string) => {
    const r = request(gw.server).get('/api/v1/instruments').query(query);
    return token ? r.set('Authorization', `Bearer ${token}`) : r;
  };
  const ids = async (query: Record<string, unknown>, token?: string) =>
    (await search({ pageSize: 100, ...query }, token).expect(200)).body.items.map((i: { id: string }) => i.id);

  it.each([
    '电镜',
    'SEM',
    '扫描电子显微镜',
    '扫描电镜',
    'JSM-7800F',
    'jsm7800f',
    'JSM 7800F',
    'ＪＳＭ－７８００Ｆ',
    'scanning electron microscope',
    'scaning electron microscop',
  ])('finds the Jiaxing SEM for %j', async (q) => {
    expect(await ids({ q, region: 'jiaxing' })).toContain(localInstrumentId('jx-u001', 'SEM-A'));
  });

  it('ranks the exact model first and marks what matched', async () => {
    const res = await search({ q: 'JSM-7800F' }).expect(200);
    expect(res.body.items[0]).toMatchObject({
      id: localInstrumentId('jx-u001', 'SEM-A'),
      model: 'JSM-7800F',
      region: 'jiaxing',
      city: '嘉兴市',
      unitId: 'jx-u001',
      customsGated: false,
      fee: { unit: 'hour', externalPriceCny: 500 },
    });
    expect(JSON.stringify(res.body.items[0].highlights)).toContain('<em>');
    // The members in the order clients have always received them, and no others.
    const members = [
      'id',
      'name',
      'nameEn',
      'model',
      'manufacturer',
      'categoryCode',
      'categoryName',
      'region',
      'city',
      'unitId',
      'serviceModes',
      'fee',
      'customsGated',
      'distanceKm',
      'highlights',
      'score',
    ];
    for (const item of res.body.items as Record<string, unknown>[]) expect(Object.keys(item)).toEqual(members.filter((m) => m in item));
  });

  it('finds families by abbreviation in either language: 核磁 → NMR, HPLC → 高效液相色谱仪, XRD', async () => {
    expect(await ids({ q: '核磁', region: 'jiaxing' })).toEqual([localInstrumentId('jx-u003', 'NMR-1')]);
    expect(await ids({ q: 'NMR', region: 'jiaxing' })).toEqual([localInstrumentId('jx-u003', 'NMR-1')]);
    expect(await ids({ q: 'HPLC', region: 'jiaxing' })).toEqual([localInstrumentId('jx-u002', 'HPLC-1')]);
    expect(await ids({ q: 'XRD', region: 'jiaxing' })).toEqual([localInstrumentId('jx-u001', 'XRD-DF')]);
  });

  it('counts facets over the whole result, consistent with the items', async () => {
    const res = await search({ region: 'jiaxing', pageSize: 100 }).expect(200);
    const items: { city: string; categoryCode: string; serviceModes: string[]; customsGated: boolean }[] = res.body.items;
    expect(res.body.total).toBe(5);
    expect(res.body.facets.region).toEqual({ jiaxing: 5 });
    expect(res.body.facets.city).toEqual({ 嘉兴市: 4, 海宁市: 1 });
    expect(res.body.facets.customsGated).toEqual({ true: 1, false: 4 });
    const byMode: Record<string, number> = {};
    for (const i of items) for (const m of i.serviceModes) byMode[m] = (byMode[m] ?? 0) + 1;
    expect(res.body.facets.serviceMode).toEqual(byMode);
    expect(Object.values(res.body.facets.category as Record<string, number>).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(5);
    // Filters narrow items, total and facets alike.
    const gated = await search({ region: 'jiaxing', customsGated: true }).expect(200);
    expect(gated.body.items.map((i: { id: string }) => i.id)).toEqual([localInstrumentId('jx-u001', 'XRD-DF')]);
    expect(gated.body.facets.city).toEqual({ 嘉兴市: 1 });
    expect(await ids({ region: 'jiaxing', city: '海宁市' })).toEqual([localInstrumentId('jx-u003', 'NMR-1')]);
    expect((await ids({ region: 'jiaxing', category: '0101' })).sort()).toEqual([localInstrumentId('jx-u001', 'SEM-A'), localInstrumentId('jx-u001', 'SEM-B')]);
    expect(await ids({ region: 'jiaxing', serviceMode: 'self_operated' })).toEqual([localInstrumentId('jx-u001', 'SEM-B')]);
    expect((await ids({ region: 'jiaxing', feeMax: 200 })).sort()).toEqual([localInstrumentId('jx-u002', 'HPLC-1'), localInstrumentId('jx-u003', 'NMR-1')]);
  });

  it('gives distances from near, keeps only those within radiusKm, and sorts by distance', async () => {
    const res = await search({ near: `${JIAXING.lat},${JIAXING.lon}`, radiusKm: 50, sort: 'distance', pageSize: 100 }).expect(200);
    const items: { id: string; distanceKm: number; region: string }[] = res.body.items;
    expect(items.map((i) => i.id)).toContain(localInstrumentId('jx-u003', 'NMR-1'));
    expect(items.every((i) => i.region === 'jiaxing' && i.distanceKm <= 50)).toBe(true);
    expect(items.map((i) => i.distanceKm)).toEqual([...items.map((i) => i.distanceKm)].sort((a, b) => a - b));
    // Haining is ~27 km from the Jiaxing campus.
    expect(items.find((i) => i.id === localInstrumentId('jx-u003', 'NMR-1'))!.distanceKm).toBeGreaterThan(24);
    expect(items.find((i) => i.id === localInstrumentId('jx-u003', 'NMR-1'))!.distanceKm).toBeLessThan(30);
    expect(await ids({ near: `${JIAXING.lat},${JIAXING.lon}`, radiusKm: 10, region: 'jiaxing' })).not.toContain(localInstrumentId('jx-u003', 'NMR-1'));
    // Shanghai's instruments are within 150 km, not within 50.
    const wide = await search({ near: `${JIAXING.lat},${JIAXING.lon}`, radiusKm: 150, region: 'shanghai', pageSize: 1 }).expect(200);
    expect(wide.body.total).toBeGreaterThan(0);
    expect((await search({ sort: 'distance' }).expect(400)).body.violations[0].field).toBe('sort');
  });

  it('pages without repeating or skipping, by page and by cursor, under ties', async () => {
    const all = await search({ q: '显微镜', pageSize: 100 }).expect(200);
    const total: number = all.body.total;
    expect(total).toBeGreaterThan(5);
    const byPage: string[] = [];
    for (let page = 1; byPage.length < total; page++) byPage.push(...(await ids({ q: '显微镜', page, pageSize: 3 })));
    expect(new Set(byPage).size).toBe(total);
    expect(byPage).toEqual(all.body.items.map((i: { id: string }) => i.id));
    const byCursor: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await search({ q: '显微镜', pageSize: 4, ...(cursor ? { cursor } : {}) }).expect(200);
      byCursor.push(...res.body.items.map((i: { id: string }) => i.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(byCursor).toEqual(byPage);
    expect((await search({ cursor: 'not-a-cursor' }).expect(400)).headers['content-type']).toMatch(/problem\+json/);
  });

  it('never shows a confidential instrument outside its unit, not even in totals or facets (Art. 2, 11)', async () => {
    for (const token of [undefined, otherUser]) {
      const res = await search({ q: 'JSM-7900F' }, token).expect(200);
      expect(res.body.items.map((i: { id: string }) => i.id)).not.toContain(localInstrumentId('jx-u001', 'SECRET-SEM'));
      const listing = await search({ region: 'jiaxing', pageSize: 100 }, token).expect(200);
      expect(listing.body.total).toBe(5);
      expect(listing.body.facets.region).toEqual({ jiaxing: 5 });
    }
    expect(await ids({ q: 'JSM-7900F' }, ownUser)).toContain(localInstrumentId('jx-u001', 'SECRET-SEM'));
    expect((await search({ region: 'jiaxing' }, admin).expect(200)).body.total).toBe(6);
  });

  it('finds a change stored by sync without a restart', async () => {
    const node = partners.nodes.shanghai;
    const base = node.store.shareable()[0].stored.instrument;
    node.store.upsert({ ...base, localId: 'FRESH-1', model: 'FRESHMODEL-9000', name: '新到透射电子显微镜' });
    const found = await eventually(
      () => ids({ q: 'FRESHMODEL-9000' }),
      (list: string[]) => list.length > 0,
    );
    expect(found).toEqual(['shanghai:FRESH-1']);
    // And a withdrawal leaves the index too.
    node.store.remove('shanghai:FRESH-1');
    await eventually(
      () => ids({ q: 'FRESHMODEL-9000' }),
      (list: string[]) => list.length === 0,
    );
  });

  it('finds an instrument a unit just registered, in the very next search', async () => {
    const unitAdmin = await gw.token('unit_admin', 'jx-u001', 'registrar');
    await request(gw.server)
      .post('/api/v1/instruments')
      .set('Authorization', `Bearer ${unitAdmin}`)
      .send(
        sem({
          localId: 'NEW-AFM',
          name: '原子力显微镜',
          nameEn: 'Atomic force microscope',
          model: 'Dimension Icon',
          manufacturer: 'Bruker',
          categoryCode: '0101',
        }),
      )
      .expect(201);
    expect(await ids({ q: 'AFM', region: 'jiaxing' })).toEqual([localInstrumentId('jx-u001', 'NEW-AFM')]);
    // The answer above is cached; a withdrawal must not be hidden behind it.
    await request(gw.server)
      .delete(`/api/v1/instruments/${localInstrumentId('jx-u001', 'NEW-AFM')}`)
      .set('Authorization', `Bearer ${unitAdmin}`)
      .expect(204);
    expect(await ids({ q: 'AFM', region: 'jiaxing' })).toEqual([]);
  });

  it('answers a repeated anonymous search exactly as the first time, and never reuses an answer across viewers or for a bad request', async () => {
    const first = await search({ q: 'JSM-7900F', region: 'jiaxing' }).expect(200);
    const again = await search({ q: 'JSM-7900F', region: 'jiaxing' }).expect(200);
    expect(again.headers['content-type']).toMatch(/^application\/json/);
    expect(again.headers['x-request-id']).toBeDefined();
    expect(again.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    expect({ ...again.body, sources: undefined }).toEqual({ ...first.body, sources: undefined });
    expect(again.body.items.map((i: { id: string }) => i.id)).not.toContain(localInstrumentId('jx-u001', 'SECRET-SEM'));
    // The unit's own member, asking the very same URL, sees its excluded instrument.
    const own = await search({ q: 'JSM-7900F', region: 'jiaxing' }, ownUser).expect(200);
    expect(own.body.items.map((i: { id: string }) => i.id)).toContain(localInstrumentId('jx-u001', 'SECRET-SEM'));
    for (let i = 0; i < 2; i++) expect((await search({ q: 'SEM', pageSize: 1000 })).status).toBe(400);
  });

  it('says how fresh each catalog is', async () => {
    // Statuses are read at most once a second, so the first sync may show a moment later.
    const sources = await eventually(
      () => search({ pageSize: 1 }).then((r) => r.body.sources as { id: string; status: string }[]),
      (list) => list.some((s) => s.id === 'shanghai' && s.status === 'ok'),
    );
    expect(sources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'local', status: 'ok' }),
        expect.objectContaining({ id: 'shanghai', region: 'shanghai', lagSeconds: expect.any(Number) }),
      ]),
    );
  });

  it('documents in /api/openapi.json the very bounds it enforces (category, radiusKm)', async () => {
    const doc = (await request(gw.server).get('/api/openapi.json').expect(200)).body;
    const params: Record<string, { minimum: number; maximum: number; pattern: string }> = Object.fromEntries(
      doc.paths['/api/v1/instruments'].get.parameters.map((p: { name: string; schema: unknown }) => [p.name, p.schema]),
    );
    const near = `${JIAXING.lat},${JIAXING.lon}`;
    const { minimum, maximum } = params.radiusKm;
    await search({ near, radiusKm: minimum }).expect(200);
    await search({ near, radiusKm: maximum }).expect(200);
    for (const radiusKm of [minimum / 2, maximum + 1]) {
      expect((await search({ near, radiusKm }).expect(400)).body.violations).toEqual([
        { field: 'radiusKm', message: `must be a number from ${minimum} to ${maximum}, got ${radiusKm}` },
      ]);
    }
    const pattern = new RegExp(params.category.pattern);
    for (const category of ['0', '01', '0101', '01010', '010101', 'x1']) {
      const res = await search({ category });
      expect([category, res.status]).toEqual([category, pattern.test(category) ? 200 : 400]);
    }
  });

  it('answers hostile or odd queries with 200 or a clear 400, never a 500', async () => {
    for (const q of ["' OR 1=1 --", '%_\\', '(.*)+[', '🔬🧪', '<script>alert(1)</script>', '   ', 'a'.repeat(200)]) {
      const res = await search({ q });
      expect(res.status).toBe(200);
    }
    const long = await search({ q: 'microscope '.repeat(1_000).slice(0, 10_000) });
    expect(long.status).toBe(400);
    expect(long.headers['content-type']).toMatch(/problem\+json/);
    expect(long.body.violations[0].field).toBe('q');
    // 10,000 Chinese characters are 90 KB of URL: Node refuses the request line itself (431), before any code of ours.
    expect((await search({ q: '电'.repeat(10_000) })).status).toBe(431);
    expect((await request(gw.server).get('/api/v1/instruments?q=%01abc')).status).toBe(400);
    expect((await request(gw.server).get('/api/v1/instruments?q=%ED%A0%80')).status).toBeLessThan(500);
  });
});
