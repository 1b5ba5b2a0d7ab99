import { DATABASE, sql, type Database } from '@app/persistence';
import { seedDemo } from '../../scripts/demo-seed';
import { startTestGateway, type TestGateway } from '../support/gateway';

const PARTNERS = [
  { id: 'shanghai', region: 'shanghai' },
  { id: 'jiangsu', region: 'jiangsu' },
  { id: 'anhui', region: 'anhui' },
] as const;

/** `npm run demo`'s seeding, on the embedded database, started twice. */
describe('demo seeding (embedded)', () => {
  let gw: TestGateway;
  let first: Awaited<ReturnType<typeof seedDemo>>;
  let second: Awaited<ReturnType<typeof seedDemo>>;
  const db = () => gw.app.get<Database>(DATABASE).db;

  beforeAll(async () => {
    gw = await startTestGateway('embedded');
    first = await seedDemo(gw.app, { partners: PARTNERS, now: gw.clock.now() });
    second = await seedDemo(gw.app, { partners: PARTNERS, now: gw.clock.now() });
  }, 300_000);
  afterAll(() => gw?.close());

  it('loads a year of sessions and power-on events the first time, all accepted', () => {
    expect(first.usage.sessions.created).toBeGreaterThan(1_000);
    expect(first.usage.power.accepted).toBeGreaterThan(1_000);
    expect(first.usage.power.rejected).toBe(0);
    expect(first.usage.rolledUp).toBeGreaterThan(0);
  });

  it('adds nothing the second time', async () => {
    expect(second.seeded).toEqual({ created: 0, updated: 0, unchanged: 1_200 });
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
});
