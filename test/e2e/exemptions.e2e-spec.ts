import * as grpc from '@grpc/grpc-js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { CatalogServiceClient, type ListChangesResponse } from '@app/contracts';
import { startGrpc } from '@app/grpc';
import { eventually, PARTNER_IN_TOKEN } from '../support/federation';
import { JX_UNITS, sem, startTestGateway, TEST_TODAY, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';
import { instrumentsCsv } from '../support/import-files';

/**
 * Art. 11: an instrument leaves sharing only once the competent department of
 * its unit's sector approved the exemption AND the approval was filed with the
 * provincial office; a unit cannot declare it itself.
 */
describe('exemptions from sharing are decided, not declared (Art. 11)', () => {
  let gw: TestGateway;
  let address: string;
  const tokens: Record<string, string> = {};
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exemptions-'));
  const ex1 = localInstrumentId('jx-u001', 'EX-1');
  const ex2 = localInstrumentId('jx-u001', 'EX-2');

  beforeAll(async () => {
    const partners = path.join(dir, 'partners.json');
    fs.writeFileSync(
      partners,
      JSON.stringify([
        {
          id: 'shanghai',
          region: 'shanghai',
          protocol: 'grpc',
          address: '127.0.0.1:1',
          inboundToken: PARTNER_IN_TOKEN('shanghai'),
          outboundToken: 'unused-outbound-token-0000',
          pullIntervalMs: 3_600_000,
        },
      ]),
    );
    gw = await startTestGateway('embedded', { PARTNERS_FILE: partners, GRPC_PORT: '0' });
    await gw.seed(JX_UNITS, [sem({ localId: 'EX-1', model: 'EXMODEL-111' }), sem({ localId: 'EX-2', model: 'EXMODEL-222' })]);
    address = `127.0.0.1:${await startGrpc(gw.app)}`;
    Object.assign(tokens, {
      unit1: await gw.token('unit_admin', 'jx-u001'),
      unit2: await gw.token('unit_admin', 'jx-u002'),
      user1: await gw.token('user', 'jx-u001'),
      office: await gw.token('admin'),
      education: await gw.departmentToken('education_bureau'),
      health: await gw.departmentToken('health_commission'),
    });
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const as = (who: string | undefined, req: request.Test) => (who ? req.set('Authorization', `Bearer ${tokens[who]}`) : req);
  const post = (who: string | undefined, url: string, body: object = {}) => as(who, request(gw.server).post(`/api/v1/exemptions${url}`)).send(body);
  const get = (who: string | undefined, url: string) => as(who, request(gw.server).get(`/api/v1/exemptions${url}`));
  const detail = (who: string | undefined, id: string) => as(who, request(gw.server).get(`/api/v1/instruments/${id}`));
  const found = (q: string) =>
    request(gw.server)
      .get('/api/v1/instruments')
      .query({ q })
      .expect(200)
      .then((res) => res.body.items.map((i: { id: string }) => i.id) as string[]);
  const feed = (cursor: string) =>
    new Promise<ListChangesResponse[]>((resolve, reject) => {
      const m = new grpc.Metadata();
      m.set('authorization', `Bearer ${PARTNER_IN_TOKEN('shanghai')}`);
      const out: ListChangesResponse[] = [];
      const call = new CatalogServiceClient(address, grpc.credentials.createInsecure()).listChanges({ cursor, maxChanges: 0 }, m, {
        deadline: Date.now() + 10_000,
      });
      call.on('data', (r) => out.push(r));
      call.on('error', reject);
      call.on('end', () => resolve(out));
    });
  const changes = async (cursor: string) =>
    (await feed(cursor)).flatMap((r) => (r.event?.$case === 'change' ? [[r.event.change.instrumentId, r.event.change.kind?.$case]] : []));
  const endCursor = async () => (await feed('')).flatMap((r) => (r.event?.$case === 'end' ? [r.event.end.nextCursor] : []))[0];

  it('refuses a self-declared exemption on POST, PUT and import, naming the field and where to ask', async () => {
    const exempted = {
      status: 'exempted' as const,
      approvedBy: '嘉兴市教育局',
      approvalRef: '嘉教〔2026〕1号',
      approvalDate: '2026-01-05',
      filingRef: '浙大仪办备〔2026〕1号',
      filingDate: '2026-01-10',
    };
    const created = await as('unit1', request(gw.server).post('/api/v1/instruments'))
      .send(sem({ localId: 'SELF-1', confidentiality: exempted }))
      .expect(400);
    expect(created.body.violations).toEqual([{ field: 'confidentiality.status', message: expect.stringContaining('/api/v1/exemptions') }]);
    const bare = await as('unit1', request(gw.server).post('/api/v1/instruments'))
      .send(sem({ localId: 'SELF-2', confidentiality: { status: 'exempted' } }))
      .expect(400);
    expect(bare.body.violations.map((v: { field: string }) => v.field)).toEqual(['confidentiality.status']);
    await as('unit1', request(gw.server).put(`/api/v1/instruments/${ex2}`))
      .send(sem({ localId: 'EX-2', model: 'EXMODEL-222', confidentiality: exempted }))
      .expect(400);
    const imported = await as('unit1', request(gw.server).post('/api/v1/instruments/import'))
      .attach('file', instrumentsCsv([sem({ localId: 'SELF-3', confidentiality: exempted })]), 'self.csv')
      .expect(200);
    expect(imported.body.created).toBe(0);
    expect(imported.body.rejected).toEqual([
      expect.objectContaining({
        localId: 'SELF-3',
        violations: [expect.objectContaining({ field: 'confidentiality.status', message: expect.stringContaining('/api/v1/exemptions') })],
      }),
    ]);
    // State secrets stay the unit's own declaration (Art. 2).
    await as('unit1', request(gw.server).post('/api/v1/instruments'))
      .send(sem({ localId: 'SECRET-1', confidentiality: { status: 'confidential' } }))
      .expect(201);
    await detail('unit1', ex2)
      .expect(200)
      .expect((res) => expect(res.body.confidentiality).toEqual({ status: 'none' }));
  });

  it('shares the instrument while requested and approved, and drops it like a confidential one once filed', async () => {
    const start = await endCursor();
    await post(undefined, '', { instrumentId: ex1, grounds: '涉及合作单位保密协议' }).expect(401);
    await post('user1', '', { instrumentId: ex1, grounds: 'x' }).expect(403);
    await post('education', '', { instrumentId: ex1, grounds: 'x' }).expect(403);
    await post('unit2', '', { instrumentId: ex1, grounds: 'x' }).expect(404);
    await post('unit1', '', { instrumentId: ex1, grounds: 'x', approvedBy: 'me' }).expect(400);
    const created = await post('unit1', '', { instrumentId: ex1, grounds: '涉及合作单位保密协议' }).expect(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({
      instrumentId: ex1,
      unitId: 'jx-u001',
      status: 'requested',
      grounds: '涉及合作单位保密协议',
      department: { code: 'education_bureau', name: '嘉兴市教育局' },
      effect: { article: 11 },
    });
    await post('unit1', '', { instrumentId: ex1, grounds: 'again' }).expect(409);

    // Requested: still shared, searchable, in the partner feed.
    expect(
      await eventually(
        () => found('EXMODEL-111'),
        (ids) => ids.length > 0,
      ),
    ).toEqual([ex1]);
    await detail('unit2', ex1).expect(200);
    expect(await changes('')).toContainEqual([ex1, 'upsert']);

    // Who sees the queue.
    const queue = async (who: string) => ((await get(who, '?status=requested').expect(200)).body.items as { id: string }[]).map((r) => r.id);
    expect(await queue('education')).toContain(id);
    expect(await queue('unit1')).toContain(id);
    expect(await queue('office')).toContain(id);
    expect(await queue('health')).not.toContain(id);
    expect(await queue('unit2')).not.toContain(id);
    await get('user1', '').expect(403);
    await get(undefined, '').expect(401);
    await get('education', '?status=maybe').expect(400);
    for (const who of ['health', 'unit2']) await get(who, `/${id}`).expect(404);

    // Approval: the department of the unit's sector only.
    await post('unit1', `/${id}/approve`, { reference: 'x' }).expect(403);
    await post('office', `/${id}/approve`, { reference: 'x' }).expect(403);
    await post(undefined, `/${id}/approve`, { reference: 'x' }).expect(401);
    await post('health', `/${id}/approve`, { reference: 'x' }).expect(404);
    await post('education', `/${id}/approve`, {}).expect(400);
    const approved = await post('education', `/${id}/approve`, { reference: '嘉教〔2026〕7号' }).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', approval: { reference: '嘉教〔2026〕7号', date: TEST_TODAY } });
    await post('education', `/${id}/approve`, { reference: 'again' }).expect(409);

    // Approved, not filed: still shared.
    await detail('unit2', ex1).expect(200);
    expect(await found('EXMODEL-111')).toEqual([ex1]);
    expect(await changes('')).toContainEqual([ex1, 'upsert']);
    const beforeFiling = await endCursor();

    // Filing: the joint-conference office only.
    for (const who of ['unit1', 'education', 'user1']) await post(who, `/${id}/file`, { filingRef: 'x' }).expect(403);
    await post(undefined, `/${id}/file`, { filingRef: 'x' }).expect(401);
    const filed = await post('office', `/${id}/file`, { filingRef: '浙大仪办备〔2026〕9号' }).expect(200);
    expect(filed.body).toMatchObject({
      status: 'filed',
      filing: { reference: '浙大仪办备〔2026〕9号', date: TEST_TODAY },
      effect: { code: 'exemption.in_force' },
    });
    await post('office', `/${id}/file`, { filingRef: '浙大仪办备〔2026〕9号' }).expect(200);
    await post('office', `/${id}/file`, { filingRef: 'another' }).expect(409);

    // Now exempted, with the record from the decision, and gone for everyone else.
    const own = await detail('unit1', ex1).expect(200);
    expect(own.body.confidentiality).toEqual({
      status: 'exempted',
      approvedBy: '嘉兴市教育局',
      approvalRef: '嘉教〔2026〕7号',
      approvalDate: TEST_TODAY,
      filingRef: '浙大仪办备〔2026〕9号',
      filingDate: TEST_TODAY,
      note: `exemption request ${id}`,
    });
    await detail('unit2', ex1).expect(404);
    await detail(undefined, ex1).expect(404);
    expect(
      await eventually(
        () => found('EXMODEL-111'),
        (ids) => ids.length === 0,
      ),
    ).toEqual([]);
    // The partner feed: shared while requested and approved, then one tombstone, as for a confidential one.
    expect(await changes(beforeFiling)).toEqual([[ex1, 'tombstone']]);
    expect(await changes(start)).toEqual([[ex1, 'tombstone']]);
    expect(await changes('')).not.toContainEqual([ex1, 'upsert']);

    // The trail, step by step.
    const trail = (await get('education', `/${id}`).expect(200)).body.trail as { fromStatus?: string; toStatus: string; actor: string }[];
    expect(trail.map((t) => [t.fromStatus ?? null, t.toStatus, t.actor])).toEqual([
      [null, 'requested', 'unit_admin-jx-u001'],
      ['requested', 'approved', 'department-education_bureau'],
      ['approved', 'filed', 'admin-none'],
    ]);

    // The unit's form neither lifts it nor re-declares it: the decision's record stays.
    await as('unit1', request(gw.server).put(`/api/v1/instruments/${ex1}`))
      .send(sem({ localId: 'EX-1', model: 'EXMODEL-111', description: '改动' }))
      .expect(200);
    await as('unit1', request(gw.server).put(`/api/v1/instruments/${ex1}`))
      .send(sem({ localId: 'EX-1', model: 'EXMODEL-111', confidentiality: own.body.confidentiality }))
      .expect(200);
    expect((await detail('unit1', ex1).expect(200)).body.confidentiality).toEqual(own.body.confidentiality);
    await detail('unit2', ex1).expect(404);
    await post('unit1', '', { instrumentId: ex1, grounds: 'again' }).expect(409);
    await post('unit1', `/${id}/withdraw`).expect(409);
  }, 60_000);

  it('keeps a rejected or withdrawn instrument shared, and lets the unit ask again', async () => {
    const first = (await post('unit1', '', { instrumentId: ex2, grounds: '理由一' }).expect(201)).body.id as string;
    await post('unit1', `/${first}/reject`, { reason: 'x' }).expect(403);
    await post('health', `/${first}/reject`, { reason: 'x' }).expect(404);
    await post('education', `/${first}/reject`, { reason: 'x', extra: 1 }).expect(400);
    await post('education', `/${first}/reject`, { reason: 'bad\u0000reason' }).expect(400);
    const rejected = await post('education', `/${first}/reject`, { reason: '理由不足' }).expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejection: { reason: '理由不足' }, effect: { code: 'exemption.not_granted' } });
    await post('office', `/${first}/file`, { filingRef: 'x' }).expect(409);
    await detail('unit2', ex2).expect(200);

    const second = (await post('unit1', '', { instrumentId: ex2, grounds: '理由二' }).expect(201)).body.id as string;
    await post('education', `/${second}/approve`, { reference: '嘉教〔2026〕8号' }).expect(200);
    await post('unit2', `/${second}/withdraw`).expect(404);
    await post('education', `/${second}/withdraw`).expect(403);
    const withdrawn = await post('unit1', `/${second}/withdraw`, { reason: '不再需要' }).expect(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawal: { by: 'unit_admin-jx-u001' } });
    await post('unit1', `/${second}/withdraw`).expect(409);
    await post('office', `/${second}/file`, { filingRef: 'x' }).expect(409);
    await detail('unit2', ex2).expect(200);
    expect(await found('EXMODEL-222')).toEqual([ex2]);
    await get('unit1', '/not-a-uuid').expect(404);
  }, 60_000);
});
