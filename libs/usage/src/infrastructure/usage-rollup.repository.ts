import { Injectable } from '@nestjs/common';
import { InjectDb, USAGE_ROLLUP_LOCK, sql, type Db, type Transaction } from '@app/persistence';
import { CROSS_TRAILING, DAY_ROLLUPS, MONTHLY_ROLLUPS, applyToMonthly, applyToTrailing, trailingMonthsOf, type MonthlyRollup } from './monthly-rollups';

/** The monthly and per-day rollups' upserts from daily rows (`rows`), and the trailing year's from flow rows: one data-modifying CTE each but the last. */
function applyAll(daily: MonthlyRollup['daily'], rows: Fragment, sign: 1 | -1) {
  const writes = [...MONTHLY_ROLLUPS, ...DAY_ROLLUPS].filter((m) => m.daily === daily).map((m) => applyToMonthly(m, rows, sign));
  if (daily === 'usage_flow_daily') writes.push(applyToTrailing(rows, sign));
  const [last, ...others] = writes.reverse();
  const ctes = others.map((w, i) => sql`, ${sql.id(`m${i}`)} AS (${w})`);
  return sql`${sql.join(ctes, sql``)} ${last}`;
}

type Fragment = ReturnType<typeof sql>;

/** A session's columns for its flow row of a China day (`day`, its range `r`): its clip there, and whether it counts there. */
const sessionFlowColumns = (day: Fragment, r: Fragment) => sql`
  coalesce(s.requester_region, '') AS requester_region, coalesce(s.requester_unit_id, '') AS requester_unit_id,
  s.owner_region, s.owner_unit_id, s.category_code, s.external, s.outcome, s.fee_charged_fen, s.recorded_at,
  CASE WHEN s.outcome = 'completed' AND s.period && ${r} THEN s.period * ${r} END AS clip, s.day = ${day} AS counts_here`;

/** The flow rows from those columns (a relation named `s`, one row per session and day), the owner that of the latest session. */
const insertFlowRows = sql`
  INSERT INTO usage_flow_daily (day, instrument_id, requester_region, requester_unit_id, owner_region, owner_unit_id, category_code,
    external, session_seconds, fee_fen, sessions, no_shows)
  SELECT day, instrument_id, requester_region, requester_unit_id,
    (array_agg(owner_region ORDER BY recorded_at DESC))[1], coalesce((array_agg(owner_unit_id ORDER BY recorded_at DESC))[1], ''),
    (array_agg(category_code ORDER BY recorded_at DESC))[1], bool_or(external),
    usage_seconds(coalesce(range_agg(clip) FILTER (WHERE clip IS NOT NULL), '{}'::tstzmultirange)),
    coalesce(sum(fee_charged_fen) FILTER (WHERE counts_here), 0),
    count(*) FILTER (WHERE counts_here AND outcome = 'completed'), count(*) FILTER (WHERE counts_here AND outcome = 'no_show')
  FROM s GROUP BY day, instrument_id, requester_region, requester_unit_id`;

/**
 * The only SQL on the rollups and their dirty marks. A batch of stale
 * (instrument, day) pairs is taken with SKIP LOCKED, so several workers share
 * the backlog, and rewritten from the raw rows in the transaction that removes
 * the marks: killed half-way, the transaction rolls back and the marks stay.
 * The monthly rollups (migration 0022) and the report-grain per-day ones
 * (0032) get the difference of each rewritten day (old rows subtracted as they
 * are deleted, new rows added as they are inserted) in that same transaction,
 * so they stay the sums of the daily rows.
 */
@Injectable()
export class UsageRollupRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  /** Rolls up at most `limit` stale pairs; returns how many. */
  async rollupBatch(limit: number): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const { rows: batch } = await sql<{ instrument_id: string; day: string }>`
        DELETE FROM usage_dirty_days WHERE (instrument_id, day) IN (
          SELECT instrument_id, day FROM usage_dirty_days ORDER BY day, instrument_id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        RETURNING instrument_id, to_char(day, 'YYYY-MM-DD') AS day`.execute(trx);
      return this.rewrite(trx, batch);
    });
  }

  /**
   * Rewrites the daily rollups of the China days [from, to] from the raw rows, in one transaction (a rebuild, a month at a
   * time): every daily row of those days deleted, and the raw rows of those days exploded into their China days and
   * grouped in one pass per table, where the job's path (`rewrite`) joins each stale (instrument, day) pair with the raw
   * rows — at full scale (6.5 million instrument-days) that took one to six hours, this minutes. The same rows as the job
   * writes for the pairs with raw data (`test/integration/usage-rollup.int-spec.ts` compares them; the bench checks a
   * sample); a daily row left without raw data is gone. The days' marks are taken, and the months recorded in
   * `usage_monthly_stale`, summed once as the rebuild ends (or by the next job, if it is killed first); the per-day
   * report-grain rollups of the days are summed from the new daily rows here (a few seconds a month at full scale), so
   * they are never stale. Returns how many instrument-days it wrote.
   */
  async rebuildDays(from: string, to: string): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const days = sql`BETWEEN ${from}::date AND ${to}::date`;
      const span = sql`tstzrange(lower(usage_china_day(${from}::date)), upper(usage_china_day(${to}::date)))`;
      // Taken before the raw rows are read: a writer's mark these days did not have yet stays, and the job reads its row.
      await sql`DELETE FROM usage_dirty_days WHERE day ${days}`.execute(trx);
      await sql`SELECT pg_advisory_xact_lock(${USAGE_ROLLUP_LOCK}, hashtext(current_schema()))`.execute(trx);
      // A month of raw rows grouped at once: hash aggregates and sorts that fit, not spilled in 4 MB pieces. No JIT: the
      // planner takes each raw row for a thousand China days (a set-returning function's default estimate) and compiled
      // these statements for seconds a month (a third of their time in EXPLAIN ANALYZE at scale 0.2).
      await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
      await sql`SET LOCAL jit = off`.execute(trx);
      await sql`
        INSERT INTO usage_monthly_stale (month)
        SELECT DISTINCT date_trunc('month', d)::date FROM generate_series(${from}::date, ${to}::date, interval '1 day') AS d
        ON CONFLICT DO NOTHING`.execute(trx);
      await sql`DELETE FROM usage_instrument_daily WHERE day ${days}`.execute(trx);
      await sql`DELETE FROM usage_flow_daily WHERE day ${days}`.execute(trx);
      // One row per raw row and China day it touches: a completed session's clip (s), a power-on clip (p), a session counted
      // on its own day (c, no clip). An instrument-day's owner is that of its latest row, as in `rewrite`.
      const { rows } = await sql<{ n: number }>`
        WITH x AS (
          SELECT 's' AS kind, s.instrument_id, d AS day, s.period * usage_china_day(d) AS clip, s.external, s.owner_region, s.owner_unit_id,
            s.category_code, s.recorded_at AS at, NULL::bigint AS fee, NULL::text AS outcome
          FROM usage_sessions s CROSS JOIN LATERAL usage_china_days(s.period) AS d
          WHERE s.outcome = 'completed' AND s.period && ${span} AND d ${days}
          UNION ALL
          SELECT 'p', e.instrument_id, d, e.period * usage_china_day(d), NULL, e.owner_region, e.owner_unit_id, e.category_code, e.received_at, NULL, NULL
          FROM power_events e CROSS JOIN LATERAL usage_china_days(e.period) AS d
          WHERE e.period && ${span} AND d ${days}
          UNION ALL
          SELECT 'c', instrument_id, day, NULL, NULL, owner_region, owner_unit_id, category_code, recorded_at, fee_charged_fen, outcome
          FROM usage_sessions WHERE day ${days}
        ), owner AS (
          SELECT DISTINCT ON (instrument_id, day) instrument_id, day, owner_region, owner_unit_id, category_code FROM x ORDER BY instrument_id, day, at DESC
        ), sums AS (
          SELECT instrument_id, day,
            range_agg(clip) FILTER (WHERE kind <> 'c') AS eff, range_agg(clip) FILTER (WHERE kind = 's' AND external) AS ext,
            range_agg(clip) FILTER (WHERE kind = 's') AS ses, range_agg(clip) FILTER (WHERE kind = 'p') AS pw,
            coalesce(sum(fee) FILTER (WHERE kind = 'c'), 0) AS fee_fen,
            count(*) FILTER (WHERE kind = 'c' AND outcome = 'completed') AS sessions, count(*) FILTER (WHERE kind = 'c' AND outcome = 'no_show') AS no_shows
          FROM x GROUP BY instrument_id, day
        ), ins AS (
          INSERT INTO usage_instrument_daily (day, instrument_id, owner_region, owner_unit_id, category_code, effective_seconds, external_seconds,
            session_seconds, power_seconds, fee_fen, sessions, no_shows)
          SELECT o.day, o.instrument_id, o.owner_region, coalesce(o.owner_unit_id, ''), o.category_code,
            usage_seconds(t.eff), usage_seconds(t.ext), usage_seconds(t.ses), usage_seconds(t.pw), t.fee_fen, t.sessions, t.no_shows
          FROM owner o JOIN sums t USING (instrument_id, day)
          RETURNING 1
        ) SELECT count(*)::int AS n FROM ins`.execute(trx);
      // A session's flow row on each China day its interval touches (completed) and on its own day (counted there).
      await sql`
        WITH s AS (
          SELECT x.day, s.instrument_id, ${sessionFlowColumns(sql`x.day`, sql`usage_china_day(x.day)`)}
          FROM usage_sessions s CROSS JOIN LATERAL (SELECT d FROM usage_china_days(s.period) AS d WHERE s.outcome = 'completed' UNION SELECT s.day) AS x(day)
          WHERE (s.period && ${span} OR s.day ${days}) AND x.day ${days}
        )
        ${insertFlowRows}`.execute(trx);
      for (const m of DAY_ROLLUPS) {
        await sql`DELETE FROM ${sql.table(m.table)} WHERE day ${days}`.execute(trx);
        await sql`${applyToMonthly(m, sql`(SELECT * FROM ${sql.table(m.daily)} WHERE day ${days}) AS rows`, 1)}`.execute(trx);
      }
      return rows[0].n;
    });
  }

  /** The first and last China day with raw rows, daily rows or marks (a rebuild's extent), if any. */
  async rollupExtent(): Promise<{ first: string; last: string } | undefined> {
    const chinaDay = (t: Fragment) => sql`(((${t}) AT TIME ZONE 'UTC') + interval '8 hours')::date`;
    const { rows } = await sql<{ first: string | null; last: string | null }>`
      SELECT to_char(min(first), 'YYYY-MM-DD') AS first, to_char(max(last), 'YYYY-MM-DD') AS last FROM (
        SELECT least(min(day), min(${chinaDay(sql`lower(period)`)})) AS first, greatest(max(day), max(${chinaDay(sql`upper(period) - interval '1 microsecond'`)})) AS last
        FROM usage_sessions
        UNION ALL SELECT min(${chinaDay(sql`lower(period)`)}), max(${chinaDay(sql`upper(period) - interval '1 microsecond'`)}) FROM power_events
        UNION ALL SELECT min(day), max(day) FROM usage_dirty_days
        UNION ALL SELECT min(day), max(day) FROM usage_instrument_daily
        UNION ALL SELECT min(day), max(day) FROM usage_flow_daily
        ${sql.join(
          DAY_ROLLUPS.map((m) => sql`UNION ALL SELECT min(day), max(day) FROM ${sql.table(m.table)}`),
          sql` `,
        )}
      ) AS x`.execute(this.db);
    return rows[0].first && rows[0].last ? { first: rows[0].first, last: rows[0].last } : undefined;
  }

  /** Rewrites the daily rollups of the pairs whose marks the transaction took, and applies the difference to the monthly ones. */
  private async rewrite(trx: Transaction<any>, batch: { instrument_id: string; day: string }[]): Promise<number> {
    if (batch.length === 0) return 0;
    const ids = batch.map((b) => b.instrument_id);
    const days = batch.map((b) => b.day);
    // The batch as a relation; joined, never compared as a row-value list (PGlite).
    const pairs = sql`unnest(${ids}::text[], ${days}::date[]) AS b(instrument_id, day)`;
    // The batch's days as constants too (redundant with the per-pair conditions): for a month of pairs the planner can then
    // read the raw rows of that month once, in a scan and a hash join, instead of probing the indexes pair by pair.
    const first = days.reduce((a, b) => (a < b ? a : b));
    const last = days.reduce((a, b) => (a > b ? a : b));
    const span = sql`tstzrange(lower(usage_china_day(${first}::date)), upper(usage_china_day(${last}::date)))`;
    const inSpan = sql`BETWEEN ${first}::date AND ${last}::date`;
    // Monthly rows are shared by every batch: one writer at a time, so two batches never lock them in opposite orders (deadlock).
    // Keyed by schema too: the rollups of another schema on the server (a test suite's, a bench's) share no row with these.
    await sql`SELECT pg_advisory_xact_lock(${USAGE_ROLLUP_LOCK}, hashtext(current_schema()))`.execute(trx);
    const months = sql`(SELECT DISTINCT date_trunc('month', day)::date FROM ${pairs})`;
    const then = (daily: MonthlyRollup['daily'], rows: 'old' | 'new', sign: 1 | -1) => applyAll(daily, sql.raw(rows), sign);
    await sql`
      WITH old AS (DELETE FROM usage_instrument_daily r USING ${pairs} WHERE r.instrument_id = b.instrument_id AND r.day = b.day AND r.day ${inSpan} RETURNING r.*)
      ${then('usage_instrument_daily', 'old', -1)}`.execute(trx);
    await sql`
      WITH old AS (DELETE FROM usage_flow_daily r USING ${pairs} WHERE r.instrument_id = b.instrument_id AND r.day = b.day AND r.day ${inSpan} RETURNING r.*)
      ${then('usage_flow_daily', 'old', -1)}`.execute(trx);
    await sql`
      WITH b AS (SELECT instrument_id, day, usage_china_day(day) AS r FROM ${pairs}),
      s AS (
        SELECT b.instrument_id, b.day, s.period * b.r AS clip, s.external, s.owner_region, s.owner_unit_id, s.category_code, s.recorded_at
        FROM b JOIN usage_sessions s ON s.instrument_id = b.instrument_id AND s.outcome = 'completed' AND s.period && b.r AND s.period && ${span}
      ),
      p AS (
        SELECT b.instrument_id, b.day, e.period * b.r AS clip, e.owner_region, e.owner_unit_id, e.category_code, e.received_at
        -- By (start month, instrument, start) in the btree (migration 0031): an event lasts at most 31 days (power_events_length), so
        -- one overlapping the day started after day − 31 days, in one of three months at most. Without the batch's span: with it the
        -- planner read every event of the span's months (~330,000 at scale 0.2 after a few days of ingest) to hash-join 500 pairs.
        FROM b JOIN power_events e ON usage_china_month(lower(e.period)) = ANY(usage_power_start_months(lower(b.r))) AND e.instrument_id = b.instrument_id
          AND lower(e.period) > lower(b.r) - interval '31 days' AND lower(e.period) < upper(b.r) AND e.period && b.r
      ),
      counted AS (
        SELECT b.instrument_id, b.day, coalesce(sum(s.fee_charged_fen), 0) AS fee_fen,
               count(*) FILTER (WHERE s.outcome = 'completed') AS sessions, count(*) FILTER (WHERE s.outcome = 'no_show') AS no_shows
        FROM b LEFT JOIN usage_sessions s ON s.instrument_id = b.instrument_id AND s.day = b.day AND s.day ${inSpan}
        GROUP BY b.instrument_id, b.day
      ),
      owner AS (
        SELECT DISTINCT ON (instrument_id, day) instrument_id, day, owner_region, owner_unit_id, category_code FROM (
          SELECT instrument_id, day, owner_region, owner_unit_id, category_code, recorded_at AS at FROM s
          UNION ALL SELECT instrument_id, day, owner_region, owner_unit_id, category_code, received_at FROM p
          UNION ALL SELECT s.instrument_id, b.day, s.owner_region, s.owner_unit_id, s.category_code, s.recorded_at
            FROM b JOIN usage_sessions s ON s.instrument_id = b.instrument_id AND s.day = b.day AND s.day ${inSpan}
        ) o ORDER BY instrument_id, day, at DESC
      ),
      eff AS (SELECT instrument_id, day, range_agg(clip) AS m FROM (SELECT instrument_id, day, clip FROM s UNION ALL SELECT instrument_id, day, clip FROM p) x GROUP BY 1, 2),
      ses AS (SELECT instrument_id, day, range_agg(clip) AS m, range_agg(clip) FILTER (WHERE external) AS ext FROM s GROUP BY 1, 2),
      pw AS (SELECT instrument_id, day, range_agg(clip) AS m FROM p GROUP BY 1, 2),
      new AS (INSERT INTO usage_instrument_daily (day, instrument_id, owner_region, owner_unit_id, category_code, effective_seconds, external_seconds,
        session_seconds, power_seconds, fee_fen, sessions, no_shows)
      SELECT o.day, o.instrument_id, o.owner_region, coalesce(o.owner_unit_id, ''), o.category_code,
        usage_seconds(eff.m), usage_seconds(ses.ext), usage_seconds(ses.m), usage_seconds(pw.m), c.fee_fen, c.sessions, c.no_shows
      FROM owner o JOIN counted c USING (instrument_id, day)
        LEFT JOIN eff USING (instrument_id, day) LEFT JOIN ses USING (instrument_id, day) LEFT JOIN pw USING (instrument_id, day)
      RETURNING *)
      ${then('usage_instrument_daily', 'new', 1)}`.execute(trx);
    await sql`
      WITH b AS (SELECT instrument_id, day, usage_china_day(day) AS r FROM ${pairs}),
      s AS (
        SELECT b.instrument_id, b.day, ${sessionFlowColumns(sql`b.day`, sql`b.r`)}
        FROM b JOIN usage_sessions s ON s.instrument_id = b.instrument_id AND ((s.outcome = 'completed' AND s.period && b.r) OR s.day = b.day)
          AND (s.period && ${span} OR s.day ${inSpan})
      ),
      new AS (${insertFlowRows} RETURNING *)
      ${then('usage_flow_daily', 'new', 1)}`.execute(trx);
    for (const m of MONTHLY_ROLLUPS) await sql`DELETE FROM ${sql.table(m.table)} WHERE days = 0 AND month IN ${months}`.execute(trx);
    for (const m of DAY_ROLLUPS) await sql`DELETE FROM ${sql.table(m.table)} WHERE days = 0 AND day IN (SELECT day FROM ${pairs})`.execute(trx);
    await sql`DELETE FROM ${sql.table(CROSS_TRAILING.table)} WHERE days = 0 AND month IN ${trailingMonthsOf(pairs)}`.execute(trx);
    return batch.length;
  }

  /** Marks every day that has raw data (between two days, if given) stale: a full rebuild through the same path. */
  async markAll(from?: string, to?: string): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      WITH days AS (
        SELECT instrument_id, d AS day FROM usage_sessions, usage_china_days(period) AS d WHERE period IS NOT NULL
        UNION SELECT instrument_id, day FROM usage_sessions
        UNION SELECT instrument_id, d FROM power_events, usage_china_days(period) AS d
      ), ins AS (
        INSERT INTO usage_dirty_days (instrument_id, day)
        SELECT instrument_id, day FROM days
        WHERE (${from ?? null}::date IS NULL OR day >= ${from ?? null}::date) AND (${to ?? null}::date IS NULL OR day <= ${to ?? null}::date)
        ON CONFLICT (instrument_id, day) DO UPDATE SET marked_at = now()
        RETURNING 1
      ) SELECT count(*)::int AS n FROM ins`.execute(this.db);
    return rows[0].n;
  }

  /**
   * Sums the monthly rollups of the months between two days (all by default)
   * again from the daily rows, so a rebuild also repairs them (a daily row
   * deleted by hand would otherwise never be subtracted); the per-day ones of
   * those months too, unless `perDay` is false (a rebuild has just written them
   * with its daily rows).
   */
  async resumMonths(from?: string, to?: string, { perDay = true } = {}): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${USAGE_ROLLUP_LOCK}, hashtext(current_schema()))`.execute(trx);
      const first = sql`date_trunc('month', coalesce(${from ?? null}::date, '-infinity'::date))::date`;
      const last = sql`coalesce(${to ?? null}::date, 'infinity'::date)`;
      const inMonths = sql`day >= ${first} AND day < date_trunc('month', ${last}) + interval '1 month'`;
      for (const m of [...MONTHLY_ROLLUPS, ...(perDay ? DAY_ROLLUPS : [])]) {
        await sql`DELETE FROM ${sql.table(m.table)} WHERE ${m.perDay ? inMonths : sql`month BETWEEN ${first} AND ${last}`}`.execute(trx);
        await sql`${applyToMonthly(m, sql`(SELECT * FROM ${sql.table(m.daily)} WHERE ${inMonths}) AS rows`, 1)}`.execute(trx);
      }
      // The trailing rows of the months rebuilt and of the eleven after them, from the flow rows of the twelve months each sums.
      const trailing = sql`month >= ${first} AND month < date_trunc('month', ${last}) + ${CROSS_TRAILING.months}::int * interval '1 month'`;
      await sql`DELETE FROM ${sql.table(CROSS_TRAILING.table)} WHERE ${trailing}`.execute(trx);
      const flows = sql`(SELECT * FROM usage_flow_daily WHERE day >= ${first} - ${CROSS_TRAILING.months - 1}::int * interval '1 month'
        AND day < date_trunc('month', ${last}) + ${CROSS_TRAILING.months}::int * interval '1 month') AS rows`;
      await sql`${applyToTrailing(flows, 1, trailing)}`.execute(trx);
      await sql`DELETE FROM usage_monthly_stale WHERE month BETWEEN ${first} AND ${last}`.execute(trx);
    });
  }

  /**
   * Sums again the monthly and trailing rollups of the months a rebuild rewrote without applying its differences (after
   * it, or after a rebuild killed before its end), each run of consecutive months at once; returns how many months.
   */
  async resumStaleMonths(): Promise<number> {
    const { rows } = await sql<{ month: string; last: string }>`
      SELECT to_char(month, 'YYYY-MM-DD') AS month, to_char(month + interval '1 month' - interval '1 day', 'YYYY-MM-DD') AS last
      FROM usage_monthly_stale ORDER BY month`.execute(this.db);
    const runs: { from: string; to: string }[] = [];
    for (const r of rows) {
      const run = runs[runs.length - 1];
      const next = run && new Date(Date.parse(`${run.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      if (run && next === r.month) run.to = r.last;
      else runs.push({ from: r.month, to: r.last });
    }
    for (const run of runs) await this.resumMonths(run.from, run.to);
    return rows.length;
  }

  async backlog(): Promise<number> {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM usage_dirty_days`.execute(this.db);
    return rows[0].n;
  }
}
