import { Injectable } from '@nestjs/common';
import { InjectDb, sql, type Db } from '@app/persistence';

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

/** The group key of each dimension, and the owner columns it carries (constant within a group, or '' when they vary). */
const KEYS: Record<UsageDimension, ReturnType<typeof sql>> = {
  month: MONTH,
  category: sql`category_code`,
  unit: sql`owner_region || '|' || owner_unit_id`,
  region: sql`owner_region`,
  instrument: sql`instrument_id`,
};

/**
 * Reads of the daily rollups for reports (never the raw sessions or power
 * events: a year of a province's use is a few million rollup rows, read in
 * one pass, where the raw intervals would be unioned again on every request).
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

  /** Effective, external and power-on time, fees and sessions of the instruments, summed per group. */
  async totals(scope: UsageScope, by: UsageDimension): Promise<UsageTotalsRow[]> {
    const { rows } = await sql<{ key: string; owner_region: string; owner_unit_id: string; category_code: string; effective: string; external: string; power: string; fee: string; sessions: string; no_shows: string }>`
      SELECT ${KEYS[by]} AS key,
        CASE WHEN min(owner_region) = max(owner_region) THEN min(owner_region) ELSE '' END AS owner_region,
        CASE WHEN min(owner_unit_id) = max(owner_unit_id) THEN min(owner_unit_id) ELSE '' END AS owner_unit_id,
        CASE WHEN min(category_code) = max(category_code) THEN min(category_code) ELSE '' END AS category_code,
        sum(effective_seconds) AS effective, sum(external_seconds) AS external, sum(power_seconds) AS power,
        sum(fee_fen) AS fee, sum(sessions) AS sessions, sum(no_shows) AS no_shows
      FROM usage_instrument_daily WHERE ${this.where(scope)}
      GROUP BY 1 ORDER BY 1`.execute(this.db);
    return rows.map((r) => ({
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
    }));
  }

  /** Session time (union within each flow and day), fees and sessions by requesting region × owning region × month. */
  async flows(scope: UsageScope): Promise<UsageFlowRow[]> {
    const { rows } = await sql<{ requester_region: string; owner_region: string; month: string; seconds: string; fee: string; sessions: string }>`
      SELECT requester_region, owner_region, ${MONTH} AS month, sum(session_seconds) AS seconds, sum(fee_fen) AS fee, sum(sessions) AS sessions
      FROM usage_flow_daily WHERE ${this.where(scope)}
      GROUP BY 1, 2, 3 ORDER BY 3, 1, 2`.execute(this.db);
    return rows.map((r) => ({ requesterRegion: r.requester_region, ownerRegion: r.owner_region, month: r.month, sessionSeconds: Number(r.seconds), feeFen: Number(r.fee), sessions: Number(r.sessions) }));
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
    const { rows } = await sql<{ instrument_id: string; owner_region: string; owner_unit_id: string; category_code: string; seconds: string; fee: string; sessions: string; regions: string[] }>`
      SELECT instrument_id, max(owner_region) AS owner_region, max(owner_unit_id) AS owner_unit_id, max(category_code) AS category_code,
        sum(session_seconds) AS seconds, sum(fee_fen) AS fee, sum(sessions) AS sessions, array_agg(DISTINCT requester_region ORDER BY requester_region) AS regions
      FROM usage_flow_daily WHERE ${this.where(scope)} AND requester_region <> '' AND requester_region <> owner_region
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
