import { sql, type Kysely } from 'kysely';
import { USAGE_ROLLUP_LOCK } from './0022-usage-monthly-rollups.migration';

/**
 * What the confidential and exempted instruments (Art. 2, 11) contributed to
 * the report-grain monthly rollups, per month and key, so a year's report
 * subtracts a few hundred rows instead of every excluded instrument's
 * instrument-grain rows (thousands at 50,000 instruments):
 * - `usage_excluded_instruments`: the instruments whose use the twins hold;
 * - `usage_unit_excluded_monthly`, `usage_category_excluded_monthly`,
 *   `usage_flow_excluded_monthly`: the same shape as `usage_unit_monthly`,
 *   `usage_category_monthly`, `usage_flow_monthly`, summed over those
 *   instruments' daily rows only.
 * The rollup job applies a rewritten day of an instrument of the set to the
 * twins as it does to the bases (under USAGE_ROLLUP_LOCK). When an
 * instrument's classification changes between `none` and confidential or
 * exempted (or a classified one is inserted or deleted), a trigger on
 * `instruments` adds or subtracts its instrument-grain monthly rows, every
 * month of its history, in the same transaction and under the same lock: the
 * set therefore follows the catalog, and a report reads
 * base − twin (± the instrument-grain rows of any instrument it excludes
 * differently, e.g. a unit's own).
 * Also, for the same report: the cross-region rows of the instrument-grain
 * flow rollup are read from a covering index (month → instrument and sums),
 * and the census of live instruments (region, unit, category, classification;
 * sensors, provincial listing) and the ids of the excluded ones from two on
 * `instruments`, without their wide rows.
 */
const INSTRUMENT = ['effective_seconds', 'external_seconds', 'session_seconds', 'power_seconds', 'fee_fen', 'sessions', 'no_shows'];
const FLOW = ['session_seconds', 'fee_fen', 'sessions'];
const TWINS = [
  {
    table: 'usage_unit_excluded_monthly',
    base: 'usage_unit_monthly',
    grain: 'usage_instrument_monthly',
    keys: ['owner_region', 'owner_unit_id'],
    measures: INSTRUMENT,
  },
  {
    table: 'usage_category_excluded_monthly',
    base: 'usage_category_monthly',
    grain: 'usage_instrument_monthly',
    keys: ['category_code'],
    measures: INSTRUMENT,
  },
  {
    table: 'usage_flow_excluded_monthly',
    base: 'usage_flow_monthly',
    grain: 'usage_instrument_flow_monthly',
    keys: ['requester_region', 'owner_region'],
    measures: FLOW,
  },
];

/** Adds (`sign` 1) or subtracts (-1) the instrument-grain rows of the instruments in `ids` (a relation of `instrument_id`) to a twin. */
function apply(t: (typeof TWINS)[number], ids: string, sign: string): string {
  const keys = t.keys.join(', ');
  const positions = Array.from({ length: t.keys.length + 1 }, (_, i) => String(i + 1)).join(', ');
  return `
    INSERT INTO ${t.table} AS t (month, ${keys}, days, ${t.measures.join(', ')})
    SELECT month, ${keys}, ${sign} * sum(days), ${t.measures.map((m) => `${sign} * sum(${m})`).join(', ')}
    FROM ${t.grain} WHERE instrument_id IN (${ids}) GROUP BY ${positions} ORDER BY ${positions}
    ON CONFLICT (month, ${keys}) DO UPDATE SET days = t.days + excluded.days, ${t.measures.map((m) => `${m} = t.${m} + excluded.${m}`).join(', ')}`;
}

/**
 * The function the classification trigger calls: moves an instrument's use into (`p_sign` 1) or out of (-1) the twins.
 * `more` (migration 0032: the daily twins) runs after the monthly twins' statements, under the same lock.
 */
export function applyExclusionFunction(more: string[] = []): string {
  return `
    CREATE OR REPLACE FUNCTION usage_apply_exclusion(p_instrument text, p_sign integer) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      -- The rollup job writes the twins under this lock too: it sees the set either before this change or after it.
      PERFORM pg_advisory_xact_lock(${USAGE_ROLLUP_LOCK}, hashtext(current_schema()));
      IF p_sign = 1 THEN
        INSERT INTO usage_excluded_instruments VALUES (p_instrument) ON CONFLICT DO NOTHING;
      ELSE
        DELETE FROM usage_excluded_instruments WHERE instrument_id = p_instrument;
      END IF;
      IF NOT FOUND THEN RETURN; END IF;
      ${[...TWINS.map((t) => `${apply(t, 'SELECT p_instrument', 'p_sign')};\n      DELETE FROM ${t.table} WHERE days = 0;`), ...more].join('\n      ')}
    END $$`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE usage_excluded_instruments (instrument_id text PRIMARY KEY)`.execute(db);
  for (const t of TWINS) {
    await sql`CREATE TABLE ${sql.table(t.table)} (LIKE ${sql.table(t.base)} INCLUDING ALL)`.execute(db);
  }
  await sql`INSERT INTO usage_excluded_instruments SELECT id FROM instruments WHERE confidentiality_status <> 'none'`.execute(db);
  for (const t of TWINS) await sql.raw(apply(t, 'SELECT instrument_id FROM usage_excluded_instruments', '1')).execute(db);

  await sql.raw(applyExclusionFunction()).execute(db);
  await sql`
    CREATE FUNCTION usage_instrument_exclusion() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.confidentiality_status <> 'none' THEN PERFORM usage_apply_exclusion(OLD.id, -1); END IF;
      IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.confidentiality_status <> 'none' THEN PERFORM usage_apply_exclusion(NEW.id, 1); END IF;
      RETURN NULL;
    END $$`.execute(db);
  // Only a change of excluded-or-not fires (an import of unclassified instruments never does).
  await sql`
    CREATE TRIGGER instruments_usage_exclusion_insert AFTER INSERT ON instruments
    FOR EACH ROW WHEN (NEW.confidentiality_status <> 'none') EXECUTE FUNCTION usage_instrument_exclusion()`.execute(db);
  await sql`
    CREATE TRIGGER instruments_usage_exclusion_update AFTER UPDATE ON instruments
    FOR EACH ROW WHEN ((OLD.confidentiality_status <> 'none') <> (NEW.confidentiality_status <> 'none') OR (OLD.id <> NEW.id AND NEW.confidentiality_status <> 'none'))
    EXECUTE FUNCTION usage_instrument_exclusion()`.execute(db);
  await sql`
    CREATE TRIGGER instruments_usage_exclusion_delete AFTER DELETE ON instruments
    FOR EACH ROW WHEN (OLD.confidentiality_status <> 'none') EXECUTE FUNCTION usage_instrument_exclusion()`.execute(db);

  await sql`
    CREATE INDEX usage_instrument_flow_monthly_cross_cover_idx ON usage_instrument_flow_monthly (month) INCLUDE (instrument_id, session_seconds, sessions, fee_fen, days)
    WHERE requester_region <> '' AND requester_region <> owner_region`.execute(db);
  await sql`DROP INDEX usage_instrument_flow_monthly_cross_idx`.execute(db);
  await sql`
    CREATE INDEX instruments_census_idx ON instruments (region, unit_id, category_code, confidentiality_status) INCLUDE (iot_sensor_id, province_listed_on)
    WHERE deleted_at IS NULL`.execute(db);
  await sql`CREATE INDEX instruments_excluded_idx ON instruments (id, unit_id) WHERE confidentiality_status <> 'none'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS instruments_census_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS instruments_excluded_idx`.execute(db);
  await sql`
    CREATE INDEX usage_instrument_flow_monthly_cross_idx ON usage_instrument_flow_monthly (month)
    WHERE requester_region <> '' AND requester_region <> owner_region`.execute(db);
  await sql`DROP INDEX IF EXISTS usage_instrument_flow_monthly_cross_cover_idx`.execute(db);
  for (const op of ['insert', 'update', 'delete']) await sql`DROP TRIGGER IF EXISTS ${sql.id(`instruments_usage_exclusion_${op}`)} ON instruments`.execute(db);
  await sql`DROP FUNCTION IF EXISTS usage_instrument_exclusion()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS usage_apply_exclusion(text, integer)`.execute(db);
  for (const t of TWINS) await sql`DROP TABLE IF EXISTS ${sql.table(t.table)}`.execute(db);
  await sql`DROP TABLE IF EXISTS usage_excluded_instruments`.execute(db);
}
