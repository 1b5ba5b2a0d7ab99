/**
 * npm run bench:monitoring [-- --scale 0.01] — the DRC's cross-region report
 * over three years of a delta's use, on this machine's PostgreSQL and Redis.
 *
 * At scale 1: 50,000 instruments (40,000 Jiaxing, 10,000 Shanghai), 1,000,000
 * sessions and 5,000,000 power-on events over three years, written straight
 * into the usage tables with generate_series batches, then:
 * 1. the rollups built from them through RollupUsageUseCase.rebuild (time; a
 *    month a pass), and a sample of them rolled up again by the job's path
 *    and compared;
 * 2. the cross-region report for the last year from the rollups, p50/p95 over
 *    `--runs`, beside the same matrix and monthly effective hours computed from
 *    the raw sessions and power events in the same run (the baseline);
 * 3. power-event ingest through IngestPowerEventsUseCase in batches of 5,000
 *    (one day of new events: events/s, including the stale-day marks), from
 *    one gateway sending its batches one after another, beside
 *    `--ingest-streams` gateways (disjoint units) sending theirs at once, as
 *    a city's gateways do;
 * 4. the rollup refresh after that day (time).
 * `--keep` leaves the schema; `--schema <kept>` measures phases 2–4 again on
 * it. Ends with one JSON line of figures.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { SeedCatalogUseCase } from '@app/catalog';
import { loadConfig } from '@app/config';
import { CrossRegionReportUseCase } from '@app/monitoring';
import { DATABASE, Database, sql } from '@app/persistence';
import { IngestPowerEventsUseCase, RollupUsageUseCase, type PowerEventInput } from '@app/usage';
import { generateCatalog } from '@app/seed';
import { createGateway } from '../apps/gateway/src/bootstrap';
import { percentile, runBench } from './bench-support';
import { TEST_SECRETS } from '../test/support/secrets';

const POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = 'redis://127.0.0.1:6379';
const YEARS = 3;
const BATCH = 5_000;

const ms = (t0: number) => Math.round(performance.now() - t0);
/** The figures so far, on stderr after each phase: a full-scale run stopped part-way still tells what it measured. */
const progress = (figures: Record<string, unknown>) => process.stderr.write(`${JSON.stringify({ progress: figures })}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '1' },
      runs: { type: 'string', default: '20' },
      'ingest-events': { type: 'string', default: '50000' },
      keep: { type: 'boolean', default: false },
      'raw-runs': { type: 'string', default: '3' },
      'ingest-streams': { type: 'string', default: '4' },
      schema: { type: 'string' },
    },
  });
  const scale = Number(values.scale);
  if (!(scale > 0 && scale <= 1)) throw new Error('--scale is a fraction in (0, 1]');
  const instruments = Math.max(100, Math.round(50_000 * scale));
  const sessions = Math.round(1_000_000 * scale);
  const powerEvents = Math.round(5_000_000 * scale);
  // Not scaled: a rate needs enough batches to be one (a day of new events over the Jiaxing instruments).
  const ingestEvents = Math.max(BATCH, Number(values['ingest-events']));
  const runs = Number(values.runs);
  const reuse = values.schema;
  if (reuse !== undefined && !/^bench_monitoring_\d+$/.test(reuse)) throw new Error('--schema names a schema this bench kept (bench_monitoring_<pid>)');
  const schema = reuse ?? `bench_monitoring_${process.pid}`;
  const admin = await Database.connect({ databaseUrl: POSTGRES, migrate: false, poolSize: 2 });
  if (!reuse) await admin.pool.query(`CREATE SCHEMA "${schema}"`);
  const figures: Record<string, unknown> = reuse ? { schema } : { scale, instruments, sessions, powerEvents };
  try {
    const config = loadConfig({
      ...TEST_SECRETS,
      DATABASE_URL: `${POSTGRES}?options=${encodeURIComponent(`-c search_path=${schema},public`)}`,
      REDIS_URL: REDIS,
      QUEUE_PREFIX: schema.replace(/_/g, '-'),
      LOG_LEVEL: 'error',
      GRPC_PORT: '0',
    });
    // No workers: the rollup runs when the bench says, so each phase is timed alone.
    const app = await createGateway({ ...config, runWorkers: false });
    const db = app.get<Database>(DATABASE).db;
    const end = new Date(Date.now() - 2 * 86_400_000);
    if (reuse) {
      const { rows } = await sql<{ instruments: number; sessions: number; power_events: number; days: number }>`
        SELECT (SELECT count(*)::int FROM bench_instruments) AS instruments, (SELECT count(*)::int FROM usage_sessions) AS sessions,
          (SELECT count(*)::int FROM power_events) AS power_events, (SELECT count(*)::int FROM usage_instrument_daily) AS days`.execute(db);
      Object.assign(figures, rows[0]);
    } else await build(app, db, { instruments, sessions, powerEvents, end }, figures);
    progress(figures);
    // What autovacuum does minutes after a rebuild (not timed): the drained marks and the rewritten rollups leave dead rows, and
    // the rollups' covering indexes answer from the index alone only once their pages are marked all-visible.
    const { rows: rollups } = await sql<{
      name: string;
    }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()
      AND (tablename LIKE 'usage%monthly' OR tablename LIKE 'usage%daily' OR tablename = 'usage_instrument_cross_trailing')`.execute(db);
    for (const table of ['instruments', 'usage_dirty_days', ...rollups.map((m) => m.name)]) await sql`VACUUM (ANALYZE) ${sql.table(table)}`.execute(db);
    let t0: number;

    // 2. The report for the last year, from the rollups, beside the raw computation.
    const to = new Date(end.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const fromDate = new Date(new Date(`${to}T00:00:00Z`).getTime() - 364 * 86_400_000).toISOString().slice(0, 10);
    const report = app.get(CrossRegionReportUseCase);
    const times: number[] = [];
    // --runs 0 measures ingest and refresh alone (e.g. on a kept schema whose rollups are not built).
    if (runs > 0) await report.execute({ from: fromDate, to }); // warm-up
    for (let i = 0; i < runs; i++) {
      t0 = performance.now();
      await report.execute({ from: fromDate, to });
      times.push(performance.now() - t0);
    }
    if (runs > 0)
      figures.reportFromRollups = { period: `${fromDate}..${to}`, runs, p50Ms: Math.round(percentile(times, 50)), p95Ms: Math.round(percentile(times, 95)) };
    progress(figures);
    const rawTimes: number[] = [];
    // The baseline takes seconds to minutes a run: --raw-runs 1 at full scale.
    for (let i = 0; i < Math.min(Number(values['raw-runs']), runs); i++) {
      t0 = performance.now();
      await rawReport(db, fromDate, to);
      rawTimes.push(performance.now() - t0);
    }
    if (rawTimes.length > 0)
      figures.reportFromRaw = { runs: rawTimes.length, p50Ms: Math.round(percentile(rawTimes, 50)), maxMs: Math.round(Math.max(...rawTimes)) };

    // 3. A day of new power-on events through the use-case, as gateways send them; 4. the refresh those marks ask for.
    const { rows: ours } = await sql<{ id: string; unit_id: string }>`SELECT id, unit_id FROM bench_instruments WHERE region = 'jiaxing' ORDER BY n`.execute(
      db,
    );
    const ingest = app.get(IngestPowerEventsUseCase);
    const streams = Math.max(1, Number(values['ingest-streams']));
    const ingestDay = async (daysAgo: number, gateways: number) => {
      const dayStart = new Date(`${new Date(Date.now() + 8 * 3600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10)}T00:00:00+08:00`).getTime();
      // Gateways of disjoint units (a gateway speaks for its units only), each sending its share in batches one after another.
      const units = [...new Set(ours.map((o) => o.unit_id))];
      const each = Math.ceil(ingestEvents / gateways);
      const sent = Array.from({ length: gateways }, async (_, g) => {
        const unitIds = units.filter((_u, i) => i % gateways === g);
        const mine = ours.filter((o) => unitIds.includes(o.unit_id));
        const gateway = { id: `bench-ingest-${process.pid}-${daysAgo}-${g}`, unitIds };
        let accepted = 0;
        for (let done = 0; done < each; done += BATCH) {
          const batch: PowerEventInput[] = [];
          for (let k = done; k < Math.min(done + BATCH, each); k++) {
            const start = dayStart + ((k * 7919) % (22 * 3_600_000));
            batch.push({ eventId: `ingest-${k}`, instrumentId: mine[k % mine.length].id, start: new Date(start), end: new Date(start + 30 * 60_000) });
          }
          accepted += (await ingest.execute(gateway, batch)).filter((r) => r.status === 'accepted').length;
        }
        return accepted;
      });
      t0 = performance.now();
      const accepted = (await Promise.all(sent)).reduce((x, y) => x + y, 0);
      const ingestMs = performance.now() - t0;
      const { rows: marks } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM usage_dirty_days`.execute(db);
      const figure = { gateways, events: each * gateways, accepted, eventsPerSecond: Math.round(accepted / (ingestMs / 1000)), staleMarks: marks[0].n };
      t0 = performance.now();
      const refreshed = await app.get(RollupUsageUseCase).execute();
      return { ingest: figure, refresh: { instrumentDays: refreshed, ms: ms(t0) } };
    };
    // Yesterday from one gateway (the figure before), the day before from several at once: both days new, both refreshed.
    const one = await ingestDay(1, 1);
    const several = await ingestDay(2, streams);
    figures.ingest = { oneGateway: one.ingest, concurrentGateways: several.ingest };
    figures.rollupRefresh = { afterOneGateway: one.refresh, afterConcurrentGateways: several.refresh };
    await app.close();
  } finally {
    // --keep leaves the schema for EXPLAIN (drop it by hand afterwards).
    if (values.keep) process.stderr.write(`kept schema ${schema}\n`);
    else await admin.pool.query(`DROP SCHEMA "${schema}" CASCADE`);
    await admin.close();
  }
  process.stdout.write(`${JSON.stringify({ bench: 'monitoring', ...figures })}\n`);
}

/** The catalog, three years of raw use and the rollups built from them (timed). */
async function build(
  app: Awaited<ReturnType<typeof createGateway>>,
  db: Database['db'],
  size: { instruments: number; sessions: number; powerEvents: number; end: Date },
  figures: Record<string, unknown>,
): Promise<void> {
  const { instruments, sessions, powerEvents, end } = size;
  let t0 = performance.now();
  const jx = generateCatalog({ region: 'jiaxing', count: Math.round(instruments * 0.8), seed: 7 });
  const sh = generateCatalog({ region: 'shanghai', count: instruments - jx.instruments.length, seed: 8 });
  await app.get(SeedCatalogUseCase).execute({ region: 'jiaxing', sourcePlatform: 'local', units: jx.units, instruments: jx.instruments });
  await app.get(SeedCatalogUseCase).execute({ region: 'shanghai', sourcePlatform: 'shanghai', units: sh.units, instruments: sh.instruments });
  figures.seedCatalogMs = ms(t0);

  // The instruments as a numbered relation (in the bench's schema, dropped with it), so generated rows pick one by number.
  await sql`CREATE TABLE bench_instruments AS SELECT row_number() OVER (ORDER BY id) AS n, id, region, unit_id, category_code FROM instruments`.execute(db);
  const start = new Date(end.getTime() - YEARS * 365 * 86_400_000);
  const span = Math.floor((end.getTime() - start.getTime()) / 1000);
  t0 = performance.now();
  for (let done = 0; done < sessions; done += 100_000) {
    const n = Math.min(100_000, sessions - done);
    // Requesters: a fifth from each region (jiaxing units mostly internal), 5 % unknown; 0.5–4.5 h; fees for four in five.
    await sql`
      WITH g AS (
        SELECT i, (1 + floor(random() * ${instruments}::int))::bigint AS pick, ${start}::timestamptz + (floor(random() * ${span}::int) || ' seconds')::interval AS s,
          ((30 + floor(random() * 240)) || ' minutes')::interval AS len, random() AS r
        FROM generate_series(${done + 1}::int, ${done + n}::int) AS i)
      INSERT INTO usage_sessions (id, source, source_key, instrument_id, owner_region, owner_unit_id, category_code, requester_kind, requester_unit_id,
        requester_region, external, outcome, period, day, fee_charged_fen, recorded_by)
      SELECT gen_random_uuid(), 'booking', 'bench-' || g.i, b.id, b.region, b.unit_id, b.category_code, 'unit',
        CASE WHEN g.r < 0.4 THEN b.unit_id ELSE 'u-' || floor(g.r * 500)::int END,
        (ARRAY['jiaxing', 'jiaxing', 'shanghai', 'jiangsu', 'anhui', 'zhejiang', ''])[1 + floor(g.r * 7)::int],
        g.r >= 0.4, 'completed', tstzrange(g.s, g.s + g.len), ((g.s AT TIME ZONE 'UTC') + interval '8 hours')::date,
        CASE WHEN g.r < 0.8 THEN floor(g.r * 100000)::bigint END, 'bench'
      FROM g JOIN bench_instruments b ON b.n = g.pick`.execute(db);
  }
  for (let done = 0; done < powerEvents; done += 250_000) {
    const n = Math.min(250_000, powerEvents - done);
    await sql`
      WITH g AS (
        SELECT i, (1 + floor(random() * ${instruments}::int))::bigint AS pick, ${start}::timestamptz + (floor(random() * ${span}::int) || ' seconds')::interval AS s,
          ((15 + floor(random() * 465)) || ' minutes')::interval AS len
        FROM generate_series(${done + 1}::int, ${done + n}::int) AS i)
      INSERT INTO power_events (gateway_id, event_id, instrument_id, owner_region, owner_unit_id, category_code, period)
      SELECT 'bench-gw', 'e-' || g.i, b.id, b.region, b.unit_id, b.category_code, tstzrange(g.s, g.s + g.len)
      FROM g JOIN bench_instruments b ON b.n = g.pick`.execute(db);
  }
  figures.generateRawMs = ms(t0);
  progress(figures);
  await sql`ANALYZE usage_sessions`.execute(db);
  await sql`ANALYZE power_events`.execute(db);

  // 1. Rollups from the raw rows, through the use-case (rebuild marks every day with data, then drains).
  t0 = performance.now();
  const rolled = await app.get(RollupUsageUseCase).rebuild();
  figures.rollupBuild = { instrumentDays: rolled, ms: ms(t0), perSecond: Math.round(rolled / ((performance.now() - t0) / 1000)) };
  t0 = performance.now();
  figures.rollupBuild = { ...(figures.rollupBuild as object), checkedAgainstJob: { ...(await checkAgainstJob(app, db, 2_000)), ms: ms(t0) } };
}

/**
 * The rebuild writes a month from its raw rows in one pass, the job pair by pair: a random sample of the rebuilt
 * instrument-days, marked stale and rolled up again by the job's path, must come out the same (daily and flow rows); the
 * bench fails otherwise.
 */
async function checkAgainstJob(app: Awaited<ReturnType<typeof createGateway>>, db: Database['db'], n: number): Promise<{ instrumentDays: number }> {
  await sql`CREATE TABLE bench_check_pairs AS SELECT instrument_id, day FROM usage_instrument_daily ORDER BY random() LIMIT ${n}`.execute(db);
  await sql`CREATE TABLE bench_check_daily AS SELECT r.* FROM usage_instrument_daily r JOIN bench_check_pairs USING (instrument_id, day)`.execute(db);
  await sql`CREATE TABLE bench_check_flow AS SELECT r.* FROM usage_flow_daily r JOIN bench_check_pairs USING (instrument_id, day)`.execute(db);
  await sql`INSERT INTO usage_dirty_days (instrument_id, day) SELECT instrument_id, day FROM bench_check_pairs ON CONFLICT DO NOTHING`.execute(db);
  const rolled = await app.get(RollupUsageUseCase).execute();
  const { rows } = await sql<{ differing: number }>`
    SELECT (SELECT count(*)::int FROM (
      (SELECT * FROM bench_check_daily EXCEPT ALL SELECT r.* FROM usage_instrument_daily r JOIN bench_check_pairs USING (instrument_id, day))
      UNION ALL (SELECT r.* FROM usage_instrument_daily r JOIN bench_check_pairs USING (instrument_id, day) EXCEPT ALL SELECT * FROM bench_check_daily)) d)
    + (SELECT count(*)::int FROM (
      (SELECT * FROM bench_check_flow EXCEPT ALL SELECT r.* FROM usage_flow_daily r JOIN bench_check_pairs USING (instrument_id, day))
      UNION ALL (SELECT r.* FROM usage_flow_daily r JOIN bench_check_pairs USING (instrument_id, day) EXCEPT ALL SELECT * FROM bench_check_flow)) f) AS differing`.execute(
    db,
  );
  if (rolled !== n || rows[0].differing !== 0)
    throw new Error(`the job rewrote ${rolled} of ${n} sampled instrument-days, ${rows[0].differing} rows differ from the rebuild's`);
  return { instrumentDays: rolled };
}

/**
 * The baseline: the report's flow matrix and monthly effective hours straight
 * from the raw rows — each instrument's sessions and power-on intervals unioned
 * per China day, as the rollup would, but for the whole year on every request.
 */
async function rawReport(db: Database['db'], from: string, to: string): Promise<void> {
  await sql`
    SELECT coalesce(requester_region, '') AS requester_region, owner_region, count(*), sum(extract(epoch FROM upper(period) - lower(period))), sum(fee_charged_fen)
    FROM usage_sessions WHERE outcome = 'completed' AND day BETWEEN ${from}::date AND ${to}::date GROUP BY 1, 2`.execute(db);
  await sql`
    WITH days AS (SELECT d::date AS day, usage_china_day(d::date) AS r FROM generate_series(${from}::date, ${to}::date, interval '1 day') AS d),
    clips AS (
      SELECT s.instrument_id, days.day, s.period * days.r AS clip FROM usage_sessions s JOIN days ON s.period && days.r WHERE s.outcome = 'completed'
      UNION ALL
      SELECT e.instrument_id, days.day, e.period * days.r FROM power_events e JOIN days ON e.period && days.r)
    SELECT to_char(day, 'YYYY-MM') AS month, sum(usage_seconds(m)) FROM (SELECT instrument_id, day, range_agg(clip) AS m FROM clips GROUP BY 1, 2) x GROUP BY 1`.execute(
    db,
  );
}

runBench('monitoring', main);
