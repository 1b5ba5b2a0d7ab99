import request from 'supertest';
import { SeedCatalogUseCase } from '@app/catalog';
import { COMPLIANCE_QUEUE, ScanDutiesUseCase } from '@app/compliance';
import { instrumentId } from '@app/common';
import { DATABASE, sql, type Database } from '@app/persistence';
import { QueueService } from '@app/queue';
import { RecordUsageSessionUseCase, RollupUsageUseCase, type UsageSessionInput } from '@app/usage';
import { storageModes } from '../support/databases';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';

/**
 * Compliance duties over HTTP on the real gateway and database. The test clock
 * stands at 2026-11-29 (China); the measures take effect on the default
 * 2025-01-01. Every deadline below is counted by hand on the State Council's
 * holiday notices, not by the code under test.
 */
const id = (localId: string, unit = 'jx-u001') => localInstrumentId(unit, localId);
const SH_UNIT = {
  id: 'sh-u001',
  name: '上海光源',
  nameEn: 'Shanghai Synchrotron',
  region: 'shanghai' as const,
  city: '上海市',
  kind: 'institute' as const,
  sector: 'science' as const,
};
const SH = instrumentId('shanghai', 'sh-u001', 'SH-1');
// The hospital's idle instrument that a later test makes confidential.
const G = sem({ localId: 'G', unitId: 'jx-u002', acceptanceDate: '2026-06-01', provincialJoinDate: undefined });

describe.each(storageModes())('compliance duties, reminders and reports (%s)', (mode) => {
  let gw: TestGateway;
  let started: Date;
  let db: Database['db'];
  let tokens: Record<'u1' | 'u2' | 'admin' | 'user' | 'education' | 'health', string>;
  const get = (path: string, token?: string) => {
    const req = request(gw.server).get(`/api/v1/compliance${path}`);
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };
  const post = (path: string, token?: string, body?: object) => {
    const req = request(gw.server).post(`/api/v1/compliance${path}`);
    return (token ? req.set('Authorization', `Bearer ${token}`) : req).send(body);
  };
  const listed = (instrument: string, on: string) => sql`UPDATE instruments SET province_listed_on = ${on}::date WHERE id = ${instrument}`.execute(db);
  const scan = () => gw.app.get(ScanDutiesUseCase).execute();
  const use = (key: string, start: string, end: string, over: Partial<UsageSessionInput> = {}) =>
    gw.app.get(RecordUsageSessionUseCase).execute({
      source: 'booking',
      sourceKey: key,
      instrumentId: id('D'),
      ownerRegion: 'jiaxing',
      ownerUnitId: 'jx-u001',
      categoryCode: '0101',
      requester: { kind: 'unit', unitId: 'jx-u001', region: 'jiaxing' },
      external: false,
      outcome: 'completed',
      start: new Date(start),
      end: new Date(end),
      recordedBy: 'test',
      ...over,
    });
  const remindersOf = async (instrument: string, kind: string) =>
    ((await get(`/reminders?kind=${kind}&limit=500`, tokens.admin).expect(200)).body.items as { instrumentId: string; triggerDate: string }[]).filter(
      (r) => r.instrumentId === instrument,
    );

  beforeAll(async () => {
    gw = await startTestGateway(mode);
    started = gw.clock.now();
    db = gw.app.get<Database>(DATABASE).db;
    await gw.seed(JX_UNITS, [
      // Spring Festival 2026: the unit declares 2026-03-10, the province listed it on 2026-03-23.
      sem({ localId: 'A', acceptanceDate: '2026-02-02', provincialJoinDate: '2026-03-10' }),
      // National Day 2025: declared joined, but the province never listed it.
      sem({ localId: 'B', acceptanceDate: '2025-09-15', provincialJoinDate: '2025-10-20' }),
      // Accepted before the measures took effect (Art. 24); no fee standard.
      sem({ localId: 'C', acceptanceDate: '2024-12-20', provincialJoinDate: undefined, fee: undefined }),
      sem({ localId: 'D', acceptanceDate: '2026-10-09', provincialJoinDate: undefined }),
      sem({ localId: 'F', acceptanceDate: '2026-11-02', valueCny: 500_000, confidentiality: { status: 'confidential' } }),
      sem({ localId: 'E', unitId: 'jx-u002', acceptanceDate: '2026-06-01', provincialJoinDate: undefined }),
      G,
    ]);
    await gw.app.get(SeedCatalogUseCase).execute({
      region: 'shanghai',
      sourcePlatform: 'shanghai',
      units: [SH_UNIT],
      instruments: [sem({ localId: 'SH-1', unitId: 'sh-u001', city: '上海市', acceptanceDate: '2026-02-02', provincialJoinDate: '2026-04-30' })],
    });
    await listed(id('A'), '2026-03-23');
    await listed(id('C'), '2025-02-17');
    await listed(id('D'), '2026-10-20');
    await listed(id('E', 'jx-u002'), '2026-06-10');
    await listed(id('G', 'jx-u002'), '2026-06-10');
    // D's one use so far, before any scan: 2 h by another unit.
    await use('d-1', '2026-10-10T09:00:00+08:00', '2026-10-10T11:00:00+08:00', {
      requester: { kind: 'unit', unitId: 'jx-u002', region: 'jiaxing' },
      external: true,
      feeChargedFen: 50_000,
    });
    tokens = {
      u1: await gw.token('unit_admin', 'jx-u001', 'admin-of-u001'),
      u2: await gw.token('unit_admin', 'jx-u002', 'admin-of-u002'),
      admin: await gw.token('admin'),
      user: await gw.token('user', 'jx-u001'),
      education: await gw.departmentToken('education_bureau'),
      health: await gw.departmentToken('health_commission'),
    };
  }, 60_000);
  afterEach(() => gw.clock.set(started));
  afterAll(async () => {
    await gw?.close();
  });

  it('Art. 13 across the Spring Festival: 30 working days after 2026-02-02 end on 2026-03-20, and the province listing of 2026-03-23 is late whatever the unit declared', async () => {
    // Feb 3-6 (4), 9-13 (9), Sat 14 worked (10), 15-23 off, 24-27 (14), Sat 28 worked (15), Mar 2-6 (20), 9-13 (25), 16-20 (30).
    const res = await get(`/instruments/${encodeURIComponent(id('A'))}`, tokens.u1).expect(200);
    expect(res.body.onboarding).toMatchObject({ outcome: 'late', deadline: '2026-03-20', provinceListedOn: '2026-03-23' });
    expect(res.body.onboarding.reasons.map((r: { code: string }) => r.code)).toEqual(
      expect.arrayContaining(['onboarding.late', 'onboarding.declared_date_not_evidence']),
    );
    expect(res.body.onboarding.reasons.every((r: { article: number }) => Number.isInteger(r.article))).toBe(true);
  });

  it('Art. 13 across National Day: 30 working days after 2025-09-15 end on 2025-10-31; a declared date without a province listing is overdue', async () => {
    // Sep 16-19 (4), 22-26 (9), Sun 28 worked (10), 29-30 (12), Oct 1-8 off, 9-10 (14), Sat 11 worked (15), 13-17 (20), 20-24 (25), 27-31 (30).
    const res = await get(`/instruments/${encodeURIComponent(id('B'))}`, tokens.u1).expect(200);
    expect(res.body.onboarding).toMatchObject({ outcome: 'overdue', deadline: '2025-10-31' });
    expect(res.body.onboarding.provinceListedOn).toBeUndefined();
  });

  it('Art. 24: accepted before the effective date, the clock starts on 2025-01-01 (deadline 2025-02-18), so a listing on 2025-02-17 is on time', async () => {
    // Jan 2-3 (2), 6-10 (7), 13-17 (12), 20-24 (17), Sun 26 worked (18), 27 (19), Jan 28-Feb 4 off, 5-7 (22), Sat 8 worked (23), 10-14 (28), 17-18 (30).
    const res = await get(`/instruments/${encodeURIComponent(id('C'))}`, tokens.u1).expect(200);
    expect(res.body.onboarding).toMatchObject({ outcome: 'on_time', deadline: '2025-02-18' });
    expect(res.body.onboarding.reasons.map((r: { article: number }) => r.article)).toContain(24);
    // No fee standard three months after listing: overdue since 2025-05-17.
    expect(res.body.serviceTerms).toMatchObject({ outcome: 'overdue', deadline: '2025-05-17' });
  });

  it("a Shanghai instrument shows its own platform's facts and no Jiaxing deadline, and gets no reminder", async () => {
    const res = await get(`/instruments/${encodeURIComponent(SH)}`, tokens.admin).expect(200);
    expect(res.body).toMatchObject({ region: 'shanghai', platformFacts: { sourcePlatform: 'shanghai', provincialJoinDate: '2026-04-30' } });
    expect(res.body.onboarding).toBeUndefined();
    expect(res.body.serviceTerms).toBeUndefined();
    expect(res.body.idle).toBeUndefined();
    // The first scan of this suite runs as the queued daily job.
    const queues = gw.app.get(QueueService);
    await queues.add(COMPLIANCE_QUEUE, 'scan-duties', {});
    await queues.drained(COMPLIANCE_QUEUE);
    expect((await get('/reminders?limit=500', tokens.admin).expect(200)).body.items.length).toBeGreaterThan(0);
    const all = (await get('/reminders?limit=500', tokens.admin).expect(200)).body.items as { instrumentId: string }[];
    expect(all.some((r) => r.instrumentId === SH)).toBe(false);
    // A unit admin of a Jiaxing unit does not read it.
    await get(`/instruments/${encodeURIComponent(SH)}`, tokens.u1).expect(404);
  });

  it('the daily scan (first run as the queued job, in the test above) creates the Art. 13 reminders once, on the missed deadline', async () => {
    await scan();
    expect(await remindersOf(id('B'), 'onboarding_overdue')).toMatchObject([{ triggerDate: '2025-10-31' }]);
    expect(await remindersOf(id('C'), 'service_terms_overdue')).toMatchObject([{ triggerDate: '2025-05-17' }]);
    // Late but listed, confidential: nothing to remind of.
    expect(await remindersOf(id('A'), 'onboarding_overdue')).toEqual([]);
    const all = (await get('/reminders?limit=500', tokens.admin).expect(200)).body.items as { instrumentId: string }[];
    expect(all.some((r) => r.instrumentId === id('F'))).toBe(false);
  });

  it('Art. 15: an idle month makes exactly one reminder, a retry or two workers none, a new idle month after use a new one', async () => {
    // Last used 2026-10-10: idle from 2026-11-10.
    await scan();
    expect(await remindersOf(id('D'), 'idle')).toMatchObject([{ triggerDate: '2026-10-10' }]);
    // The job again, then two runs at once (two workers, a retry): nothing new anywhere.
    expect((await scan()).created).toEqual({ onboarding_overdue: 0, service_terms_overdue: 0, idle: 0 });
    const both = await Promise.all([scan(), scan()]);
    expect(both.map((r) => r.created.idle)).toEqual([0, 0]);
    expect(await remindersOf(id('D'), 'idle')).toHaveLength(1);

    // Used yesterday: not idle, nothing new.
    await use('d-2', '2026-11-28T10:00:00+08:00', '2026-11-28T11:00:00+08:00');
    expect((await scan()).created.idle).toBe(0);
    expect(await remindersOf(id('D'), 'idle')).toHaveLength(1);

    // A month and more later without use: a new reminder on the new last use.
    gw.clock.set(new Date('2027-01-05T04:00:00Z'));
    await scan();
    expect((await remindersOf(id('D'), 'idle')).map((r) => r.triggerDate).sort()).toEqual(['2026-10-10', '2026-11-28']);
  });

  it('documents every compliance route in OpenAPI', async () => {
    const paths = Object.keys((await request(gw.server).get('/api/openapi.json').expect(200)).body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/compliance/reminders',
        '/api/v1/compliance/reminders/{id}/acknowledge',
        '/api/v1/compliance/overview',
        '/api/v1/compliance/instruments/{id}',
        '/api/v1/compliance/departments/{code}/quarterly',
        '/api/v1/compliance/idle-offers',
        '/api/v1/compliance/idle-offers/{id}/withdraw',
      ]),
    );
  });

  describe('who reads the reminders', () => {
    it('a unit admin its own unit, a department its sector, an admin all; other roles 403, no token 401', async () => {
      await scan();
      const units = async (token: string) =>
        new Set(((await get('/reminders?limit=500', token).expect(200)).body.items as { unitId: string }[]).map((r) => r.unitId));
      expect(await units(tokens.u1)).toEqual(new Set(['jx-u001']));
      expect(await units(tokens.u2)).toEqual(new Set(['jx-u002']));
      expect(await units(tokens.education)).toEqual(new Set(['jx-u001']));
      expect(await units(tokens.health)).toEqual(new Set(['jx-u002']));
      expect(await units(tokens.admin)).toEqual(new Set(['jx-u001', 'jx-u002']));
      const denied = await get('/reminders', tokens.user).expect(403);
      expect(denied.headers['content-type']).toMatch(/application\/problem\+json/);
      await get('/reminders').expect(401);
      await get('/reminders?kind=bogus', tokens.admin).expect(400);
      await get('/reminders?knd=idle', tokens.admin).expect(400);
    });

    it("acknowledge: only the admin of the reminder's unit", async () => {
      await scan();
      const [reminder] = (await get('/reminders?kind=idle', tokens.u2).expect(200)).body.items;
      await post(`/reminders/${reminder.id}/acknowledge`, tokens.u1).expect(404);
      await post(`/reminders/${reminder.id}/acknowledge`, tokens.admin).expect(403);
      await post(`/reminders/${reminder.id}/acknowledge`, tokens.health).expect(403);
      await post(`/reminders/${reminder.id}/acknowledge`).expect(401);
      await post('/reminders/not-a-uuid/acknowledge', tokens.u2).expect(404);
      const ack = await post(`/reminders/${reminder.id}/acknowledge`, tokens.u2).expect(200);
      expect(ack.body).toMatchObject({ id: reminder.id, acknowledgedBy: 'admin-of-u002' });
      const again = await post(`/reminders/${reminder.id}/acknowledge`, tokens.u2).expect(200);
      expect(again.body.acknowledgedAt).toBe(ack.body.acknowledgedAt);
      expect((await get('/reminders?status=open', tokens.u2).expect(200)).body.items.some((r: { id: string }) => r.id === reminder.id)).toBe(false);
    });

    it("a confidential instrument's duties are its own unit's and admins': its department gets the 404 of a missing id", async () => {
      const path = `/instruments/${encodeURIComponent(id('F'))}`;
      await get(path, tokens.u1).expect(200);
      await get(path, tokens.admin).expect(200);
      await get(`/instruments/${encodeURIComponent(id('D'))}`, tokens.education).expect(200);
      const hidden = await get(path, tokens.education).expect(404);
      const missing = await get(`/instruments/${encodeURIComponent(id('no-such'))}`, tokens.education).expect(404);
      expect(hidden.body.type).toBe(missing.body.type);
    });

    it("a unit_admin token naming a unit that is not Jiaxing's (or no known unit) reads no compliance: 403, as any user", async () => {
      for (const token of [await gw.token('unit_admin', 'sh-u001'), await gw.token('unit_admin', 'jx-nowhere')]) {
        await get(`/instruments/${encodeURIComponent(SH)}`, token).expect(403);
        await get('/reminders', token).expect(403);
        await get('/overview', token).expect(403);
      }
    });

    it('overview: counts per unit within the same scope', async () => {
      await scan();
      const mine = (await get('/overview', tokens.u1).expect(200)).body.units as { unitId: string; open: Record<string, number> }[];
      expect(mine.map((u) => u.unitId)).toEqual(['jx-u001']);
      expect(mine[0].open.onboarding_overdue).toBe(1);
      expect(((await get('/overview', tokens.health).expect(200)).body.units as { unitId: string }[]).map((u) => u.unitId)).toEqual(['jx-u002']);
      expect(((await get('/overview', tokens.admin).expect(200)).body.units as { unitId: string }[]).map((u) => u.unitId)).toEqual(['jx-u001', 'jx-u002']);
      await get('/overview', tokens.user).expect(403);
      await get('/overview').expect(401);
    });
  });

  it('idle offers: the owning unit offers its idle instrument, others see and cannot withdraw it', async () => {
    const body = { instrumentId: id('E', 'jx-u002'), kind: 'lease', terms: '按月租赁，含操作培训' };
    await post('/idle-offers', tokens.u1, body).expect(403);
    await post('/idle-offers', tokens.user, body).expect(403);
    await post('/idle-offers', undefined, body).expect(401);
    await post('/idle-offers', tokens.u2, { ...body, price: 1 }).expect(400);
    await post('/idle-offers', tokens.u1, { instrumentId: id('F'), kind: 'transfer', terms: 'x' }).expect(422);
    const created = await post('/idle-offers', tokens.u2, body).expect(201);
    await post('/idle-offers', tokens.u2, body).expect(409);
    const list = await get('/idle-offers', tokens.user).expect(200);
    expect(list.body.items).toMatchObject([{ id: created.body.id, instrumentId: id('E', 'jx-u002'), kind: 'lease', unitId: 'jx-u002' }]);
    await get('/idle-offers').expect(401);
    await post(`/idle-offers/${created.body.id}/withdraw`, tokens.u1).expect(403);
    await post(`/idle-offers/${created.body.id}/withdraw`, tokens.u2).expect(200);
    expect((await get('/idle-offers', tokens.user).expect(200)).body.items).toEqual([]);
  });

  it('Art. 14 quarterly report of a department: its units, purchases, listings, idle and sharing from the rollups (JSON and CSV)', async () => {
    // The confidential F used in the quarter, externally and for a fee: none of it is the department's to see (Arts. 2, 11).
    await use('f-1', '2026-11-03T09:00:00+08:00', '2026-11-03T13:00:00+08:00', {
      instrumentId: id('F'),
      requester: { kind: 'unit', unitId: 'jx-u002', region: 'jiaxing' },
      external: true,
      feeChargedFen: 200_000,
    });
    const rollup = gw.app.get(RollupUsageUseCase);
    do await rollup.execute();
    while ((await rollup.backlog()) > 0);
    const res = await get('/departments/education_bureau/quarterly?year=2026&quarter=4', tokens.education).expect(200);
    expect(res.body).toMatchObject({ department: { code: 'education_bureau' }, from: '2026-10-01', to: '2026-12-31', asOf: '2026-11-29' });
    expect(res.body.units).toEqual([
      {
        unitId: 'jx-u001',
        unitName: '嘉兴学院',
        // D (3,200,000) was accepted in the quarter; so was the confidential F, which the department is not told of.
        purchased: { count: 1, valueCny: 3_200_000 },
        inScope: 4, // A, B, C, D (F is excluded)
        listed: 3, // A, C, D
        overdueListings: 1, // B
        lateListings: 1, // A
        idle: 3, // A, B, C never used; D used on 2026-11-28
        // D: 2 h external on 2026-10-10 (fee 500 CNY), 1 h internal on 2026-11-28; F's 4 h are not in it.
        sharing: { effectiveHours: 3, externalHours: 2, sharingRate: 0.6667, sessions: 2, feeIncomeCny: 500 },
      },
    ]);
    const csv = await get('/departments/education_bureau/quarterly?year=2026&quarter=4&format=csv', tokens.admin).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'unit_id,unit_name,purchased_count,purchased_value_cny,in_scope,listed,overdue_listings,late_listings,idle,effective_hours,external_hours,sharing_rate,sessions,fee_income_cny',
    );
    expect(lines[1]).toBe('jx-u001,嘉兴学院,1,3200000,4,3,1,1,3,3,2,0.6667,2,500');
    expect(lines[2]).toMatch(/^TOTAL,/);

    await get('/departments/health_commission/quarterly?year=2026&quarter=4', tokens.education).expect(403);
    await get('/departments/education_bureau/quarterly?year=2026&quarter=4', tokens.u1).expect(403);
    await get('/departments/education_bureau/quarterly?year=2026&quarter=4').expect(401);
    await get('/departments/health_commission/quarterly?year=2026&quarter=4', tokens.admin).expect(200);
    await get('/departments/education_bureau/quarterly?year=2026&quarter=5', tokens.education).expect(400);
    await get('/departments/nowhere/quarterly?year=2026&quarter=4', tokens.admin).expect(404);
    await get('/departments/education_bureau/quarterly?year=2026', tokens.admin).expect(400);
    await get('/departments/education_bureau/quarterly?year=2027&quarter=1', tokens.admin).expect(400);
  });

  it("reminders of an instrument made confidential since leave its department's list and overview; its own unit's admins and admins keep them", async () => {
    await scan();
    const g = id('G', 'jx-u002');
    const remindersOfG = async (token: string) =>
      ((await get('/reminders?limit=500', token).expect(200)).body.items as { instrumentId: string }[]).filter((r) => r.instrumentId === g);
    const idleTotal = async (token: string) =>
      ((await get('/overview', token).expect(200)).body.units as { unitId: string; total: Record<string, number> }[]).find((u) => u.unitId === 'jx-u002')?.total
        .idle ?? 0;
    const shown = (await remindersOfG(tokens.health)).length;
    expect(shown).toBeGreaterThan(0);
    const before = await idleTotal(tokens.health);

    await request(gw.server)
      .put(`/api/v1/instruments/${encodeURIComponent(g)}`)
      .set('Authorization', `Bearer ${tokens.u2}`)
      .send({ ...G, confidentiality: { status: 'confidential', note: '承担涉密任务' } })
      .expect(200);

    expect(await remindersOfG(tokens.health)).toEqual([]);
    expect(await idleTotal(tokens.health)).toBe(before - shown);
    expect(await remindersOfG(tokens.u2)).toHaveLength(shown);
    expect(await remindersOfG(tokens.admin)).toHaveLength(shown);
    expect(await idleTotal(tokens.u2)).toBe(before);
  });
});
