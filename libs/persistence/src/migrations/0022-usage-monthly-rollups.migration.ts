import { sql, type Kysely } from 'kysely';

/**
 * Monthly rollups (owned by libs/usage), so a year's report sums a few
 * thousand rows instead of every instrument-day. Each is the sums of a daily
 * rollup per month and key, `days` counting the daily rows:
 * - report grain: `usage_unit_monthly` (owning region × unit: month, unit and
 *   region totals), `usage_category_monthly` (category), `usage_flow_monthly`
 *   (requesting region × owning region: the flow matrix);
 * - instrument grain: `usage_instrument_monthly` and
 *   `usage_instrument_flow_monthly` (× requesting region), from which a report
 *   subtracts the currently confidential or exempted instruments (the monthly
 *   rows include them) and reads the instruments most used across regions.
 * The rollup job applies each rewritten day's difference (old rows subtracted,
 * new ones added) in the transaction that rewrites it, under USAGE_ROLLUP_LOCK,
 * and deletes a row whose `days` fall to 0; a rebuild sums them again.
 * Also: power events are found by (instrument, start) in a btree, cheaper to
 * write than the GiST it replaces, bounded by their 31-day maximum length,
 * which a CHECK now guarantees (ingest and session validation refused longer).
 */
/** Serialises the monthly rollups' updates between rollup workers. */
export const USAGE_ROLLUP_LOCK = 7_340_022;

const INSTRUMENT = ['effective_seconds', 'external_seconds', 'session_seconds', 'power_seconds', 'fee_fen', 'sessions', 'no_shows'];
const FLOW = ['session_seconds', 'fee_fen', 'sessions'];
export const TABLES: { table: string; daily: string; keys: string[]; measures: string[] }[] = [
  { table: 'usage_unit_monthly', daily: 'usage_instrument_daily', keys: ['owner_region', 'owner_unit_id'], measures: INSTRUMENT },
  { table: 'usage_category_monthly', daily: 'usage_instrument_daily', keys: ['category_code'], measures: INSTRUMENT },
  {
    table: 'usage_instrument_monthly',
    daily: 'usage_instrument_daily',
    keys: ['instrument_id', 'owner_region', 'owner_unit_id', 'category_code'],
    measures: INSTRUMENT,
  },
  { table: 'usage_flow_monthly', daily: 'usage_flow_daily', keys: ['requester_region', 'owner_region'], measures: FLOW },
  {
    table: 'usage_instrument_flow_monthly',
    daily: 'usage_flow_daily',
    keys: ['instrument_id', 'requester_region', 'owner_region', 'owner_unit_id', 'category_code'],
    measures: FLOW,
  },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const t of TABLES) {
    await sql`
      CREATE TABLE ${sql.table(t.table)} (
        month date NOT NULL,
        ${sql.raw(t.keys.map((k) => `${k} text NOT NULL`).join(', '))},
        days integer NOT NULL,
        ${sql.raw(t.measures.map((m) => `${m} bigint NOT NULL`).join(', '))},
        PRIMARY KEY (month, ${sql.raw(t.keys.join(', '))})
      )`.execute(db);
    // The rows a rewrite emptied, found without scanning the month.
    await sql`CREATE INDEX ${sql.id(`${t.table}_empty_idx`)} ON ${sql.table(t.table)} (month) WHERE days = 0`.execute(db);
    // A report subtracts the excluded instruments' rows: a few hundred instruments, found by instrument, not by scanning the months.
    if (t.keys[0] === 'instrument_id')
      await sql`CREATE INDEX ${sql.id(`${t.table}_instrument_idx`)} ON ${sql.table(t.table)} (instrument_id, month)`.execute(db);
    // From the daily rows already there.
    await sql`
      INSERT INTO ${sql.table(t.table)}
      SELECT date_trunc('month', day)::date, ${sql.raw(t.keys.join(', '))}, count(*), ${sql.raw(t.measures.map((m) => `sum(${m})`).join(', '))}
      FROM ${sql.table(t.daily)} GROUP BY 1, ${sql.raw(t.keys.map((_, i) => String(i + 2)).join(', '))}`.execute(db);
  }
  // The instruments most used across regions read only the cross-region rows of the months (the same predicate as the report's).
  await sql`
    CREATE INDEX usage_instrument_flow_monthly_cross_idx ON usage_instrument_flow_monthly (month)
    WHERE requester_region <> '' AND requester_region <> owner_region`.execute(db);
  // Stale marks drained by day, then instrument (the primary key's order, no sort of the backlog): the daily rows of
  // a day are then written together, and a report's few days of a partial month read a few pages, not a page a row.
  await sql`ALTER TABLE usage_dirty_days DROP CONSTRAINT usage_dirty_days_pkey, ADD PRIMARY KEY (day, instrument_id)`.execute(db);
  await sql`ALTER TABLE power_events ADD CONSTRAINT power_events_length CHECK (upper(period) - lower(period) <= interval '31 days')`.execute(db);
  await sql`CREATE INDEX power_events_instrument_start_idx ON power_events (instrument_id, lower(period))`.execute(db);
  await sql`DROP INDEX power_events_instrument_idx`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE usage_dirty_days DROP CONSTRAINT usage_dirty_days_pkey, ADD PRIMARY KEY (instrument_id, day)`.execute(db);
  await sql`CREATE INDEX power_events_instrument_idx ON power_events USING gist (instrument_id, period)`.execute(db);
  await sql`DROP INDEX IF EXISTS power_events_instrument_start_idx`.execute(db);
  await sql`ALTER TABLE power_events DROP CONSTRAINT IF EXISTS power_events_length`.execute(db);
  for (const t of TABLES) await sql`DROP TABLE IF EXISTS ${sql.table(t.table)}`.execute(db);
}
