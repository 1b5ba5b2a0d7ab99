import request from 'supertest';
import { DATABASE, sql, type Database } from '@app/persistence';
import { demoRequesterSub } from '@app/seed';
import { seedDemo } from '../../scripts/demo-seed';

/** A fifth of the demo's catalog: the same generator and rules, in a fifth of the time. */
const JIAXING = 240;
import { startTestGateway, TEST_TODAY, type TestGateway } from '../support/gateway';
import { inboundPartnersFile } from '../support/partners-file';

const PARTNERS = [
  { id: 'shanghai', region: 'shanghai' },
  { id: 'jiangsu', region: 'jiangsu' },
  { id: 'anhui', region: 'anhui' },
] as const;

/** `npm run demo`'s seeding, on the embedded database, started twice; its partners configured (inbound only) so the report names their regions. */
describe('demo seeding (embedded)', () => {
  let gw: TestGateway;
  let first: Awaited<ReturnType<typeof seedDemo>>;
  let second: Awaited<ReturnType<typeof seedDemo>>;
  let bookingsAfterFirst: number;
  const partnersFile = inboundPartnersFile(PARTNERS.map((p) => p.id));
  const db = () => gw.app.get<Database>(DATABASE).db;
  const countBookings = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM bookings`.execute(db())).rows[0].n;

  beforeAll(async () => {
    gw = await startTestGateway('embedded', { PARTNERS_FILE: partnersFile.file });
    first = await seedDemo(gw.app, { partners: PARTNERS, now: gw.clock.now(), jiaxingInstruments: JIAXING });
    bookingsAfterFirst = await countBookings();
    second = await seedDemo(gw.app, { partners: PARTNERS, now: gw.clock.now(), jiaxingInstruments: JIAXING });
  }, 900_000);
  afterAll(async () => {
    await gw?.close();
    partnersFile.remove();
  });

  it('loads a year of sessions and power-on events the first time, all accepted', () => {
    expect(first.usage.sessions.created).toBeGreaterThan(1_000);
    expect(first.usage.power.accepted).toBeGreaterThan(1_000);
    expect(first.usage.power.rejected).toBe(0);
    expect(first.usage.rolledUp).toBeGreaterThan(0);
  });

  it('adds nothing the second time', async () => {
    expect(second.seeded).toEqual({ created: 0, updated: 0, unchanged: JIAXING });
    expect(second.bookings).toEqual({ created: 0, existing: first.bookings.created, closed: 0 });
    expect(await countBookings()).toBe(bookingsAfterFirst);
    expect(second.usage.sessions).toEqual({ created: 0, existing: first.usage.sessions.created });
    expect(second.usage.power).toEqual({ accepted: 0, duplicate: first.usage.power.accepted, rejected: 0 });
    expect(second.usage.rolledUp).toBe(0);
  });

  it('leaves non-empty rollups both ways for each partner region', async () => {
    const { rows } = await sql<{ owner_region: string; requester_region: string; sessions: number; seconds: number; fee: number }>`
      SELECT owner_region, requester_region, sum(sessions)::int AS sessions, sum(session_seconds)::int AS seconds, sum(fee_fen)::float8 AS fee
      FROM usage_flow_daily GROUP BY 1, 2`.execute(db());
    const flow = (owner: string, requester: string) => rows.find((r) => r.owner_region === owner && r.requester_region === requester);
    for (const partner of ['shanghai', 'jiangsu', 'anhui']) {
      expect(flow('jiaxing', partner)).toMatchObject({ sessions: expect.any(Number) });
      expect(flow('jiaxing', partner)!.seconds).toBeGreaterThan(0);
      expect(flow(partner, 'jiaxing')!.seconds).toBeGreaterThan(0);
      expect(flow(partner, 'jiaxing')!.fee).toBeGreaterThan(0);
    }
    const { rows: daily } = await sql<{ effective: number; power: number; external: number }>`
      SELECT sum(effective_seconds)::float8 AS effective, sum(power_seconds)::float8 AS power, sum(external_seconds)::float8 AS external
      FROM usage_instrument_daily WHERE owner_region = 'jiaxing'`.execute(db());
    expect(daily[0].effective).toBeGreaterThan(daily[0].external);
    expect(daily[0].power).toBeGreaterThan(0);
  });

  it('keeps the idle instruments silent for over a month', async () => {
    const ids = first.usage.idle.map((i) => i.instrumentId);
    expect(ids.length).toBeGreaterThan(0);
    const { rows } = await sql<{ last: string | null }>`
      SELECT to_char(max(day), 'YYYY-MM-DD') AS last FROM usage_instrument_daily WHERE instrument_id = ANY(${ids}::text[])`.execute(db());
    expect(rows[0].last! < '2026-10-29').toBe(true);
  });

  it('has a closed booking behind every session of a Jiaxing instrument, as closing it records', async () => {
    const { rows } = await sql<{ sessions: number; matched: number; unmatched_bookings: number }>`
      SELECT (SELECT count(*)::int FROM usage_sessions WHERE owner_region = 'jiaxing') AS sessions,
        (SELECT count(*)::int FROM usage_sessions s JOIN bookings b ON b.id = s.booking_id
          WHERE s.owner_region = 'jiaxing' AND s.source = 'booking' AND b.status = s.outcome AND b.channel = s.booking_channel
            AND b.instrument_id = s.instrument_id AND lower(b.period) = coalesce(lower(s.period), (SELECT lower(period) FROM bookings WHERE id = s.booking_id))) AS matched,
        (SELECT count(*)::int FROM bookings b WHERE b.status IN ('completed', 'no_show')
          AND NOT EXISTS (SELECT 1 FROM usage_sessions s WHERE s.booking_id = b.id)) AS unmatched_bookings`.execute(db());
    expect(rows[0].sessions).toBeGreaterThan(10_000);
    expect(rows[0].matched).toBe(rows[0].sessions);
    expect(rows[0].unmatched_bookings).toBe(0);
    const { rows: statuses } = await sql<{
      status: string;
      channel: string;
    }>`SELECT DISTINCT status, split_part(channel, ':', 1) AS channel FROM bookings`.execute(db());
    expect(statuses.map((r) => `${r.status}/${r.channel}`).sort()).toEqual([
      'completed/http',
      'completed/partner',
      'confirmed/http',
      'confirmed/partner',
      'no_show/http',
      'no_show/partner',
    ]);
  });

  it("shows a unit's user their bookings, each with its trail in the past, and confirmed ones ahead", async () => {
    const unitId = first.catalog.units[0].id;
    const user = await gw.token('user', unitId, demoRequesterSub(unitId));
    const list = await request(gw.server).get('/api/v1/bookings').set('Authorization', `Bearer ${user}`).expect(200);
    const items = list.body.items as { id: string; status: string; window: { start: string }; feeEstimate?: unknown }[];
    expect(items.length).toBeGreaterThan(0);
    const now = gw.clock.now().toISOString();
    expect(items.some((b) => b.status === 'confirmed' && b.window.start > now)).toBe(true);
    const closed = items.find((b) => b.status === 'completed' && b.feeEstimate);
    expect(closed).toBeDefined();
    const detail = await request(gw.server).get(`/api/v1/bookings/${closed!.id}`).set('Authorization', `Bearer ${user}`).expect(200);
    const trail = detail.body.audit as { from: string | null; to: string; at: string }[];
    expect(trail.map((a) => a.to)).toEqual(['requested', 'confirmed', 'completed']);
    for (const a of trail) expect(a.at <= now).toBe(true);
    expect([...trail.map((a) => a.at)].sort()).toEqual(trail.map((a) => a.at));
  });

  it("gives the commission's cross-region report its bookings: Jiaxing's own and every partner region's on Jiaxing", async () => {
    const drc = await gw.token('drc_monitor');
    const res = await request(gw.server)
      .get(`/api/v1/monitoring/cross-region?from=2026-01-01&to=${TEST_TODAY}`)
      .set('Authorization', `Bearer ${drc}`)
      .expect(200);
    const matrix = res.body.matrix as { requesterRegion: string; ownerRegion: string; bookings: number; confirmedHours: number; sessions: number }[];
    for (const from of ['jiaxing', 'shanghai', 'jiangsu', 'anhui']) {
      const flow = matrix.find((f) => f.requesterRegion === from && f.ownerRegion === 'jiaxing');
      expect({ from, bookings: flow!.bookings > 0, hours: flow!.confirmedHours > 0, sessions: flow!.sessions > 0 }).toEqual({
        from,
        bookings: true,
        hours: true,
        sessions: true,
      });
    }
  });

  it('keeps only a handful of Jiaxing instruments idle: every other one in use within the month', async () => {
    const { rows } = await sql<{ id: string }>`
      SELECT i.id FROM instruments i
      WHERE i.region = 'jiaxing' AND i.deleted_at IS NULL AND i.acceptance_date < date '2026-10-25'
        AND NOT EXISTS (SELECT 1 FROM usage_instrument_daily d WHERE d.instrument_id = i.id AND d.day >= date '2026-10-29' AND d.effective_seconds > 0)`.execute(
      db(),
    );
    expect(rows.map((r) => r.id).sort()).toEqual(first.usage.idle.map((i) => i.instrumentId).sort());
  });
});
