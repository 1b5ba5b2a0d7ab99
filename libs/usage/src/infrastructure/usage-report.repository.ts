import { Injectable } from '@nestjs/common';
import { InjectDb, sql, type Db } from '@app/persistence';
import {
  CATEGORY_MONTHLY,
  CROSS_REGION,
  CROSS_TRAILING,
  EXCLUDED_IDS,
  FLOW_MONTHLY,
  INSTRUMENT_FLOW_MONTHLY,
  INSTRUMENT_MONTHLY,
  UNIT_MONTHLY,
  excludedScope,
  monthlyCells,
  planMonths,
  trailingYearEnd,
  type MonthlyRollup,
  type MonthPlan,
} from './monthly-rollups';

type Fragment = ReturnType<typeof sql>;

/** Which rollup rows a report reads: China days `from`…`to` inclusive, without the excluded instruments, optionally of one owning unit, of some owning regions, of one national category code prefix. */
export interface UsageScope {
  from: string;
  to: string;
  excluded: readonly string[];
  ownerUnitId?: string;
  ownerRegions?: readonly string[];
  /** `01` (a class: its sub-classes too) or `0101` (that sub-class). */
  categoryPrefix?: string;
}

export type UsageDimension = 'month' | 'category' | 'unit' | 'region' | 'instrument';

export interface UsageTotalsRow {
  key: string;
  ownerRegion: string;
  ownerUnitId: string;
  categoryCode: string;
  effectiveSeconds: number;
  externalSeconds: number;
  powerSeconds: number;
  feeFen: number;
  sessions: number;
  noShows: number;
}

export interface UsageFlowRow {
  requesterRegion: string;
  ownerRegion: string;
  month: string;
  sessionSeconds: number;
  feeFen: number;
  sessions: number;
}

export interface CrossRegionInstrumentRow {
  instrumentId: string;
  ownerRegion: string;
  ownerUnitId: string;
  categoryCode: string;
  sessionSeconds: number;
  feeFen: number;
  sessions: number;
  requesterRegions: string[];
}

const MONTH = sql`to_char(day, 'YYYY-MM')`;
const CROSS = CROSS_REGION;

/** The group key of each dimension, and the owner columns it carries (constant within a group, or '' when they vary). */
const KEYS: Record<UsageDimension, ReturnType<typeof sql>> = {
  month: MONTH,
  category: sql`category_code`,
  unit: sql`owner_region || '|' || owner_unit_id`,
  region: sql`owner_region`,
  instrument: sql`instrument_id`,
};

type TotalsSqlRow = {
  key: string;
  owner_region: string;
  owner_unit_id: string;
  category_code: string;
  effective: string;
  external: string;
  power: string;
  fee: string;
  sessions: string;
  no_shows: string;
};

const totalsRow = (r: TotalsSqlRow): UsageTotalsRow => ({
  key: r.key,
  ownerRegion: r.owner_region,
  ownerUnitId: r.owner_unit_id,
  categoryCode: r.category_code,
  effectiveSeconds: Number(r.effective),
  externalSeconds: Number(r.external),
  powerSeconds: Number(r.power),
  feeFen: Number(r.fee),
  sessions: Number(r.sessions),
  noShows: Number(r.no_shows),
});

/**
 * How far down the trailing ranking the top list corrects exactly, per place asked for: on the bench's data (scale 0.2)
 * the 20th and the 200th of a year are 6.6 h apart, more than nine in ten instruments' cross-region use in the four days
 * a year's report adds (4.2 h at the 90th percentile, 8.6 h at most), so few others need a look; with 2 per place
 * (28.2 h against 29.8 h), three in four did. Each of them is a heap row read in the index's order.
 */
const LEAD_PER_PLACE = 10;

/** Whether a scope reads the monthly rollups: not one unit's, nor narrowed to owner regions or a category class (the monthly rows are not keyed by those). */
const readsMonthly = (scope: UsageScope) => scope.ownerUnitId === undefined && scope.ownerRegions === undefined && scope.categoryPrefix === undefined;

/**
 * Reads of the rollups for reports (never the raw sessions or power events).
 * Totals by month, category, unit or region, the flows and the cross-region
 * instruments come from the monthly rollups (a few rows per month however
 * many instruments; `planMonths` says which months, and which days at either
 * end come from the daily ones). The monthly rows include confidential and
 * exempted instruments: the currently excluded ones (few) are subtracted with
 * their instrument-grain monthly rows, so what is left is exactly the sum of
 * the other instruments' daily rows, as if read from those. A unit admin's
 * scope and per-instrument totals read the daily rows.
 */
@Injectable()
export class UsageReportRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  // The excluded ids as a subquery: PostgreSQL hashes it once, where `<> ALL(array)` compares every row with every id.
  private where(scope: UsageScope) {
    return sql`day BETWEEN ${scope.from}::date AND ${scope.to}::date
      AND instrument_id NOT IN (SELECT unnest(${scope.excluded as string[]}::text[]))
      AND (${scope.ownerUnitId ?? null}::text IS NULL OR owner_unit_id = ${scope.ownerUnitId ?? null})
      AND (${scope.ownerRegions ? [...scope.ownerRegions] : null}::text[] IS NULL OR owner_region = ANY(${scope.ownerRegions ? [...scope.ownerRegions] : null}::text[]))
      AND (${scope.categoryPrefix ?? null}::text IS NULL OR starts_with(category_code, ${scope.categoryPrefix ?? ''}))`;
  }

  /**
   * A monthly rollup's rows for a scope, summed per month and key, kept when a counted instrument has a daily row there;
   * undefined when the scope reads the daily rows: one unit's, or narrowed to owner regions or a category class
   * (the monthly rows are not keyed by those, and such scopes are small).
   */
  private monthly(scope: UsageScope, m: MonthlyRollup, instrumentGrain?: MonthlyRollup): Fragment | undefined {
    if (!readsMonthly(scope)) return undefined;
    const keys = sql.raw(['day', ...m.keys].join(', '));
    return sql`(
      SELECT ${keys}, ${sql.raw(m.measures.map((c) => `sum(${c}) AS ${c}`).join(', '))}
      FROM (${monthlyCells(m, planMonths(scope.from, scope.to), instrumentGrain)}) c
      GROUP BY ${keys} HAVING sum(days) > 0) AS cells`;
  }

  /**
   * The top list from the monthly rows in two steps: the instruments ranked by their sums alone (a cell's sums are 0
   * when its `days` are), then the requesting regions and owner of those few, from the cells a counted row has.
   */
  private topFromMonthly(scope: UsageScope, limit: number) {
    const plan = planMonths(scope.from, scope.to);
    const cells = (where: Fragment, keys?: string[]) => monthlyCells(INSTRUMENT_FLOW_MONTHLY, plan, undefined, where, keys);
    return sql<{
      instrument_id: string;
      owner_region: string;
      owner_unit_id: string;
      category_code: string;
      seconds: string;
      fee: string;
      sessions: string;
      regions: string[];
    }>`
      WITH ${excludedScope(scope.excluded)}, top AS (${
        this.ranking(scope, plan, limit) ??
        sql`
        SELECT instrument_id, sum(session_seconds) AS seconds, sum(fee_fen) AS fee, sum(sessions) AS sessions FROM (${cells(CROSS, ['instrument_id'])}) c
        GROUP BY instrument_id HAVING sum(days) > 0 ORDER BY seconds DESC, sessions DESC, instrument_id LIMIT ${limit}`
      }
      ), detail AS (
        SELECT instrument_id, requester_region, owner_region, owner_unit_id, category_code
        FROM (${cells(sql`${CROSS} AND instrument_id IN (SELECT instrument_id FROM top)`)}) c
        GROUP BY 1, 2, 3, 4, 5 HAVING sum(days) > 0
      )
      SELECT top.instrument_id, max(owner_region) AS owner_region, max(owner_unit_id) AS owner_unit_id, max(category_code) AS category_code,
        top.seconds, top.fee, top.sessions, array_agg(DISTINCT requester_region ORDER BY requester_region) AS regions
      FROM top JOIN detail USING (instrument_id)
      GROUP BY top.instrument_id, top.seconds, top.fee, top.sessions ORDER BY top.seconds DESC, top.sessions DESC, top.instrument_id`;
  }

  /**
   * The top `limit` of a period whose whole months are twelve in a row, without summing every instrument's months: the
   * trailing rows of the last of them (migration 0028) are those sums, corrected by the days the plan adds or removes
   * (from the daily rows). Correcting every instrument with use in those days looked up thousands of trailing rows at
   * 50,000 instruments, so it is bounded: the first `LEAD_PER_PLACE` × `limit` of the trailing ranking (`lead`, read in
   * the index's order with their sums) are corrected exactly; any other instrument's sum is at most the last of them (`b`)
   * plus its days added, so only those whose days added could lift them to the `limit`-th corrected sum (`t`) are
   * looked up and corrected too. When `b` does not fall below `t` (ties
   * or a lead emptied by the days removed), every instrument with use in those days is corrected, as before. Undefined for
   * other periods.
   */
  private ranking(scope: UsageScope, plan: ReturnType<typeof planMonths>, limit: number): Fragment | undefined {
    const end = trailingYearEnd(plan);
    if (end === undefined) return undefined;
    const trailing = sql.table(CROSS_TRAILING.table);
    const lead = LEAD_PER_PLACE * limit;
    // Per instrument, the cross-region use of some of the plan's days (of some instruments), signed as the plan says.
    const cut = (days: MonthPlan['days'], where: Fragment = sql`true`) => sql`
      SELECT instrument_id, sum(days) AS days, sum(session_seconds) AS seconds, sum(fee_fen) AS fee, sum(sessions) AS sessions
      FROM (${monthlyCells(INSTRUMENT_FLOW_MONTHLY, { months: [], days }, undefined, sql`${CROSS} AND ${where}`, ['instrument_id'])}) d
      GROUP BY instrument_id`;
    const corrected = (t: string, c: string) => sql.raw(`coalesce(t.${t}, 0) + coalesce(a.${c}, 0) + coalesce(r.${c}, 0) AS ${c}`);
    // The period's sums of the instruments of `ids` (a relation): their trailing row (`t` in `from`), the days added and removed.
    const exact = (ids: string, from: Fragment, id: Fragment) => sql`
      SELECT ${id} AS instrument_id, ${corrected('days', 'days')}, ${corrected('session_seconds', 'seconds')}, ${corrected('fee_fen', 'fee')},
        ${corrected('sessions', 'sessions')}
      FROM ${from} LEFT JOIN added a ON a.instrument_id = ${id}
        LEFT JOIN (${cut(
          plan.days.filter((p) => p.sign === -1),
          sql`instrument_id IN (SELECT instrument_id FROM ${sql.table(ids)})`,
        )}) r ON r.instrument_id = ${id}`;
    const valid = sql`(SELECT whole OR coalesce(b < t, false) FROM bound)`;
    return sql`
      WITH added AS MATERIALIZED (${cut(plan.days.filter((p) => p.sign === 1))}),
      lead AS MATERIALIZED (
        SELECT instrument_id, days, session_seconds, fee_fen, sessions FROM ${trailing}
        WHERE month = ${end}::date AND days > 0 AND instrument_id NOT IN ${EXCLUDED_IDS}
        ORDER BY session_seconds DESC, sessions DESC, instrument_id LIMIT ${lead}
      ),
      known AS MATERIALIZED (${exact('lead', sql`lead t`, sql`t.instrument_id`)}),
      bound AS MATERIALIZED (
        SELECT count(*) < ${lead} AS whole, CASE WHEN count(*) < ${lead} THEN 0 ELSE min(session_seconds) END AS b,
          (SELECT seconds FROM known WHERE days > 0 ORDER BY seconds DESC, sessions DESC, instrument_id OFFSET ${limit - 1} LIMIT 1) AS t
        FROM lead
      ),
      more_ids AS MATERIALIZED (
        SELECT instrument_id FROM added, bound WHERE instrument_id NOT IN (SELECT instrument_id FROM lead) AND (t IS NULL OR b + seconds >= t)
      ),
      more AS (${exact('more_ids', sql`more_ids i LEFT JOIN ${trailing} t ON t.month = ${end}::date AND t.instrument_id = i.instrument_id`, sql`i.instrument_id`)}),
      adj AS (${cut(plan.days)}),
      ranked AS (
        SELECT a.instrument_id, coalesce(t.days, 0) + a.days AS days, coalesce(t.session_seconds, 0) + a.seconds AS seconds,
          coalesce(t.fee_fen, 0) + a.fee AS fee, coalesce(t.sessions, 0) + a.sessions AS sessions
        FROM adj a LEFT JOIN ${trailing} t ON t.month = ${end}::date AND t.instrument_id = a.instrument_id
        UNION ALL (
          SELECT instrument_id, days, session_seconds, fee_fen, sessions FROM ${trailing}
          WHERE month = ${end}::date AND days > 0 AND instrument_id NOT IN (SELECT instrument_id FROM adj)
            AND instrument_id NOT IN ${EXCLUDED_IDS}
          ORDER BY session_seconds DESC, sessions DESC, instrument_id LIMIT ${limit})
      )
      SELECT instrument_id, seconds, fee, sessions FROM (
        SELECT * FROM known WHERE ${valid} UNION ALL SELECT * FROM more WHERE ${valid}
        -- Not bounded: every instrument with use in the days, as before (never run when the bound holds).
        UNION ALL SELECT * FROM ranked WHERE NOT ${valid}
      ) x WHERE days > 0 ORDER BY seconds DESC, sessions DESC, instrument_id LIMIT ${limit}`;
  }

  /** The start of a statement that reads `monthly` cells: the scope's excluded ids (`excludedScope`). */
  private withExcluded(scope: UsageScope, monthly: Fragment | undefined) {
    return monthly ? sql`WITH ${excludedScope(scope.excluded)} ` : sql``;
  }

  /** A report read, with room to group its tens of thousands of monthly rows in memory (the default 4 MB spills to disk). */
  private read<R>(query: ReturnType<typeof sql<R>>) {
    return this.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL work_mem = '32MB'`.execute(trx);
      return query.execute(trx);
    });
  }

  /** Effective, external and power-on time, fees and sessions of the instruments, summed per group. */
  async totals(scope: UsageScope, by: UsageDimension): Promise<UsageTotalsRow[]> {
    const monthly =
      by === 'instrument'
        ? undefined
        : by === 'category'
          ? this.monthly(scope, CATEGORY_MONTHLY, INSTRUMENT_MONTHLY)
          : this.monthly(scope, UNIT_MONTHLY, INSTRUMENT_MONTHLY);
    const { rows } =
      await sql<TotalsSqlRow>`${this.withExcluded(scope, monthly)}${this.grouped(by, monthly ?? sql`usage_instrument_daily WHERE ${this.where(scope)}`, monthly !== undefined)} ORDER BY 1`.execute(
        this.db,
      );
    return rows.map(totalsRow);
  }

  /**
   * The totals by month, category and unit of one scope in one statement (a report's three tables): the units' cells give
   * the months and the units, the categories' cells the categories, each from the monthly rollups and, for the days of the
   * cut months, the per-day ones (migration 0032).
   */
  async totalsByMonthCategoryUnit(scope: UsageScope): Promise<Record<'month' | 'category' | 'unit', UsageTotalsRow[]>> {
    const units = this.monthly(scope, UNIT_MONTHLY, INSTRUMENT_MONTHLY);
    const categories = this.monthly(scope, CATEGORY_MONTHLY, INSTRUMENT_MONTHLY);
    if (!units || !categories) {
      const [month, category, unit] = await Promise.all([this.totals(scope, 'month'), this.totals(scope, 'category'), this.totals(scope, 'unit')]);
      return { month, category, unit };
    }
    const { rows } = await this.read(sql<TotalsSqlRow & { dimension: 'month' | 'category' | 'unit' }>`
      WITH ${excludedScope(scope.excluded)}, units AS (SELECT * FROM ${units}), categories AS (SELECT * FROM ${categories})
      SELECT 'month' AS dimension, * FROM (${this.grouped('month', sql`units`, true)}) a
      UNION ALL SELECT 'unit', * FROM (${this.grouped('unit', sql`units`, true)}) b
      UNION ALL SELECT 'category', * FROM (${this.grouped('category', sql`categories`, true)}) c
      ORDER BY 1, 2`);
    const out: Record<'month' | 'category' | 'unit', UsageTotalsRow[]> = { month: [], category: [], unit: [] };
    for (const r of rows) out[r.dimension].push(totalsRow(r));
    return out;
  }

  /** Sums of `source` (daily rows, or monthly cells whose owner columns are their key's: a category's region and unit, a unit's category, are '') per group. */
  private grouped(by: UsageDimension, source: Fragment, monthly: boolean) {
    const [region, unit, category] = monthly
      ? [by === 'category' ? sql`''` : sql`owner_region`, by === 'category' ? sql`''` : sql`owner_unit_id`, by === 'category' ? sql`category_code` : sql`''`]
      : [sql`owner_region`, sql`owner_unit_id`, sql`category_code`];
    return sql`
      SELECT ${KEYS[by]} AS key,
        CASE WHEN min(${region}) = max(${region}) THEN min(${region}) ELSE '' END AS owner_region,
        CASE WHEN min(${unit}) = max(${unit}) THEN min(${unit}) ELSE '' END AS owner_unit_id,
        CASE WHEN min(${category}) = max(${category}) THEN min(${category}) ELSE '' END AS category_code,
        sum(effective_seconds) AS effective, sum(external_seconds) AS external, sum(power_seconds) AS power,
        sum(fee_fen) AS fee, sum(sessions) AS sessions, sum(no_shows) AS no_shows
      FROM ${source}
      GROUP BY 1`;
  }

  /** Session time (union within each flow and day), fees and sessions by requesting region × owning region × month. */
  async flows(scope: UsageScope): Promise<UsageFlowRow[]> {
    const monthly = this.monthly(scope, FLOW_MONTHLY, INSTRUMENT_FLOW_MONTHLY);
    const source = monthly ?? sql`usage_flow_daily WHERE ${this.where(scope)}`;
    const { rows } = await sql<{ requester_region: string; owner_region: string; month: string; seconds: string; fee: string; sessions: string }>`
      ${this.withExcluded(scope, monthly)}SELECT requester_region, owner_region, ${MONTH} AS month, sum(session_seconds) AS seconds, sum(fee_fen) AS fee, sum(sessions) AS sessions
      FROM ${source}
      GROUP BY 1, 2, 3 ORDER BY 3, 1, 2`.execute(this.db);
    return rows.map((r) => ({
      requesterRegion: r.requester_region,
      ownerRegion: r.owner_region,
      month: r.month,
      sessionSeconds: Number(r.seconds),
      feeFen: Number(r.fee),
      sessions: Number(r.sessions),
    }));
  }

  /**
   * Per instrument, session time requested from another region than the owner's (known requesting
   * region only; each flow's union per day, summed over the flows, as the flow matrix counts it).
   */
  async crossRegionSeconds(scope: UsageScope): Promise<Map<string, number>> {
    const { rows } = await sql<{ instrument_id: string; seconds: string }>`
      SELECT instrument_id, sum(session_seconds) AS seconds
      FROM usage_flow_daily WHERE ${this.where(scope)} AND requester_region <> '' AND requester_region <> owner_region
      GROUP BY instrument_id`.execute(this.db);
    return new Map(rows.map((r) => [r.instrument_id, Number(r.seconds)]));
  }

  /** The instruments most used from another region than their own (known requesting region only). */
  async topCrossRegion(scope: UsageScope, limit: number): Promise<CrossRegionInstrumentRow[]> {
    type Row = {
      instrument_id: string;
      owner_region: string;
      owner_unit_id: string;
      category_code: string;
      seconds: string;
      fee: string;
      sessions: string;
      regions: string[];
    };
    const { rows } =
      scope.ownerUnitId === undefined
        ? await this.read(this.topFromMonthly(scope, limit))
        : await sql<Row>`
      SELECT instrument_id, max(owner_region) AS owner_region, max(owner_unit_id) AS owner_unit_id, max(category_code) AS category_code,
        sum(session_seconds) AS seconds, sum(fee_fen) AS fee, sum(sessions) AS sessions, array_agg(DISTINCT requester_region ORDER BY requester_region) AS regions
      FROM usage_flow_daily WHERE ${this.where(scope)} AND ${CROSS}
      GROUP BY instrument_id ORDER BY sum(session_seconds) DESC, sum(sessions) DESC, instrument_id LIMIT ${limit}`.execute(this.db);
    return rows.map((r) => ({
      instrumentId: r.instrument_id,
      ownerRegion: r.owner_region,
      ownerUnitId: r.owner_unit_id,
      categoryCode: r.category_code,
      sessionSeconds: Number(r.seconds),
      feeFen: Number(r.fee),
      sessions: Number(r.sessions),
      requesterRegions: r.regions,
    }));
  }
}
