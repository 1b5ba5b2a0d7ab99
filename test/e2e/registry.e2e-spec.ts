import request from 'supertest';
import { SeedCatalogUseCase } from '@app/catalog';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';
import { instrumentsCsv } from '../support/import-files';

describe('local registry over HTTP (Jiaxing units manage their instruments)', () => {
  let gw: TestGateway;
  let admin1: string;
  let admin2: string;
  let platformAdmin: string;
  let researcher: string;

  beforeAll(async () => {
    gw = await startTestGateway();
    await gw.seed(JX_UNITS);
    [admin1, admin2, platformAdmin, researcher] = await Promise.all([
      gw.token('unit_admin', 'jx-u001'),
      gw.token('unit_admin', 'jx-u002'),
      gw.token('admin'),
      gw.token('user', 'jx-u002'),
    ]);
  }, 60_000);
  afterAll(() => gw?.close());

  it('registers an instrument and answers it with its id and its policy classification', async () => {
    const res = await request(gw.server).post('/api/v1/instruments').set('Authorization', `Bearer ${admin1}`).send(sem()).expect(201);
    expect(res.body).toMatchObject({ id: localInstrumentId('jx-u001', 'JX-SEM-001'), region: 'jiaxing', version: 1, shareable: true, customsGated: false });
    expect(res.body.policy.scope.outcome).toBe('mandatory');
    expect(res.body.policy.scope.reasons[0]).toMatchObject({ article: expect.any(Number), message: expect.any(String), messageEn: expect.any(String) });
  });

  it('shows the instrument publicly with every decision carrying its article', async () => {
    const res = await request(gw.server)
      .get(`/api/v1/instruments/${localInstrumentId('jx-u001', 'JX-SEM-001')}`)
      .expect(200);
    for (const key of ['scope', 'sharing', 'customs', 'onboarding', 'serviceTerms', 'idle']) {
      expect(res.body.policy[key].reasons.length).toBeGreaterThan(0);
      for (const reason of res.body.policy[key].reasons) expect(reason.article).toBeGreaterThan(0);
    }
  });

  it('refuses a second registration of the same id with 409', async () => {
    const res = await request(gw.server).post('/api/v1/instruments').set('Authorization', `Bearer ${admin1}`).send(sem()).expect(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('lets a unit admin manage only their own unit', async () => {
    await request(gw.server)
      .post('/api/v1/instruments')
      .set('Authorization', `Bearer ${admin2}`)
      .send(sem({ localId: 'JX-X-1' }))
      .expect(403);
    await request(gw.server)
      .put(`/api/v1/instruments/${localInstrumentId('jx-u001', 'JX-SEM-001')}`)
      .set('Authorization', `Bearer ${admin2}`)
      .send(sem())
      .expect(403);
    await request(gw.server)
      .delete(`/api/v1/instruments/${localInstrumentId('jx-u001', 'JX-SEM-001')}`)
      .set('Authorization', `Bearer ${admin2}`)
      .expect(403);
  });

  it('lets the platform admin manage any unit', async () => {
    const res = await request(gw.server)
      .post('/api/v1/instruments')
      .set('Authorization', `Bearer ${platformAdmin}`)
      .send(sem({ localId: 'JX-NMR-1', unitId: 'jx-u002', name: '核磁共振波谱仪', categoryCode: '0106' }))
      .expect(201);
    expect(res.body.unitId).toBe('jx-u002');
  });

  it('bumps the version on a real change and keeps it on an identical PUT', async () => {
    const changed = await request(gw.server)
      .put(`/api/v1/instruments/${localInstrumentId('jx-u001', 'JX-SEM-001')}`)
      .set('Authorization', `Bearer ${admin1}`)
      .send(sem({ description: '分辨率 0.8 nm @ 15 kV' }))
      .expect(200);
    expect(changed.body.version).toBe(2);
    const same = await request(gw.server)
      .put(`/api/v1/instruments/${localInstrumentId('jx-u001', 'JX-SEM-001')}`)
      .set('Authorization', `Bearer ${admin1}`)
      .send(sem({ description: '分辨率 0.8 nm @ 15 kV' }))
      .expect(200);
    expect(same.body.version).toBe(2);
  });

  it('hides a confidential instrument outside its unit exactly as if it did not exist (Art. 2, 11)', async () => {
    await request(gw.server)
      .post('/api/v1/instruments')
      .set('Authorization', `Bearer ${admin1}`)
      .send(sem({ localId: 'JX-SECRET-1', confidentiality: { status: 'confidential' } }))
      .expect(201);
    const hidden = await request(gw.server)
      .get(`/api/v1/instruments/${localInstrumentId('jx-u001', 'JX-SECRET-1')}`)
      .set('Authorization', `Bearer ${researcher}`)
      .expect(404);
    const missing = await request(gw.server)
      .get(`/api/v1/instruments/${localInstrumentId('jx-u001', 'NO-SUCH-1')}`)
      .set('Authorization', `Bearer ${researcher}`)
      .expect(404);
    expect(hidden.body.detail.replace('JX-SECRET-1', 'X')).toBe(missing.body.detail.replace('NO-SUCH-1', 'X'));
    await request(gw.server)
      .get(`/api/v1/instruments/${localInstrumentId('jx-u001', 'JX-SECRET-1')}`)
      .expect(404);
    const own = await request(gw.server)
      .get(`/api/v1/instruments/${localInstrumentId('jx-u001', 'JX-SECRET-1')}`)
      .set('Authorization', `Bearer ${admin1}`)
      .expect(200);
    expect(own.body.policy.sharing).toMatchObject({ outcome: 'excluded' });
    const list = await request(gw.server).get('/api/v1/instruments?region=jiaxing&pageSize=100').expect(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(localInstrumentId('jx-u001', 'JX-SECRET-1'));
    const ownList = await request(gw.server).get('/api/v1/instruments?region=jiaxing&pageSize=100').set('Authorization', `Bearer ${admin1}`).expect(200);
    expect(ownList.body.items.map((i: { id: string }) => i.id)).toContain(localInstrumentId('jx-u001', 'JX-SECRET-1'));
  });

  it("answers another unit's hidden inventory number exactly like a free one: each unit registers in its own namespace (Art. 2, 11)", async () => {
    // JX-SECRET-1 is jx-u001's confidential instrument; JX-FREE-1 exists nowhere.
    const register = (localId: string) =>
      request(gw.server)
        .post('/api/v1/instruments')
        .set('Authorization', `Bearer ${admin2}`)
        .send(sem({ localId, unitId: 'jx-u002', model: 'SU8010' }));
    const [taken, free] = [await register('JX-SECRET-1'), await register('JX-FREE-1')];
    expect([taken.status, free.status]).toEqual([201, 201]);
    expect(taken.body.id).toBe(localInstrumentId('jx-u002', 'JX-SECRET-1'));
    expect(taken.body.id).not.toBe(localInstrumentId('jx-u001', 'JX-SECRET-1'));
    const strip = (body: Record<string, unknown>) => ({ ...body, id: undefined, localId: undefined, createdAt: undefined, updatedAt: undefined });
    expect(strip(taken.body)).toEqual(strip(free.body));
    // The same through the import: no row is told the number is "not available".
    const file = instrumentsCsv([
      sem({ localId: 'JX-SECRET-1', unitId: 'jx-u002', model: 'SU8010', name: '另一台电镜' }),
      sem({ localId: 'JX-FREE-2', unitId: 'jx-u002', model: 'SU8010' }),
    ]);
    const imported = await request(gw.server)
      .post('/api/v1/instruments/import')
      .set('Authorization', `Bearer ${admin2}`)
      .attach('file', file, 'mine.csv')
      .expect(200);
    expect(imported.body).toMatchObject({ totalRows: 2, created: 1, updated: 1, rejected: [] });
    // jx-u001's confidential instrument is untouched and still its own.
    const own = await request(gw.server)
      .get(`/api/v1/instruments/${localInstrumentId('jx-u001', 'JX-SECRET-1')}`)
      .set('Authorization', `Bearer ${admin1}`)
      .expect(200);
    expect(own.body).toMatchObject({ unitId: 'jx-u001', version: 1, confidentiality: { status: 'confidential' } });
  });

  it('refuses to move an instrument to another unit by PUT: its id belongs to its unit', async () => {
    const res = await request(gw.server)
      .put(`/api/v1/instruments/${localInstrumentId('jx-u001', 'JX-SEM-001')}`)
      .set('Authorization', `Bearer ${platformAdmin}`)
      .send(sem({ unitId: 'jx-u002' }))
      .expect(400);
    expect(res.body.violations[0]).toMatchObject({ field: 'unitId', message: expect.stringMatching(/withdraw it and register it/) });
  });

  it('answers an anonymous caller the same for a confidential id and a missing one, headers and body alike', async () => {
    await request(gw.server)
      .post('/api/v1/instruments')
      .set('Authorization', `Bearer ${admin1}`)
      .send(sem({ localId: 'JX-HIDDEN-9', confidentiality: { status: 'confidential' } }))
      .expect(201);
    // Same length on purpose: only the id itself may differ in the answer.
    const [hiddenId, missingId] = [localInstrumentId('jx-u001', 'JX-HIDDEN-9'), localInstrumentId('jx-u001', 'JX-NOSUCH-9')];
    await request(gw.server).get(`/api/v1/instruments/${hiddenId}`).set('Authorization', `Bearer ${admin1}`).expect(200);
    const [hidden, missing] = [
      await request(gw.server).get(`/api/v1/instruments/${hiddenId}`),
      await request(gw.server).get(`/api/v1/instruments/${missingId}`),
    ];
    const comparable = (res: request.Response, id: string) => ({
      status: res.status,
      headers: Object.fromEntries(Object.entries(res.headers).filter(([name]) => !['x-request-id', 'date'].includes(name))),
      body: JSON.parse(JSON.stringify({ ...res.body, requestId: undefined }).replaceAll(id, '<id>')),
    });
    expect(hidden.status).toBe(404);
    expect(comparable(hidden, hiddenId)).toEqual(comparable(missing, missingId));
  });

  it('refuses an exemption declared by the unit: it is requested at /api/v1/exemptions (Art. 11)', async () => {
    const res = await request(gw.server)
      .post('/api/v1/instruments')
      .set('Authorization', `Bearer ${admin1}`)
      .send(
        sem({
          localId: 'JX-EX-1',
          confidentiality: { status: 'exempted', approvedBy: '嘉兴市科技局', approvalRef: '嘉科〔2026〕1号', approvalDate: '2026-01-05' },
        }),
      )
      .expect(400);
    expect(res.body.violations).toEqual([{ field: 'confidentiality.status', message: expect.stringContaining('/api/v1/exemptions') }]);
  });

  it('withdraws an instrument: gone from detail and listings', async () => {
    await request(gw.server)
      .delete(`/api/v1/instruments/${localInstrumentId('jx-u002', 'JX-NMR-1')}`)
      .set('Authorization', `Bearer ${platformAdmin}`)
      .expect(204);
    await request(gw.server)
      .get(`/api/v1/instruments/${localInstrumentId('jx-u002', 'JX-NMR-1')}`)
      .expect(404);
  });

  it('lists the management units publicly', async () => {
    const res = await request(gw.server).get('/api/v1/units?region=jiaxing').expect(200);
    expect(res.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: 'jx-u001',
          name: '嘉兴学院',
          region: 'jiaxing',
          sector: 'education',
          competentDepartment: expect.objectContaining({ name: '嘉兴市教育局' }),
        }),
      ]),
    );
  });

  it('searches with filters and returns items, total, facets and sources', async () => {
    const res = await request(gw.server).get('/api/v1/instruments').query({ q: 'JSM', region: 'jiaxing' }).expect(200);
    expect(res.body.total).toBe(1);
    expect(res.body.items[0]).toMatchObject({
      id: localInstrumentId('jx-u001', 'JX-SEM-001'),
      name: '场发射扫描电子显微镜',
      model: 'JSM-7800F',
      categoryCode: '0101',
      customsGated: false,
    });
    expect(res.body.facets.region).toEqual({ jiaxing: 1 });
    expect(res.body.sources[0]).toMatchObject({ id: 'local', status: 'ok' });
  });

  it('counts the Art. 13 clock of an instrument accepted before the measures took effect from the effective date (Art. 24)', async () => {
    const old = sem({
      localId: 'JX-OLD-2019',
      unitId: 'jx-u002',
      name: 'X射线衍射仪',
      nameEn: 'X-ray diffractometer',
      model: 'XRD-6100',
      manufacturer: 'Shimadzu',
      acceptanceDate: '2019-06-01',
      provincialJoinDate: undefined,
    });
    const res = await request(gw.server).post('/api/v1/instruments').set('Authorization', `Bearer ${admin2}`).send(old).expect(201);
    expect(gw.config.measures.effectiveDate).toBe('2025-01-01');
    // 30 PRC working days after 2025-01-01, across the Spring Festival 2025, not after 2019-06-01.
    expect(res.body.policy.onboardingDeadline).toBe('2025-02-18');
    expect(res.body.policy.onboarding.reasons.map((r: { article: number }) => r.article)).toEqual([13, 24]);
  });

  it("judges Art. 13 on the province's own listing date, never on the date a unit declares", async () => {
    const declared = sem({ localId: 'JX-DECLARED', unitId: 'jx-u002', acceptanceDate: '2025-03-03', provincialJoinDate: '2025-03-10' });
    const res = await request(gw.server).post('/api/v1/instruments').set('Authorization', `Bearer ${admin2}`).send(declared).expect(201);
    // The province never listed it, so the declared 2025-03-10 counts for nothing: overdue. 30 working days
    // after Mon 2025-03-03: Mar 4–31 give 20, Apr 1–3 23, Qingming Fri Apr 4 is a holiday, Apr 7–11 28, Apr 15 the 30th.
    expect(res.body.provinceListedOn).toBeUndefined();
    expect(res.body.policy.onboarding.outcome).toBe('overdue');
    expect(res.body.policy.onboardingDeadline).toBe('2025-04-15');
  });

  it("shows another region's instrument with its own platform's facts, not Jiaxing's Art. 13 and 15 clocks", async () => {
    const unit = {
      id: 'sh-u001',
      name: '上海交通大学',
      nameEn: 'Shanghai Jiao Tong University',
      region: 'shanghai' as const,
      city: '上海市',
      kind: 'university' as const,
      sector: 'education' as const,
    };
    await gw.app.get(SeedCatalogUseCase).execute({
      region: 'shanghai',
      sourcePlatform: 'shanghai',
      units: [unit],
      instruments: [sem({ localId: 'SH-OLD', unitId: 'sh-u001', city: '上海市', acceptanceDate: '2019-06-01', provincialJoinDate: undefined })],
    });
    const res = await request(gw.server).get('/api/v1/instruments/shanghai:SH-OLD').expect(200);
    for (const rule of ['onboarding', 'serviceTerms', 'idle']) {
      expect(res.body.policy[rule]).toMatchObject({ outcome: 'not_applicable', reasons: [expect.objectContaining({ article: 1 })] });
    }
    expect(res.body.policy.onboardingDeadline).toBeUndefined();
  });
});
