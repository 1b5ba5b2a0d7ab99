import { sql, type Kysely } from 'kysely';

/**
 * The instruments most used across regions over a year, ranked without
 * summing every instrument's months at each report (owned by libs/usage):
 * `usage_instrument_cross_trailing` holds, per instrument and month, the
 * cross-region use (requesting region known and not the owner's) of the
 * twelve months ending with that month, summed from `usage_flow_daily`; `days`
 * counts those daily rows. The rollup job applies each rewritten day's
 * difference to the twelve rows it falls in (under USAGE_ROLLUP_LOCK, as the
 * monthly rollups), and a rebuild sums them again. A report whose whole months
 * are twelve in a row reads the top of one month's ranking from the index and
 * corrects only the instruments with use in the days at either end.
 */
const CROSS = `requester_region <> '' AND requester_region <> owner_region`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE usage_instrument_cross_trailing (
      month date NOT NULL,
      instrument_id text NOT NULL,
      days integer NOT NULL,
      session_seconds bigint NOT NULL,
      fee_fen bigint NOT NULL,
      sessions bigint NOT NULL,
      PRIMARY KEY (month, instrument_id)
    )`.execute(db);
  // The report's order (session time, then sessions, then id): its top k is the first k entries of a month.
  await sql`CREATE INDEX usage_instrument_cross_trailing_rank_idx ON usage_instrument_cross_trailing (month, session_seconds DESC, sessions DESC, instrument_id)`.execute(
    db,
  );
  await sql
    .raw(
      `INSERT INTO usage_instrument_cross_trailing
       SELECT (date_trunc('month', day) + k * interval '1 month')::date, instrument_id, count(*), sum(session_seconds), sum(fee_fen), sum(sessions)
       FROM usage_flow_daily CROSS JOIN generate_series(0, 11) AS k WHERE ${CROSS} GROUP BY 1, 2`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS usage_instrument_cross_trailing`.execute(db);
}
