import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import request from 'supertest';
import { SeedCatalogUseCase } from '@app/catalog';
import { IndicatorServiceClient, type GetCategoryIndicatorsRequest, type GetCategoryIndicatorsResponse } from '@app/contracts';
import { startGrpc } from '@app/grpc';
import { DATABASE, sql, type Database } from '@app/persistence';
import { IngestPowerEventsUseCase, RecordUsageSessionUseCase, RollupUsageUseCase, type UsageSessionInput } from '@app/usage';
import { startPartnerNode, type PartnerNode } from '../../apps/partner-node/src/partner-node';
import { storageModes } from '../support/databases';
import { GATEWAY_OUT_TOKEN, PARTNER_IN_TOKEN } from '../support/federation';
import { JX_UNITS, TEST_TODAY, sem, startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';
import { settleRollups } from '../support/rollups';

const at = (s: string) => new Date(`${s}+08:00`);
const A = localInstrumentId('jx-u001', 'PR-A'); // 0101, jx-u001
const B = localInstrumentId('jx-u002', 'PR-B'); // 0101, jx-u002
const C = localInstrumentId('jx-u001', 'PR-SECRET'); // 0101, confidential: in no row
const D = localInstrumentId('jx-u001', 'PR-D'); // 0301: another category
const F = localInstrumentId('jx-u002', 'PR-F'); // 0101, never used: offered for lease (idle)
const ZJ_UNIT = {
  id: 'zj-u1',
  name: '浙江某研究院',
  nameEn: 'A Zhejiang institute',
  region: 'zhejiang' as const,
  city: '杭州市',
  kind: 'institute' as const,
  sector: 'science' as const,
};

/**
 * A hand-computed world. Today is 2026-11-29 (China), so the period is the 365
 * days 2025-11-29 … 2026-11-28, and every instrument is rated 1,600 h over it
 * (1600 × 33/365 for 2025 + 1600 × 332/365 for 2026 = 1600 × 365/365).
 *
 * Use in our rollups (China time):
 *  A s1 11-10 09:00–11:00 jx-u001 itself       power-on A 11-10 08:00–09:30
 *  A s2 11-10 10:00–13:00 a Shanghai unit (external)
 *  B s3 11-12 08:00–10:00 a Jiangsu unit (external)   power-on B 11-12 09:00–11:00
 *  C s4 11-10 09:00–17:00 a Shanghai unit (external)  — confidential: never counted
 *  D s5 11-13 08:00–14:00 (category 0301)      — not the category
 *  Z s6 11-15 09:00–13:00 the province's feed (zhejiang instrument, a person: external)
 *  Z2 (zhejiang, 0101) never used; F (jx-u002, 0101) never used and on offer for lease.
 *
 *  A: 08:00–09:30 ∪ 09:00–11:00 ∪ 10:00–13:00 = 08:00–13:00 = 5 h, external 3 h
 *  B: 08:00–10:00 ∪ 09:00–11:00 = 3 h, external 2 h
 *  Z: 4 h, external 4 h
 *
 *  unit jx-u001: A (C excluded) → 1 instrument, 5 h, 3 h, 1600 h; 5/1600 = 0.003125 → 0.0031; 3/5 = 0.6
 *  city Jiaxing: A, B, F → 3, 8 h, 5 h, 4800 h; 8/4800 = 0.00167 → 0.0017; 5/8 = 0.625
 *  province: + Z, Z2 → 5, 12 h, 9 h, 8000 h; 12/8000 = 0.0015; 9/12 = 0.75
 *  Shanghai (its node's own figures): n shareable 0101 instruments (its generated
 *   catalog plus SH-0101), own users on SH-0101 11-20 08:00–14:00 (6 h, its own
 *   unit) and 11-21 09:00–11:00 (2 h, another unit), and 2025-11-01 (before the
 *   period: not counted) → n, 8 h, 2 h, n × 1600 h; 8/(n × 1600); 2/8 = 0.25
 *  Jiangsu: its node is down → unavailable. Anhui: answers after our deadline → unavailable.
 */
describe.each(storageModes())('purchase review (Arts. 9–10): evidence from our rollups and partners through federation (%s)', (mode) => {
  let gw: TestGateway;
  let shanghai: PartnerNode;
  let jiangsu: PartnerNode;
  let anhui: PartnerNode;
  let grpcAddress: string;
  let n: number;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'purchase-review-'));
  const t: Record<string, string> = {};
  const NOW = new Date(`${TEST_TODAY}T04:00:00Z`);
  const body = (valueCny: number, over: Record<string, unknown> = {}) => ({
    categoryCode: '0101',
    valueCny,
    intendedUse: '纳米材料形貌表征',
    justification: '现有设备机时饱和',
    name: '场发射扫描电子显微镜',
    model: 'SU8600',
    ...over,
  });
  /** `null`: no token at all. */
  const submit = (payload: unknown, token: string | null = t.admin1) => {
    const r = request(gw.server).post('/api/v1/purchase-reviews');
    return (token ? r.set('Authorization', `Bearer ${token}`) : r).send(payload as object);
  };
  const get = (url: string, token?: string) => {
    const r = request(gw.server).get(url);
    return token ? r.set('Authorization', `Bearer ${token}`) : r;
  };
  const decide = (id: string, verb: 'approve' | 'reject', payload: unknown, token?: string) => {
    const r = request(gw.server).post(`/api/v1/purchase-reviews/${id}/${verb}`);
    return (token ? r.set('Authorization', `Bearer ${token}`) : r).send(payload as object);
  };

  beforeAll(async () => {
    const options = { count: 40, seed: 11, slowMs: 3_000, now: () => NOW };
    shanghai = await startPartnerNode({ region: 'shanghai', acceptedTokens: [GATEWAY_OUT_TOKEN('shanghai')], ...options });
    jiangsu = await startPartnerNode({ region: 'jiangsu', acceptedTokens: [GATEWAY_OUT_TOKEN('jiangsu')], ...options });
    anhui = await startPartnerNode({ region: 'anhui', acceptedTokens: [GATEWAY_OUT_TOKEN('anhui')], ...options, fault: 'slow' });
    const partner = (region: string, node: PartnerNode, deadlineMs: number) => ({
      id: region,
      region,
      protocol: 'grpc',
      address: node.address,
      inboundToken: PARTNER_IN_TOKEN(region),
      outboundToken: GATEWAY_OUT_TOKEN(region),
      pullIntervalMs: 3_600_000,
      deadlineMs,
    });
    const file = path.join(dir, 'partners.json');
    fs.writeFileSync(file, JSON.stringify([partner('shanghai', shanghai, 5_000), partner('jiangsu', jiangsu, 5_000), partner('anhui', anhui, 1_000)]));
    gw = await startTestGateway(mode, { PARTNERS_FILE: file, GRPC_PORT: '0' });
    grpcAddress = `127.0.0.1:${await startGrpc(gw.app)}`;

    await gw.seed(JX_UNITS, [
      sem({ localId: 'PR-A' }),
      sem({ localId: 'PR-B', unitId: 'jx-u002' }),
      sem({ localId: 'PR-SECRET', confidentiality: { status: 'confidential' } }),
      sem({ localId: 'PR-D', categoryCode: '0301' }),
      sem({ localId: 'PR-F', unitId: 'jx-u002' }),
    ]);
    await gw.app.get(SeedCatalogUseCase).execute({
      region: 'zhejiang',
      sourcePlatform: 'province',
      units: [ZJ_UNIT],
      instruments: [
        sem({ localId: 'ZJ-Z', unitId: 'zj-u1', city: '杭州市', address: '杭州市西湖区' }),
        sem({ localId: 'ZJ-Z2', unitId: 'zj-u1', city: '杭州市', address: '杭州市西湖区' }),
      ],
    });
    const db = gw.app.get<Database>(DATABASE).db;
    const Z = (await sql<{ id: string }>`SELECT id FROM instruments WHERE unit_id = 'zj-u1' ORDER BY id`.execute(db)).rows[0].id;

    const record = gw.app.get(RecordUsageSessionUseCase);
    const base = (key: string, instrumentId: string, over: Partial<UsageSessionInput>): UsageSessionInput => ({
      source: 'booking',
      sourceKey: key,
      instrumentId,
      ownerRegion: 'jiaxing',
      ownerUnitId: 'jx-u001',
      categoryCode: '0101',
      requester: { kind: 'unit', unitId: 'jx-u001', region: 'jiaxing' },
      external: false,
      outcome: 'completed',
      recordedBy: 'test',
      ...over,
    });
    const shanghaiUnit = { kind: 'unit' as const, unitId: 'sh-u9', region: 'shanghai' as const };
    await record.execute(base('s1', A, { start: at('2026-11-10T09:00:00'), end: at('2026-11-10T11:00:00') }));
    await record.execute(base('s2', A, { requester: shanghaiUnit, external: true, start: at('2026-11-10T10:00:00'), end: at('2026-11-10T13:00:00') }));
    await record.execute(
      base('s3', B, {
        ownerUnitId: 'jx-u002',
        requester: { kind: 'unit', unitId: 'js-u1', region: 'jiangsu' },
        external: true,
        start: at('2026-11-12T08:00:00'),
        end: at('2026-11-12T10:00:00'),
      }),
    );
    await record.execute(base('s4', C, { requester: shanghaiUnit, external: true, start: at('2026-11-10T09:00:00'), end: at('2026-11-10T17:00:00') }));
    await record.execute(base('s5', D, { categoryCode: '0301', start: at('2026-11-13T08:00:00'), end: at('2026-11-13T14:00:00') }));
    // As the province's feed stores its sessions: source province, owner region zhejiang, no unit of ours.
    await record.execute(
      base('s6', Z, {
        source: 'province',
        ownerRegion: 'zhejiang',
        ownerUnitId: 'zj-u1',
        requester: { kind: 'person' },
        external: true,
        start: at('2026-11-15T09:00:00'),
        end: at('2026-11-15T13:00:00'),
      }),
    );
    const power = await gw.app.get(IngestPowerEventsUseCase).execute({ id: 'gw-pr', unitIds: ['jx-u001', 'jx-u002'] }, [
      { eventId: 'p1', instrumentId: A, start: at('2026-11-10T08:00:00'), end: at('2026-11-10T09:30:00') },
      { eventId: 'p2', instrumentId: B, start: at('2026-11-12T09:00:00'), end: at('2026-11-12T11:00:00') },
    ]);
    expect(power.every((r) => r.status === 'accepted')).toBe(true);
    await settleRollups(gw.app.get(RollupUsageUseCase));

    for (const role of ['admin', 'user', 'drc_monitor'] as const) t[role] = await gw.token(role);
    t.admin1 = await gw.token('unit_admin', 'jx-u001');
    t.admin2 = await gw.token('unit_admin', 'jx-u002');
    t.education = await gw.departmentToken('education_bureau'); // jx-u001's sector
    t.health = await gw.departmentToken('health_commission'); // jx-u002's sector

    const offer = await request(gw.server)
      .post('/api/v1/compliance/idle-offers')
      .set('Authorization', `Bearer ${t.admin2}`)
      .send({ instrumentId: F, kind: 'lease', terms: '按月出租' });
    expect(offer.status).toBe(201);

    // Shanghai's own instrument of 0101 and its own users' use of it.
    const sh = shanghai.store.upsert(
      sem({ localId: 'SH-0101', unitId: shanghai.store.shareable()[0].stored.instrument.unitId, city: '上海市', address: '上海市徐汇区' }),
    );
    const shId = sh.stored.instrument.id;
    shanghai.recordOwnUse({ instrumentId: shId, start: at('2026-11-20T08:00:00'), end: at('2026-11-20T14:00:00'), external: false });
    shanghai.recordOwnUse({ instrumentId: shId, start: at('2026-11-21T09:00:00'), end: at('2026-11-21T11:00:00'), external: true });
    shanghai.recordOwnUse({ instrumentId: shId, start: at('2025-11-01T09:00:00'), end: at('2025-11-01T11:00:00'), external: true });
    n = shanghai.store.shareable().filter((e) => e.stored.instrument.categoryCode.startsWith('0101')).length;
    await jiangsu.close();
  }, 120_000);
  afterAll(async () => {
    await gw?.close();
    await Promise.all([shanghai?.close(), anhui?.close()]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  let reviewId: string;

  it('records 499,999 CNY as not_required (no review, no evidence) and submits 500,000 CNY for review (Art. 9)', async () => {
    const below = await submit(body(499_999)).expect(201);
    expect(below.body).toMatchObject({
      status: 'not_required',
      unitId: 'jx-u001',
      departmentCode: 'education_bureau',
      valueCny: 499_999,
      reasons: [{ article: 9, code: 'purchase.below_threshold' }],
    });
    expect(below.body.evidence).toBeUndefined();
    const at500k = await submit(body(500_000)).expect(201);
    expect(at500k.body).toMatchObject({ status: 'submitted', valueCny: 500_000, reasons: [{ article: 9, code: 'purchase.review_required' }, { article: 10 }] });
    reviewId = at500k.body.id;
    // A review that needed none cannot be decided.
    const decided = await decide(below.body.id, 'approve', { explanation: '同意' }, t.education).expect(409);
    expect(decided.headers['content-type']).toContain('application/problem+json');
    expect(decided.body).toMatchObject({ status: 409, reviewStatus: 'not_required' });
  }, 30_000);

  it('stores the evidence computed by hand: unit, city, province from our rollups; Shanghai through federation with its freshness; Jiangsu down and Anhui too slow are unavailable', async () => {
    const review = await get(`/api/v1/purchase-reviews/${reviewId}`, t.admin1).expect(200);
    const e = review.body.evidence;
    expect(e).toMatchObject({
      categoryCode: '0101',
      categoryName: '电子光学仪器',
      matching: 'code_prefix',
      from: '2025-11-29',
      to: '2026-11-28',
      asOf: NOW.toISOString(),
    });
    const row = (scope: string, region?: string) => e.rows.find((r: any) => r.scope === scope && (!region || r.region === region));
    expect(row('unit')).toEqual({
      scope: 'unit',
      region: 'jiaxing',
      label: '本单位',
      labelEn: 'this unit',
      unitId: 'jx-u001',
      source: 'local',
      status: 'ok',
      asOf: NOW.toISOString(),
      figures: { instrumentCount: 1, effectiveHours: 5, externalHours: 3, ratedHours: 1600, utilisation: 0.0031, sharingRate: 0.6 },
      idleOnOffer: false,
      idleOffers: [],
    });
    expect(row('city')).toMatchObject({
      region: 'jiaxing',
      source: 'local',
      status: 'ok',
      figures: { instrumentCount: 3, effectiveHours: 8, externalHours: 5, ratedHours: 4800, utilisation: 0.0017, sharingRate: 0.625 },
      idleOnOffer: true,
      idleOffers: [{ instrumentId: F, unitId: 'jx-u002', kind: 'lease', instrumentName: '场发射扫描电子显微镜' }],
    });
    expect(row('province')).toMatchObject({
      region: 'zhejiang',
      source: 'local',
      status: 'ok',
      figures: { instrumentCount: 5, effectiveHours: 12, externalHours: 9, ratedHours: 8000, utilisation: 0.0015, sharingRate: 0.75 },
      idleOnOffer: true,
    });
    expect(n).toBeGreaterThanOrEqual(1);
    expect(row('partner', 'shanghai')).toEqual({
      scope: 'partner',
      region: 'shanghai',
      label: '上海市',
      labelEn: 'Shanghai',
      source: 'federation',
      status: 'ok',
      idleOnOffer: null,
      figures: {
        instrumentCount: n,
        effectiveHours: 8,
        externalHours: 2,
        ratedHours: n * 1600,
        utilisation: Math.round((8 / (n * 1600)) * 10_000) / 10_000,
        sharingRate: 0.25,
      },
      // The node's own as_of (its clock), and when we asked.
      asOf: NOW.toISOString(),
      fetchedAt: NOW.toISOString(),
    });
    expect(row('partner', 'jiangsu')).toEqual({
      scope: 'partner',
      region: 'jiangsu',
      label: '江苏省',
      labelEn: 'Jiangsu',
      source: 'federation',
      status: 'unavailable',
      error: 'UNAVAILABLE',
      errorAt: NOW.toISOString(),
      idleOnOffer: null,
    });
    expect(row('partner', 'anhui')).toMatchObject({ status: 'unavailable', error: 'DEADLINE_EXCEEDED', errorAt: NOW.toISOString() });
    expect(e.rows.map((r: any) => `${r.scope}:${r.region}`)).toEqual([
      'unit:jiaxing',
      'city:jiaxing',
      'province:zhejiang',
      'partner:shanghai',
      'partner:jiangsu',
      'partner:anhui',
    ]);
    // The confidential instrument is nowhere, not even by id.
    expect(JSON.stringify(review.body)).not.toContain(C);
  }, 30_000);

  it('serves IndicatorService to partners from our rollups: Jiaxing only, without the confidential instrument', async () => {
    const call = (req: GetCategoryIndicatorsRequest, token?: string) =>
      new Promise<GetCategoryIndicatorsResponse>((resolve, reject) => {
        const metadata = new grpc.Metadata();
        if (token) metadata.set('authorization', `Bearer ${token}`);
        const client = new IndicatorServiceClient(grpcAddress, grpc.credentials.createInsecure());
        client.getCategoryIndicators(req, metadata, { deadline: Date.now() + 5_000 }, (error, response) => {
          client.close();
          return error ? reject(error) : resolve(response);
        });
      });
    // The city row above: A, B, F; 8 h, 5 h, 4800 h.
    expect(await call({ categoryCode: '0101', from: '2025-11-29', to: '2026-11-28' }, PARTNER_IN_TOKEN('shanghai'))).toEqual({
      instrumentCount: 3,
      effectiveHours: 8,
      externalHours: 5,
      ratedHours: 4800,
      utilisation: 0.0017,
      sharingRate: 0.625,
      asOf: NOW,
    });
    // The class code covers its sub-classes: A, B, F (0101) — D is 0301.
    expect((await call({ categoryCode: '01', from: '2025-11-29', to: '2026-11-28' }, PARTNER_IN_TOKEN('shanghai'))).instrumentCount).toBe(3);
    await expect(call({ categoryCode: '0101', from: '2025-11-29', to: '2026-11-28' })).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
    await expect(call({ categoryCode: 'x1', from: '2025-11-29', to: '2026-11-28' }, PARTNER_IN_TOKEN('shanghai'))).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
    });
    await expect(call({ categoryCode: '0101', from: '2024-01-01', to: '2026-11-28' }, PARTNER_IN_TOKEN('shanghai'))).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
    });
  }, 30_000);

  it('refuses bad requests with 400 naming the fields, never 500', async () => {
    const bad = await submit({ ...body(500_000), categoryCode: '9999', valueCny: '500000', extra: 1 }).expect(400);
    expect(bad.body.violations.map((v: any) => v.field).sort()).toEqual(['categoryCode', 'extra', 'valueCny']);
    await submit(body(500_000, { justification: '' })).expect(400);
    await submit(body(500_000, { intendedUse: 'x'.repeat(2001) })).expect(400);
    await submit(body(0.001)).expect(400);
  }, 30_000);

  it('refuses an idle offer whose terms hold control characters or that has unknown fields: 400 naming them, nothing stored', async () => {
    const offers = () => get('/api/v1/compliance/idle-offers', t.admin2).expect(200);
    const before = (await offers()).body.items.length as number;
    const offer = (payload: object) => request(gw.server).post('/api/v1/compliance/idle-offers').set('Authorization', `Bearer ${t.admin2}`).send(payload);
    // PostgreSQL text cannot hold NUL: the hand check let it through to the write.
    const nul = await offer({ instrumentId: F, kind: 'lease', terms: '按月\u0000出租' }).expect(400);
    expect(nul.headers['content-type']).toContain('application/problem+json');
    expect(nul.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      violations: [{ field: 'terms', message: expect.stringContaining('must not contain control characters') }],
    });
    const unknown = await offer({ instrumentId: F, kind: 'rent', terms: '   ', price: 1 }).expect(400);
    expect(unknown.body.violations.map((v: { field: string }) => v.field).sort()).toEqual(['kind', 'price', 'terms']);
    expect((await offers()).body.items).toHaveLength(before);
  }, 30_000);

  it('lets only a Jiaxing unit admin submit: no token 401, other roles 403', async () => {
    await submit(body(600_000), null).expect(401);
    for (const token of [t.user, t.admin, t.education, t.drc_monitor]) await submit(body(600_000), token).expect(403);
  }, 30_000);

  it('shows the queue by scope: the sector’s department, the unit’s admin, admins; others 404 on the review, 403 by role, 401 without token', async () => {
    const queue = async (token: string) => (await get('/api/v1/purchase-reviews?status=submitted', token).expect(200)).body.items.map((r: any) => r.id);
    expect(await queue(t.education)).toContain(reviewId);
    expect(await queue(t.admin1)).toContain(reviewId);
    expect(await queue(t.admin)).toContain(reviewId);
    expect(await queue(t.health)).not.toContain(reviewId);
    expect(await queue(t.admin2)).not.toContain(reviewId);
    await get(`/api/v1/purchase-reviews/${reviewId}`, t.health).expect(404);
    await get(`/api/v1/purchase-reviews/${reviewId}`, t.admin2).expect(404);
    await get(`/api/v1/purchase-reviews/${reviewId}`, t.education).expect(200);
    await get('/api/v1/purchase-reviews/not-a-uuid', t.admin).expect(404);
    for (const token of [t.user, t.drc_monitor]) {
      await get('/api/v1/purchase-reviews', token).expect(403);
      await get(`/api/v1/purchase-reviews/${reviewId}`, token).expect(403);
    }
    await get('/api/v1/purchase-reviews').expect(401);
    await get('/api/v1/purchase-reviews?status=bogus', t.admin).expect(400);
  }, 30_000);

  it('is decided once by the competent department of the unit’s sector, in writing; the trail is append-only', async () => {
    await decide(reviewId, 'approve', { explanation: '同意' }).expect(401);
    for (const token of [t.admin1, t.admin, t.user]) await decide(reviewId, 'approve', { explanation: '同意' }, token).expect(403);
    await decide(reviewId, 'reject', { explanation: '不同意' }, t.health).expect(404);
    await decide(reviewId, 'approve', {}, t.education).expect(400);
    await decide(reviewId, 'approve', { explanation: 'x'.repeat(2001) }, t.education).expect(400);
    await decide(reviewId, 'approve', { explanation: '同意', extra: true }, t.education).expect(400);
    const rejected = await decide(reviewId, 'reject', { explanation: '本市同类仪器使用率低（0.17%），且有闲置仪器可租用，建议共享使用。' }, t.education).expect(
      200,
    );
    expect(rejected.body).toMatchObject({ status: 'rejected', decision: { outcome: 'rejected', decidedBy: 'department-education_bureau' } });
    await decide(reviewId, 'approve', { explanation: '改判' }, t.education).expect(409);
    const review = await get(`/api/v1/purchase-reviews/${reviewId}`, t.admin1).expect(200);
    expect(review.body.trail.map((e: any) => [e.action, e.actor])).toEqual([
      ['submitted', 'unit_admin-jx-u001'],
      ['rejected', 'department-education_bureau'],
    ]);
    const db = gw.app.get<Database>(DATABASE).db;
    await expect(sql`DELETE FROM purchase_review_events WHERE review_id = ${reviewId}::uuid`.execute(db)).rejects.toThrow(/append-only/);
  }, 30_000);

  it('prints the review as an HTML page in Chinese, escaping what the unit wrote', async () => {
    const created = await submit(body(800_000, { justification: '<script>alert("x")</script> & 机时不足', name: '<b>电镜</b>' })).expect(201);
    const page = await get(`/api/v1/purchase-reviews/${created.body.id}?format=html`, t.education).expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('大型科研仪器购置查重评议');
    expect(page.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 机时不足');
    expect(page.text).toContain('&lt;b&gt;电镜&lt;/b&gt;');
    expect(page.text).not.toContain('<script');
    expect(page.text).not.toContain('<b>');
    // The evidence tables: the unit row's figures, the partner's freshness and the unavailable ones.
    expect(page.text).toContain('本单位');
    expect(page.text).toContain('0.31%');
    expect(page.text).toContain('不可用：UNAVAILABLE');
    await get(`/api/v1/purchase-reviews/${created.body.id}?format=pdf`, t.education).expect(400);
  }, 30_000);
});
