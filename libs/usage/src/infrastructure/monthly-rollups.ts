import { sql } from '@app/persistence';

type Fragment = ReturnType<typeof sql>;

/**
 * A monthly rollup (migration 0022): the sums of a daily rollup's rows per month and key, `days` counting them; or, with
 * `perDay`, the same per China day (migration 0032).
 */
export interface MonthlyRollup {
  table: string;
  daily: 'usage_instrument_daily' | 'usage_flow_daily';
  keys: readonly string[];
  measures: readonly string[];
  /** Migration 0032: one row per China day and key (column `day`), not per month. */
  perDay?: true;
  /** Migration 0025: a twin summing only the daily rows of the instruments in `usage_excluded_instruments`. */
  onlyExcluded?: true;
  /** The twin of a report-grain rollup, subtracted from it by a report. */
  excludedTwin?: MonthlyRollup;
  /** Migration 0032: the same sums per day, which a report reads for the days of the months its period cuts. */
  days?: MonthlyRollup;
}

const INSTRUMENT_MEASURES = ['effective_seconds', 'external_seconds', 'session_seconds', 'power_seconds', 'fee_fen', 'sessions', 'no_shows'];
const FLOW_MEASURES = ['session_seconds', 'fee_fen', 'sessions'];

/**
 * Report grain: months, units and regions; categories; flows between regions. Each with its twin of the excluded
 * instruments' use alone, and its per-day rollup (with its own twin) for the cut days.
 */
function reportGrain(m: MonthlyRollup, twin: string, perDay: string, perDayTwin: string): MonthlyRollup {
  const withTwin = (r: MonthlyRollup, table: string): MonthlyRollup => ({ ...r, excludedTwin: { ...r, table, onlyExcluded: true } });
  return { ...withTwin(m, twin), days: withTwin({ ...m, table: perDay, perDay: true }, perDayTwin) };
}
export const UNIT_MONTHLY = reportGrain(
  { table: 'usage_unit_monthly', daily: 'usage_instrument_daily', keys: ['owner_region', 'owner_unit_id'], measures: INSTRUMENT_MEASURES },
  'usage_unit_excluded_monthly',
  'usage_unit_daily',
  'usage_unit_excluded_daily',
);
export const CATEGORY_MONTHLY = reportGrain(
  { table: 'usage_category_monthly', daily: 'usage_instrument_daily', keys: ['category_code'], measures: INSTRUMENT_MEASURES },
  'usage_category_excluded_monthly',
  'usage_category_daily',
  'usage_category_excluded_daily',
);
export const FLOW_MONTHLY = reportGrain(
  { table: 'usage_flow_monthly', daily: 'usage_flow_daily', keys: ['requester_region', 'owner_region'], measures: FLOW_MEASURES },
  'usage_flow_excluded_monthly',
  'usage_region_flow_daily',
  'usage_region_flow_excluded_daily',
);
/** Instrument grain: what an excluded instrument contributed (subtracted at read time), and the cross-region instruments. */
export const INSTRUMENT_MONTHLY: MonthlyRollup = {
  table: 'usage_instrument_monthly',
  daily: 'usage_instrument_daily',
  keys: ['instrument_id', 'owner_region', 'owner_unit_id', 'category_code'],
  measures: INSTRUMENT_MEASURES,
};
export const INSTRUMENT_FLOW_MONTHLY: MonthlyRollup = {
  table: 'usage_instrument_flow_monthly',
  daily: 'usage_flow_daily',
  keys: ['instrument_id', 'requester_region', 'owner_region', 'owner_unit_id', 'category_code'],
  measures: FLOW_MEASURES,
};
const withTwins = (m: MonthlyRollup) => (m.excludedTwin ? [m, m.excludedTwin] : [m]);
/** Every monthly rollup the rollup job keeps, twins included. */
export const MONTHLY_ROLLUPS: MonthlyRollup[] = [UNIT_MONTHLY, CATEGORY_MONTHLY, INSTRUMENT_MONTHLY, FLOW_MONTHLY, INSTRUMENT_FLOW_MONTHLY].flatMap(withTwins);
/** Every report-grain per-day rollup (migration 0032), twins included: kept by the job, and written by a rebuild with its daily rows. */
export const DAY_ROLLUPS: MonthlyRollup[] = [UNIT_MONTHLY, CATEGORY_MONTHLY, FLOW_MONTHLY].flatMap((m) => (m.days ? withTwins(m.days) : []));

const cols = (names: readonly string[], prefix = '') => sql.raw(names.map((n) => `${prefix}${n}`).join(', '));

/** A rollup's period column: `month`, or `day` for a per-day one. */
export const periodColumn = (m: MonthlyRollup) => sql.raw(m.perDay ? 'day' : 'month');

/**
 * Adds (`sign` 1) or subtracts (-1) daily rows, a relation named `rows` with the daily columns, to a monthly (or per-day)
 * rollup; ordered by key, so row locks are taken in one order.
 */
export function applyToMonthly(m: MonthlyRollup, rows: Fragment, sign: 1 | -1): Fragment {
  const keyList = cols(m.keys);
  const only = m.onlyExcluded ? sql`WHERE instrument_id IN (SELECT instrument_id FROM usage_excluded_instruments)` : sql``;
  const n = m.keys.length + 1;
  const positions = sql.raw(Array.from({ length: n }, (_, i) => String(i + 1)).join(', '));
  return sql`
    INSERT INTO ${sql.table(m.table)} AS t (${periodColumn(m)}, ${keyList}, days, ${cols(m.measures)})
    SELECT ${m.perDay ? sql`day` : sql`date_trunc('month', day)::date`}, ${keyList}, ${sign}::int * count(*), ${sql.raw(m.measures.map((c) => `${sign} * sum(${c})`).join(', '))}
    FROM ${rows} ${only} GROUP BY ${positions} ORDER BY ${positions}
    ON CONFLICT (${periodColumn(m)}, ${keyList}) DO UPDATE SET days = t.days + excluded.days, ${sql.raw(m.measures.map((c) => `${c} = t.${c} + excluded.${c}`).join(', '))}`;
}

/** Use from another region than the owner's (the requesting region known). */
export const CROSS_REGION = sql`requester_region <> '' AND requester_region <> owner_region`;

/** Migration 0028: per instrument and month, the cross-region use of the twelve months ending with it (from `usage_flow_daily`). */
export const CROSS_TRAILING = { table: 'usage_instrument_cross_trailing', months: 12 } as const;

/** The months of the trailing rows a daily row of `day` falls in (its own and the eleven after it). */
const trailingMonths = (day: Fragment) => sql`(date_trunc('month', ${day}) + k * interval '1 month')::date`;
const trailingSpan = sql`generate_series(0, ${CROSS_TRAILING.months - 1}::int) AS k`;

/**
 * Adds (`sign` 1) or subtracts (-1) flow daily rows (a relation named `rows`) to the trailing rows they fall in, in key
 * order; `months` (a condition on `month`) keeps only some of those.
 */
export function applyToTrailing(rows: Fragment, sign: 1 | -1, months: Fragment = sql`true`): Fragment {
  return sql`
    INSERT INTO ${sql.table(CROSS_TRAILING.table)} AS t (month, instrument_id, days, session_seconds, fee_fen, sessions)
    SELECT * FROM (
      SELECT ${trailingMonths(sql`day`)} AS month, instrument_id, ${sign}::int * count(*), ${sign} * sum(session_seconds), ${sign} * sum(fee_fen), ${sign} * sum(sessions)
      FROM ${rows} CROSS JOIN ${trailingSpan} WHERE ${CROSS_REGION} GROUP BY 1, 2) AS sums
    WHERE ${months} ORDER BY 1, 2
    ON CONFLICT (month, instrument_id) DO UPDATE SET days = t.days + excluded.days, session_seconds = t.session_seconds + excluded.session_seconds,
      fee_fen = t.fee_fen + excluded.fee_fen, sessions = t.sessions + excluded.sessions`;
}

/** The trailing months that days of `days` (a relation with a `day` column) fall in. */
export function trailingMonthsOf(days: Fragment): Fragment {
  return sql`(SELECT DISTINCT ${trailingMonths(sql`day`)} FROM ${days} CROSS JOIN ${trailingSpan})`;
}

/** The last of the plan's whole months when they are twelve in a row: the trailing rows of that month are their sums. */
export function trailingYearEnd(plan: MonthPlan): string | undefined {
  const { months } = plan;
  if (months.length !== CROSS_TRAILING.months) return undefined;
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));
  return months.every((m, i) => i === 0 || index(m) === index(months[i - 1]) + 1) ? months[months.length - 1] : undefined;
}

/** One way to read a period [from, to]: whole months from the monthly rollups, and days of the daily rollups added (1) or taken away (-1). */
export interface MonthPlan {
  months: string[];
  days: { from: string; to: string; sign: 1 | -1 }[];
}

/**
 * Each month of the period is read whole from the monthly rollup when it lies
 * inside; a month cut by the period's start or end is read from the daily
 * rows inside it, or whole minus the daily rows outside, whichever reads fewer
 * days (the last twelve months up to today: eleven whole months, and a few
 * days at each end).
 */
export function planMonths(from: string, to: string): MonthPlan {
  const day = (s: string) => Date.parse(`${s}T00:00:00Z`);
  const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
  const DAY = 86_400_000;
  const plan: MonthPlan = { months: [], days: [] };
  const f = day(from);
  const t = day(to);
  for (let d = new Date(f); d.getTime() <= t; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) {
    const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - DAY;
    const a = Math.max(start, f);
    const b = Math.min(end, t);
    const inside = (b - a) / DAY + 1;
    const all = (end - start) / DAY + 1;
    if (inside < all && inside <= all - inside) {
      plan.days.push({ from: iso(a), to: iso(b), sign: 1 });
      continue;
    }
    plan.months.push(iso(start));
    if (a > start) plan.days.push({ from: iso(start), to: iso(a - DAY), sign: -1 });
    if (b < end) plan.days.push({ from: iso(b + DAY), to: iso(end), sign: -1 });
  }
  return plan;
}

/** The scope's excluded ids, as `excludedScope` names them. */
export const EXCLUDED_IDS = sql`(SELECT instrument_id FROM excluded_ids)`;

/**
 * The CTEs a statement reading `monthlyCells` starts with (`WITH ${excludedScope(ids)}, …`): the scope's excluded ids,
 * sent once per statement, and how they differ from the twins' set (`only_scope`, `only_set`), computed once. Each
 * inline copy of the ids was a parameter of ~40 kB at 1,438 excluded instruments (full scale), parsed and hashed a few
 * milliseconds each, a dozen times per statement.
 */
export function excludedScope(excluded: readonly string[]): Fragment {
  return sql`excluded_ids AS MATERIALIZED (SELECT unnest(${excluded as string[]}::text[]) AS instrument_id),
    excluded_differences AS MATERIALIZED (
      SELECT ARRAY(SELECT instrument_id FROM excluded_ids EXCEPT SELECT instrument_id FROM usage_excluded_instruments) AS only_scope,
        ARRAY(SELECT instrument_id FROM usage_excluded_instruments EXCEPT SELECT instrument_id FROM excluded_ids) AS only_set)`;
}

/**
 * The rows of a monthly rollup for a period, as if summed from the daily
 * rows of the instruments not excluded: the plan's whole months, minus what
 * the excluded instruments contributed to them, and the plan's days of the
 * other instruments with their sign. What the excluded contributed is the
 * twin's rows (migration 0025: the instruments of `usage_excluded_instruments`,
 * which follows the catalog's classification), corrected with the
 * instrument-grain rows (`instrumentGrain`) of any instrument `excluded` and
 * the set disagree on — none for the DRC's reports, a unit's own for its
 * admin; without a twin, every excluded instrument's instrument-grain rows.
 * The plan's days are read the same way from the per-day rollup and its twin
 * (migration 0032: a few dozen rows a day, where the instrument-grain daily
 * rows are thousands), corrected with the instrument-grain daily rows.
 * A rollup per instrument leaves their rows out instead. The statement starts with `excludedScope`. Columns: `day` (the
 * month), the keys (or those of `keys` only: fewer columns, an index-only scan), `days` and the measures; a key with `days` 0 left has no
 * daily row of a counted instrument and is dropped by the caller (`HAVING sum(days) > 0`).
 */
export function monthlyCells(
  m: MonthlyRollup,
  plan: MonthPlan,
  instrumentGrain?: MonthlyRollup,
  where: Fragment = sql`true`,
  keys: readonly string[] = m.keys,
): Fragment {
  const ids = EXCLUDED_IDS;
  const keyList = cols(keys);
  const signed = (sign: 1 | -1, days: Fragment = sql`days`) =>
    sql`${sign}::int * ${days} AS days, ${sql.raw(m.measures.map((c) => `${sign} * ${c} AS ${c}`).join(', '))}`;
  const months = sql`month = ANY(${plan.months}::date[])`;
  const parts: Fragment[] = [];
  // A report-grain rollup, its twin subtracted, and the instrument-grain rows of the instruments the scope and the twin's set
  // disagree on. The differences as arrays (usually empty): as a join the planner expects hundreds of ids and scans whole
  // months.
  const counted = (base: MonthlyRollup, twin: MonthlyRollup, grain: string, range: Fragment, sign: 1 | -1) => {
    const period = base.perDay ? sql`date_trunc('month', day)::date` : sql`month`;
    const grainDays = base.perDay ? sql`1` : sql`days`;
    const flip = -sign as 1 | -1;
    parts.push(
      sql`SELECT ${period} AS day, ${keyList}, ${signed(sign)} FROM ${sql.table(base.table)} WHERE ${range} AND ${where}`,
      sql`SELECT ${period}, ${keyList}, ${signed(flip)} FROM ${sql.table(twin.table)} WHERE ${range} AND ${where}`,
      sql`SELECT ${period}, ${keyList}, ${signed(flip, grainDays)} FROM ${sql.table(grain)}
        WHERE ${range} AND instrument_id = ANY((SELECT only_scope FROM excluded_differences)::text[]) AND ${where}`,
      sql`SELECT ${period}, ${keyList}, ${signed(sign, grainDays)} FROM ${sql.table(grain)}
        WHERE ${range} AND instrument_id = ANY((SELECT only_set FROM excluded_differences)::text[]) AND ${where}`,
    );
  };
  if (instrumentGrain && m.excludedTwin) counted(m, m.excludedTwin, instrumentGrain.table, months, 1);
  else {
    parts.push(sql`SELECT month AS day, ${keyList}, days, ${cols(m.measures)} FROM ${sql.table(m.table)}
      WHERE ${months} AND ${where} ${instrumentGrain ? sql`` : sql`AND instrument_id NOT IN ${ids}`}`);
    if (instrumentGrain)
      parts.push(
        sql`SELECT month, ${keyList}, ${signed(-1)} FROM ${sql.table(instrumentGrain.table)} WHERE ${months} AND instrument_id IN ${ids} AND ${where}`,
      );
  }
  for (const p of plan.days) {
    const range = sql`day BETWEEN ${p.from}::date AND ${p.to}::date`;
    if (instrumentGrain && m.days?.excludedTwin) counted(m.days, m.days.excludedTwin, m.daily, range, p.sign);
    else
      parts.push(sql`SELECT date_trunc('month', day)::date, ${keyList}, ${signed(p.sign, sql`1`)}
        FROM ${sql.table(m.daily)} WHERE ${range} AND instrument_id NOT IN ${ids} AND ${where}`);
  }
  return sql.join(parts, sql` UNION ALL `);
}
