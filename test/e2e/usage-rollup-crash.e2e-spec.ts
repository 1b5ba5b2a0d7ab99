import { sql } from '@app/persistence';
import { DAY_ROLLUPS, MONTHLY_ROLLUPS } from '../../libs/usage/src/infrastructure/monthly-rollups';
import { UsageRollupRepository } from '../../libs/usage/src/infrastructure/usage-rollup.repository';
import { openTestDatabase } from '../support/databases';
import { spawnTs } from '../support/processes';
import { POSTGRES_URL, postgresAvailable } from '../support/servers';

const INSTRUMENTS = 300;
const DAYS = 60;

// Killing a process mid-transaction needs a server that outlives it; the embedded database dies with its process.
const describeOnServer = postgresAvailable() ? describe : describe.skip;
if (!postgresAvailable()) console.warn('usage-rollup-crash: skipped, no PostgreSQL at 127.0.0.1:5432 (mandatory in CI)');

/**
 * A rollup worker killed with SIGKILL while it rewrites rollups: after a new
 * worker drains what is left, every figure is what the raw rows say, counted
 * once. Each instrument is used 09:00–11:00 China time every day and powered
 * on 10:00–12:00, so each (instrument, day) has 3 h effective, 2 h of
 * sessions, 2 h of power-on, and odd instruments 2 h external; every third
 * instrument's sessions are requested from Shanghai (cross-region).
 */
describeOnServer('kill -9 during a usage rollup', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    // Built as plain values so the arithmetic in the assertions is the only model of the data.
    await sql`
      INSERT INTO usage_sessions (id, source, source_key, instrument_id, owner_region, owner_unit_id, category_code, requester_kind,
        requester_unit_id, requester_region, external, outcome, period, day, recorded_by)
      SELECT gen_random_uuid(), 'booking', i || '/' || d, 'jiaxing:jx-u001.I' || i, 'jiaxing', 'jx-u001', '0301', 'unit',
        CASE WHEN i % 2 = 1 THEN 'jx-u002' ELSE 'jx-u001' END, CASE WHEN i % 3 = 0 THEN 'shanghai' ELSE 'jiaxing' END, i % 2 = 1, 'completed',
        tstzrange(lower(usage_china_day(date '2026-01-05' + d)) + interval '9 hours', lower(usage_china_day(date '2026-01-05' + d)) + interval '11 hours'),
        date '2026-01-05' + d, 'crash-test'
      FROM generate_series(1, ${INSTRUMENTS}) i, generate_series(0, ${DAYS - 1}) d`.execute(database.db);
    await sql`
      INSERT INTO power_events (gateway_id, event_id, instrument_id, owner_region, owner_unit_id, category_code, period)
      SELECT 'gw', i || '/' || d, 'jiaxing:jx-u001.I' || i, 'jiaxing', 'jx-u001', '0301',
        tstzrange(lower(usage_china_day(date '2026-01-05' + d)) + interval '10 hours', lower(usage_china_day(date '2026-01-05' + d)) + interval '12 hours')
      FROM generate_series(1, ${INSTRUMENTS}) i, generate_series(0, ${DAYS - 1}) d`.execute(database.db);
    expect(await new UsageRollupRepository(database.db).markAll()).toBe(INSTRUMENTS * DAYS);
  }, 120_000);
  afterAll(() => database?.dispose());

  it('leaves correct figures after a restart', async () => {
    const child = spawnTs('test/support/rollup-child.ts', {}, [POSTGRES_URL, database.schema]);
    // Wait until the child is inside a rollup transaction, past its first batches, then kill it there.
    let killedWith = -1;
    for (let i = 0; i < 600 && child.child.exitCode === null; i++) {
      const { rows } = await sql<{ busy: boolean; left: number }>`
        SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%usage_%daily%' AND pid <> pg_backend_pid()) AS busy,
               (SELECT count(*)::int FROM usage_dirty_days) AS "left"`.execute(database.db);
      if (rows[0].busy && rows[0].left < INSTRUMENTS * DAYS) {
        child.child.kill('SIGKILL');
        killedWith = rows[0].left;
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    await child.exited;
    expect(killedWith).toBeGreaterThan(0);
    const rollups = new UsageRollupRepository(database.db);
    // The killed transaction's marks are back (or were never taken): nothing is lost.
    expect(await rollups.backlog()).toBeGreaterThan(0);
    while ((await rollups.rollupBatch(500)) > 0);

    const { rows } = await sql<{ pairs: number; effective: string; external: string; sessions: string; power: string; n: string }>`
      SELECT count(*)::int AS pairs, sum(effective_seconds)::text AS effective, sum(external_seconds)::text AS external,
             sum(session_seconds)::text AS sessions, sum(power_seconds)::text AS power, sum(sessions)::text AS n
      FROM usage_instrument_daily`.execute(database.db);
    expect(rows[0]).toEqual({
      pairs: INSTRUMENTS * DAYS,
      effective: String(INSTRUMENTS * DAYS * 3 * 3600),
      external: String((INSTRUMENTS / 2) * DAYS * 2 * 3600),
      sessions: String(INSTRUMENTS * DAYS * 2 * 3600),
      power: String(INSTRUMENTS * DAYS * 2 * 3600),
      n: String(INSTRUMENTS * DAYS),
    });
    const flows = await sql<{
      rows: number;
      seconds: string;
    }>`SELECT count(*)::int AS rows, sum(session_seconds)::text AS seconds FROM usage_flow_daily`.execute(database.db);
    expect(flows.rows[0]).toEqual({ rows: INSTRUMENTS * DAYS, seconds: String(INSTRUMENTS * DAYS * 2 * 3600) });

    // Each monthly (and per-day) rollup is the sums of its daily rows: nothing the killed transaction applied survived, nothing is counted twice.
    for (const m of [...MONTHLY_ROLLUPS, ...DAY_ROLLUPS]) {
      const keys = sql.raw(m.keys.join(', '));
      const sums = sql.raw(m.measures.map((c) => `sum(${c})::bigint AS ${c}`).join(', '));
      const period = m.perDay ? sql`day` : sql`date_trunc('month', day)::date`;
      const fromDaily = await sql`
        SELECT ${period} AS period, ${keys}, count(*)::int AS days, ${sums}
        FROM ${sql.table(m.daily)} ${m.onlyExcluded ? sql`WHERE instrument_id IN (SELECT instrument_id FROM usage_excluded_instruments)` : sql``}
        GROUP BY period, ${keys} ORDER BY period, ${keys}`.execute(database.db);
      const kept =
        await sql`SELECT ${sql.raw(m.perDay ? 'day' : 'month')} AS period, ${keys}, days, ${sql.raw(m.measures.join(', '))} FROM ${sql.table(m.table)} ORDER BY period, ${keys}`.execute(
          database.db,
        );
      expect({ table: m.table, rows: kept.rows }).toEqual({ table: m.table, rows: fromDaily.rows });
    }
    // The trailing year of cross-region use (migration 0028) is the sums of the flow rows of each twelve months, too.
    const trailing =
      await sql`SELECT month, instrument_id, days, session_seconds, sessions FROM usage_instrument_cross_trailing ORDER BY month, instrument_id`.execute(
        database.db,
      );
    const fromFlows = await sql`
      SELECT (date_trunc('month', day) + k * interval '1 month')::date AS month, instrument_id, count(*)::int AS days,
        sum(session_seconds)::bigint AS session_seconds, sum(sessions)::bigint AS sessions
      FROM usage_flow_daily CROSS JOIN generate_series(0, 11) AS k WHERE requester_region <> '' AND requester_region <> owner_region
      GROUP BY 1, 2 ORDER BY 1, 2`.execute(database.db);
    expect(trailing.rows).toEqual(fromFlows.rows);
    // 100 instruments (every third), each in the twelve months from January, February and March 2026 on: January 2026 to February 2027.
    expect(trailing.rows).toHaveLength((INSTRUMENTS / 3) * 14);
    // January to March 2026, one unit, one category.
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM usage_unit_monthly`.execute(database.db)).rows[0].n).toBe(3);
    // And one per-day row per day of use.
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM usage_unit_daily`.execute(database.db)).rows[0].n).toBe(DAYS);
  }, 180_000);
});
