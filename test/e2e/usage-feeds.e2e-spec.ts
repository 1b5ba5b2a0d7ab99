import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import request from 'supertest';
import { BookingServiceClient, UsageOutcome, UsageServiceClient, type Booking, type UsageRecord } from '@app/contracts';
import { startGrpc } from '@app/grpc';
import { DATABASE, sql, type Database } from '@app/persistence';
import { ProvinceClient, type ProvinceUsageSession } from '@app/province-client';
import { RecordUsageSessionUseCase } from '@app/usage';
import { PullUsageFeedUseCase } from '@app/usage-feeds';
import { startProvinceSim, type ProvinceSim } from '../../apps/province-sim/src/province-sim';
import { GATEWAY_OUT_TOKEN, PARTNER_IN_TOKEN, eventually, startTestPartners, type TestPartners } from '../support/federation';
import { JX_UNITS, TEST_TODAY, sem, startTestGateway, type TestGateway } from '../support/gateway';

const at = (day: number, hour: number) => `2026-12-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`;
const PROVINCE_TOKEN = 'gateway-to-province-0123456789';
const BEFORE = new Date(`${TEST_TODAY}T04:00:00Z`);
const AFTER = new Date('2026-12-20T04:00:00Z');

/**
 * Usage across platforms on loopback: the gateway pulls a real partner node's
 * UsageService and the province simulator's session feed into its usage
 * sessions (mapped to our own bookings), and serves each partner the sessions
 * of its own bookings on our instruments.
 */
describe('usage feeds from partners and the province, and ours to partners', () => {
  let partners: TestPartners;
  let sim: ProvinceSim;
  let gw: TestGateway;
  let user: string;
  let monitor: string;
  let address: string;
  let free: string[];

  beforeAll(async () => {
    partners = await startTestPartners([
      { region: 'shanghai', count: 120, seed: 5 },
      { region: 'jiangsu', count: 30, seed: 6 },
    ]);
    sim = await startProvinceSim({ token: PROVINCE_TOKEN, count: 40, seed: 7 });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'partners-usage-')), 'partners.json');
    const grpcPartners = JSON.parse(fs.readFileSync(partners.file, 'utf8'));
    fs.writeFileSync(
      file,
      JSON.stringify([
        ...grpcPartners,
        {
          id: 'zhejiang',
          region: 'zhejiang',
          protocol: 'openapi',
          address: sim.url,
          inboundToken: 'province-to-gateway-0123456789',
          outboundToken: PROVINCE_TOKEN,
          pullIntervalMs: 300,
          deadlineMs: 3_000,
        },
      ]),
    );
    gw = await startTestGateway('embedded', { PARTNERS_FILE: file, GRPC_PORT: '0', BOOKING_SWEEP_INTERVAL_MS: '300' });
    await gw.seed(JX_UNITS, [sem()]);
    address = `127.0.0.1:${await startGrpc(gw.app)}`;
    user = await gw.token('user', 'jx-u002', 'user-0042');
    monitor = await gw.token('drc_monitor');
    free = partners.nodes.shanghai.store
      .shareable()
      .map((e) => e.stored.instrument)
      .filter((i) => !i.requiresOwnerApproval && i.fee?.unit === 'hour')
      .map((i) => i.id);
    await eventually(
      () =>
        request(gw.server)
          .get(`/api/v1/instruments/${free[1]}`)
          .then((r) => r.status),
      (s) => s === 200,
    );
  }, 90_000);
  afterAll(async () => {
    await gw?.close();
    await partners?.close();
    await sim?.close();
  });

  const feeds = () =>
    request(gw.server)
      .get('/api/v1/federation/usage-feeds')
      .set('Authorization', `Bearer ${monitor}`)
      .expect(200)
      .then((r) => r.body.items as Record<string, any>[]);
  const feed = async (source: string) => (await feeds()).find((f) => f.source === source)!;
  const session = (source: string, key: string) => gw.app.get(RecordUsageSessionUseCase).bySource(source, key);
  /** One pull that ran to its end (not skipped because a scheduled one held the feed). */
  const pullNow = async (sourceId: string) =>
    eventually(
      () => gw.app.get(PullUsageFeedUseCase).execute(sourceId),
      (o) => o !== 'busy',
    );
  const count = async (source: string) => {
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM usage_sessions WHERE source = ${source}`.execute(gw.app.get<Database>(DATABASE).db);
    return Number(rows[0].n);
  };
  const meta = (token: string) => {
    const m = new grpc.Metadata();
    m.set('authorization', `Bearer ${token}`);
    return m;
  };

  /** A Jiaxing user's booking of a Shanghai instrument, forwarded and confirmed there; its id at the partner. */
  const forwarded = async (instrumentId: string, day: number, key: string) => {
    gw.clock.set(BEFORE);
    const created = await request(gw.server)
      .post('/api/v1/bookings')
      .set('Authorization', `Bearer ${user}`)
      .set('Idempotency-Key', key)
      .send({ instrumentId, start: at(day, 9), end: at(day, 11), purpose: '表征纳米颗粒形貌' })
      .expect(201);
    const done = await eventually(
      () =>
        request(gw.server)
          .get(`/api/v1/bookings/${created.body.id}`)
          .set('Authorization', `Bearer ${user}`)
          .then((r) => r.body),
      (b) => b.status !== 'forwarding',
    );
    expect(done.status).toBe('confirmed');
    return { id: created.body.id as string, remote: done.remoteBookingId as string };
  };

  let ours: { id: string; remote: string };
  let sessionId: string;

  it('stores the Shanghai platform’s session of a Jiaxing user’s forwarded booking once: our user’s unit, jiaxing → shanghai, the fee charged', async () => {
    ours = await forwarded(free[0], 10, 'usage-feed-0001');
    const node = partners.nodes.shanghai;
    sessionId = node.recordUsage(ours.remote, { feeChargedFen: 88_800, samples: 2 })!.sessionId;
    gw.clock.set(AFTER);
    const stored = await eventually(
      () => session('partner:shanghai', sessionId),
      (s) => s !== undefined,
    );
    const instrument = await request(gw.server).get(`/api/v1/instruments/${free[0]}`).expect(200);
    expect(stored).toMatchObject({
      instrumentId: free[0],
      ownerRegion: 'shanghai',
      ownerUnitId: instrument.body.unitId,
      requester: { kind: 'unit', unitId: 'jx-u002', region: 'jiaxing' },
      external: true,
      outcome: 'completed',
      start: new Date(at(10, 9)),
      end: new Date(at(10, 11)),
      feeChargedFen: 88_800,
      samples: 2,
      bookingId: ours.id,
      version: 1,
    });
    const health = await eventually(
      () => feed('partner:shanghai'),
      (f) => f.sessionsStored === 1 && f.status === 'ok',
    );
    expect(health).toMatchObject({ region: 'shanghai', rejected: 0, consecutiveFailures: 0, lagSeconds: expect.any(Number), cursor: expect.any(String) });

    // Pulling again stores nothing new.
    expect(await pullNow('shanghai')).toBe('synced');
    expect(await count('partner:shanghai')).toBe(1);
    expect((await feed('partner:shanghai')).sessionsStored).toBe(1);
  }, 60_000);

  it('replaces the session with the partner’s correction (a greater version)', async () => {
    partners.nodes.shanghai.recordUsage(ours.remote, { samples: 5, feeChargedFen: 90_000 });
    const corrected = await eventually(
      () => session('partner:shanghai', sessionId),
      (s) => s?.version === 2,
    );
    expect(corrected).toMatchObject({ samples: 5, feeChargedFen: 90_000, requester: { unitId: 'jx-u002' } });
    expect(await count('partner:shanghai')).toBe(1);
    expect(
      await eventually(
        () => feed('partner:shanghai'),
        (f) => f.sessionsCorrected === 1,
      ),
    ).toMatchObject({ sessionsStored: 1 });
  }, 60_000);

  it('rejects and counts a session of a booking we never made (a key we never sent), storing nothing', async () => {
    gw.clock.set(BEFORE);
    const node = partners.nodes.shanghai;
    // Someone else booked with our credentials' channel but a key of their own: the partner reports it to us.
    const theirs = await new Promise<Booking>((resolve, reject) =>
      new BookingServiceClient(node.address, grpc.credentials.createInsecure()).createBooking(
        {
          idempotencyKey: 'not-a-jiaxing-key-1',
          instrumentId: free[1],
          window: { start: new Date(at(12, 9)), end: new Date(at(12, 10)) },
          requester: { pseudonymousId: 'p-1', unitId: '', unitName: '' },
          purpose: 'XRD',
          sampleDescription: '',
        },
        meta(GATEWAY_OUT_TOKEN('shanghai')),
        { deadline: Date.now() + 5_000 },
        (e, r) => (e ? reject(e) : resolve(r!.booking!)),
      ),
    );
    const foreign = node.recordUsage(theirs.id, {})!;
    gw.clock.set(AFTER);
    const health = await eventually(
      () => feed('partner:shanghai'),
      (f) => f.rejected === 1,
    );
    expect(health.rejections[0]).toMatchObject({ sourceKey: foreign.sessionId, instrumentId: free[1], reason: expect.stringContaining('not sent by us') });
    expect(await session('partner:shanghai', foreign.sessionId)).toBeUndefined();
    expect(await count('partner:shanghai')).toBe(1);
  }, 60_000);

  it('replays without double counting after a crash between storing the sessions and advancing the cursor', async () => {
    const before = await feed('partner:shanghai');
    const db = gw.app.get<Database>(DATABASE).db;
    // What a crash leaves: the sessions committed, the cursor (and its counters) not.
    await gw.app.get<Database>(DATABASE).withSessionLock('usage-feeds:partner:shanghai', async () => {
      await sql`UPDATE usage_feed_positions SET cursor = NULL WHERE source = 'partner:shanghai'`.execute(db);
    });
    await pullNow('shanghai');
    const after = await eventually(
      () => feed('partner:shanghai'),
      (f) => f.cursor !== null,
    );
    expect(await count('partner:shanghai')).toBe(1);
    expect((await session('partner:shanghai', sessionId))?.version).toBe(2);
    expect(after).toMatchObject({ sessionsStored: before.sessionsStored, sessionsCorrected: before.sessionsCorrected, rejected: before.rejected });
  }, 60_000);

  /** Runs `work` while holding the feed's pull lock: no pull sees the partner's state half-made. */
  const withoutPulls = (source: string, work: () => Promise<void>) =>
    eventually(
      () => gw.app.get<Database>(DATABASE).withSessionLock(`usage-feeds:${source}`, async () => (await work(), 'done' as const)),
      (r) => r === 'done',
    );
  const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

  it('refuses a second session for one of our bookings (same key, another session id) and goes on with the records after it', async () => {
    const node = partners.nodes.shanghai;
    const first = await forwarded(free[2], 17, 'usage-feed-dup-1');
    const later = await forwarded(free[3], 18, 'usage-feed-dup-2');
    let a!: { sessionId: string };
    let c!: { sessionId: string };
    await withoutPulls('partner:shanghai', async () => {
      // The partner streams every session twice: `a`, then `a-dup` with the same key `yrd-jiaxing-<first>`; then `c`, `c-dup`.
      node.setFault('duplicate-usage');
      a = node.recordUsage(first.remote)!;
      c = node.recordUsage(later.remote)!;
      gw.clock.set(AFTER);
    });
    try {
      expect(
        await eventually(
          () => session('partner:shanghai', c.sessionId),
          (s) => s !== undefined,
        ),
      ).toMatchObject({ bookingId: later.id });
    } finally {
      node.setFault('none');
    }
    expect(await session('partner:shanghai', a.sessionId)).toMatchObject({ bookingId: first.id });
    expect(await session('partner:shanghai', `${a.sessionId}-dup`)).toBeUndefined();
    // Healthy: the pull after the refusals ran to its end (not failing on the second session of one booking).
    const health = await eventually(
      () => feed('partner:shanghai'),
      (f) => f.status === 'ok' && f.rejections.some((r: any) => r.sourceKey === `${c.sessionId}-dup`),
    );
    expect(health.consecutiveFailures).toBe(0);
    expect(health.lastError).toBeUndefined();
    expect(health.rejections.find((r: any) => r.sourceKey === `${a.sessionId}-dup`)).toMatchObject({ reason: expect.stringMatching(/^CONFLICT: .*used once/) });
  }, 60_000);

  it('refuses a partner’s session of a booking we cancelled', async () => {
    const node = partners.nodes.shanghai;
    const booked = await forwarded(free[4], 19, 'usage-feed-cancel-1');
    let s!: { sessionId: string };
    await withoutPulls('partner:shanghai', async () => {
      // The partner records use of the window, and our user cancels the booking before it starts.
      s = node.recordUsage(booked.remote)!;
      const cancelled = await request(gw.server).post(`/api/v1/bookings/${booked.id}/cancel`).set('Authorization', `Bearer ${user}`).send({});
      expect([cancelled.status, cancelled.body.status]).toEqual([200, 'cancelled']);
      gw.clock.set(AFTER);
    });
    const health = await eventually(
      () => feed('partner:shanghai'),
      (f) => f.rejections.some((r: any) => r.sourceKey === s.sessionId),
    );
    expect(health.rejections.find((r: any) => r.sourceKey === s.sessionId)).toMatchObject({ reason: expect.stringMatching(/^CONFLICT: .*cancelled/) });
    expect(await session('partner:shanghai', s.sessionId)).toBeUndefined();
  }, 60_000);

  it('shows the feeds’ health to the DRC, the department and admins only, without our booking ids or raw errors', async () => {
    const get = (token: string) => request(gw.server).get('/api/v1/federation/usage-feeds').set('Authorization', `Bearer ${token}`);
    for (const role of ['user', 'unit_admin', 'customs_officer'] as const) expect((await get(await gw.token(role))).status).toBe(403);
    expect((await get(await gw.token('admin'))).status).toBe(200);
    expect((await get(await gw.departmentToken('education_bureau'))).status).toBe(200);
    const shanghai = await feed('partner:shanghai');
    // The refusals above named our bookings (a second session, a cancelled one): the reasons say what, not which.
    expect(shanghai.rejections.length).toBeGreaterThanOrEqual(4);
    for (const r of shanghai.rejections) {
      expect(r.reason).toMatch(/^[A-Z_]+: /);
      expect(r.reason).not.toMatch(UUID);
    }
  }, 30_000);

  it('stores the province’s sessions with zhejiang as owner region and never one of our unit ids from its word', async () => {
    const items: ProvinceUsageSession[] = [];
    for await (const page of new ProvinceClient({ baseUrl: sim.url, token: PROVINCE_TOKEN }).usageSessions(undefined, { limit: 1000 }))
      items.push(...page.items);
    const completed = items.filter((s) => s.outcome === 'completed');
    const health = await eventually(
      () => feed('province'),
      (f) => f.status === 'ok' && f.sessionsStored === completed.length,
      80_000,
    );
    // The provincial feed gives a no-show no booked start: refused with that reason, counted.
    expect(health.rejected).toBe(items.length - completed.length);
    expect(health.rejections[0].reason).toMatch(/no booked start/);
    const sample = completed.find((s) => s.requesterRegion === 'zhejiang' && s.requesterUnitId)!;
    expect(await session('province', sample.id)).toMatchObject({
      ownerRegion: 'zhejiang',
      instrumentId: sample.instrumentId,
      requester: { kind: 'unit', unitId: sample.requesterUnitId, region: 'zhejiang' },
    });
    const { rows } = await sql<{
      n: string;
    }>`SELECT count(*) AS n FROM usage_sessions WHERE source = 'province' AND (owner_region <> 'zhejiang' OR requester_unit_id LIKE 'jx-%')`.execute(
      gw.app.get<Database>(DATABASE).db,
    );
    expect(Number(rows[0].n)).toBe(0);
  }, 90_000);

  it('serves each partner only the sessions of its own bookings on our instruments, from sealed cursors', async () => {
    gw.clock.set(BEFORE);
    const instrumentId = 'jiaxing:jx-u001.JX-SEM-001';
    const book = (token: string, key: string, day: number) =>
      new Promise<Booking>((resolve, reject) =>
        new BookingServiceClient(address, grpc.credentials.createInsecure()).createBooking(
          {
            idempotencyKey: key,
            instrumentId,
            window: { start: new Date(at(day, 9)), end: new Date(at(day, 10)) },
            requester: { pseudonymousId: 'p-9', unitId: '', unitName: '' },
            purpose: 'SEM',
            sampleDescription: '',
          },
          meta(token),
          { deadline: Date.now() + 5_000 },
          (e, r) => (e ? reject(e) : resolve(r!.booking!)),
        ),
      );
    const sh = await book(PARTNER_IN_TOKEN('shanghai'), 'sh-key-1', 14);
    const js = await book(PARTNER_IN_TOKEN('jiangsu'), 'js-key-1', 15);
    const local = await request(gw.server)
      .post('/api/v1/bookings')
      .set('Authorization', `Bearer ${user}`)
      .set('Idempotency-Key', 'local-key-0001')
      .send({ instrumentId, start: at(16, 9), end: at(16, 10), purpose: '表征纳米颗粒形貌' });
    expect([local.status, local.body.detail]).toEqual([201, undefined]);
    gw.clock.set(AFTER);
    const record = gw.app.get(RecordUsageSessionUseCase);
    const close = (
      bookingId: string,
      channel: string,
      day: number,
      fee: number,
      requester: { kind: 'unit'; unitId?: string; region?: 'jiaxing' | 'shanghai' | 'jiangsu' },
    ) =>
      record.execute({
        source: 'booking',
        sourceKey: bookingId,
        instrumentId,
        ownerRegion: 'jiaxing',
        ownerUnitId: 'jx-u001',
        categoryCode: '0101',
        requester,
        external: true,
        outcome: 'completed',
        start: new Date(at(day, 9)),
        end: new Date(at(day, 10)),
        feeChargedFen: fee,
        samples: 3,
        bookingId,
        bookingChannel: channel,
        recordedBy: 'unit_admin-jx-u001',
      });
    await close(sh.id, 'partner:shanghai', 14, 50_000, { kind: 'unit', region: 'shanghai' });
    await close(js.id, 'partner:jiangsu', 15, 60_000, { kind: 'unit', region: 'jiangsu' });
    await close(local.body.id, 'http', 16, 50_000, { kind: 'unit', unitId: 'jx-u002', region: 'jiaxing' });

    const list = (token: string, cursor = '', limit = 0) =>
      new Promise<UsageRecord[]>((resolve, reject) => {
        const out: UsageRecord[] = [];
        const call = new UsageServiceClient(address, grpc.credentials.createInsecure()).listUsage({ cursor, limit }, meta(token), {
          deadline: Date.now() + 5_000,
        });
        call.on('data', (r: UsageRecord) => out.push(r));
        call.on('error', reject);
        call.on('end', () => resolve(out));
      });
    const shanghai = await list(PARTNER_IN_TOKEN('shanghai'));
    expect(shanghai).toEqual([
      {
        sessionId: expect.any(String),
        version: '1',
        instrumentId,
        bookingId: sh.id,
        idempotencyKey: 'sh-key-1',
        outcome: UsageOutcome.USAGE_OUTCOME_COMPLETED,
        start: new Date(at(14, 9)),
        end: new Date(at(14, 10)),
        feeChargedFen: '50000',
        samples: 3,
        cursor: expect.stringMatching(/^c2\./),
      },
    ]);
    expect((await list(PARTNER_IN_TOKEN('jiangsu'))).map((r) => [r.bookingId, r.idempotencyKey])).toEqual([[js.id, 'js-key-1']]);
    // Up to date after its last record; its cursor means nothing to another feed.
    expect(await list(PARTNER_IN_TOKEN('shanghai'), shanghai[0].cursor)).toEqual([]);
    const refused = await list(PARTNER_IN_TOKEN('shanghai'), 'c2.forged').catch((e: grpc.ServiceError) => e);
    expect((refused as grpc.ServiceError).code).toBe(grpc.status.INVALID_ARGUMENT);
    const negative = await list(PARTNER_IN_TOKEN('shanghai'), '', -1).catch((e: grpc.ServiceError) => e);
    expect((negative as grpc.ServiceError).code).toBe(grpc.status.INVALID_ARGUMENT);
  }, 30_000);
});
