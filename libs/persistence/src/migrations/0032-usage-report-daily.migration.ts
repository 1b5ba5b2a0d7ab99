import { sql, type Kysely } from 'kysely';
import { TABLES as MONTHLY, USAGE_ROLLUP_LOCK } from './0022-usage-monthly-rollups.migration';
import { applyExclusionFunction } from './0025-usage-excluded-monthly.migration';

/**
 * Report-grain daily rollups (owned by libs/usage), so the days of the months a
 * report's period cuts cost what its whole months do: a year's report read
 * ~6,000 instrument-days a day of those days at 50,000 instruments, now a few
 * dozen rows a day whatever the number of instruments. Each is the sums of the
 * instrument-grain daily rows per China day and key, `days` counting them, the
 * same keys and measures as the monthly rollup of the same grain (0022):
 * - `usage_unit_daily` (owning region × unit), `usage_category_daily`,
 *   `usage_region_flow_daily` (requesting region × owning region, from
 *   `usage_flow_daily`);
 * - their twins `usage_unit_excluded_daily`, `usage_category_excluded_daily`,
 *   `usage_region_flow_excluded_daily`: the same over the instruments of
 *   `usage_excluded_instruments` only (0025), kept by the classification
 *   trigger too, so a report subtracts them as it does the monthly twins.
 * The rollup job applies each rewritten day's difference in the transaction
 * that rewrites it (as the monthly ones); a rebuild writes a month's rows in
 * the transaction that writes its daily rows. Filled here from the daily rows.
 */
// The report-grain monthly rollups of 0022, each with its per-day rollup and that one's twin.
const PER_DAY: Record<string, [string, string]> = {
  usage_unit_monthly: ['usage_unit_daily', 'usage_unit_excluded_daily'],
  usage_category_monthly: ['usage_category_daily', 'usage_category_excluded_daily'],
  usage_flow_monthly: ['usage_region_flow_daily', 'usage_region_flow_excluded_daily'],
};
const TABLES = MONTHLY.filter((t) => t.table in PER_DAY).map((t) => ({ ...t, monthly: t.table, table: PER_DAY[t.table][0], twin: PER_DAY[t.table][1] }));

/** Adds (`sign` 1) or subtracts (-1) the daily rows of `where` (a condition on the instrument-grain daily rows) to `table`. */
function apply(t: (typeof TABLES)[number], table: string, where: string, sign: string): string {
  const keys = t.keys.join(', ');
  const positions = Array.from({ length: t.keys.length + 1 }, (_, i) => String(i + 1)).join(', ');
  return `
    INSERT INTO ${table} AS t (day, ${keys}, days, ${t.measures.join(', ')})
    SELECT day, ${keys}, ${sign} * count(*), ${t.measures.map((m) => `${sign} * sum(${m})`).join(', ')}
    FROM ${t.daily} WHERE ${where} GROUP BY ${positions} ORDER BY ${positions}
    ON CONFLICT (day, ${keys}) DO UPDATE SET days = t.days + excluded.days, ${t.measures.map((m) => `${m} = t.${m} + excluded.${m}`).join(', ')}`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  // Filled under the rollups' lock (held to the migration's commit): a rollup job of the version before, still
  // running during a deploy, would otherwise rewrite daily rows the fill had already summed.
  await sql`SELECT pg_advisory_xact_lock(${sql.lit(USAGE_ROLLUP_LOCK)}, hashtext(current_schema()))`.execute(db);
  for (const t of TABLES) {
    // The monthly rollup's columns, keys and empty-row index, by day.
    await sql`CREATE TABLE ${sql.table(t.table)} (LIKE ${sql.table(t.monthly)} INCLUDING ALL)`.execute(db);
    await sql`ALTER TABLE ${sql.table(t.table)} RENAME COLUMN month TO day`.execute(db);
    await sql`CREATE TABLE ${sql.table(t.twin)} (LIKE ${sql.table(t.table)} INCLUDING ALL)`.execute(db);
    await sql.raw(apply(t, t.table, 'true', '1')).execute(db);
    await sql.raw(apply(t, t.twin, 'instrument_id IN (SELECT instrument_id FROM usage_excluded_instruments)', '1')).execute(db);
  }
  // A classification change moves the instrument's days too. Its days are found by `usage_instrument_daily`'s
  // (instrument_id, day) index, then its flow rows by their primary key's (day, instrument_id): every flow row has the
  // instrument-day row of the same session, and `usage_flow_daily` has no index by instrument.
  const days = `(SELECT day FROM usage_instrument_daily WHERE instrument_id = p_instrument)`;
  await sql
    .raw(
      applyExclusionFunction(
        TABLES.map(
          (t) =>
            `${apply(t, t.twin, `instrument_id = p_instrument AND day IN ${days}`, 'p_sign')};\n      DELETE FROM ${t.twin} WHERE days = 0 AND day IN ${days};`,
        ),
      ),
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(applyExclusionFunction()).execute(db);
  for (const t of TABLES) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t.twin)}`.execute(db);
    await sql`DROP TABLE IF EXISTS ${sql.table(t.table)}`.execute(db);
  }
}
