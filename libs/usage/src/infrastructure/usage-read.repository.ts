import { Injectable } from '@nestjs/common';
import { InjectDb, sql, type Db } from '@app/persistence';

export interface UsageTotals {
  effectiveSeconds: number;
  externalSeconds: number;
  sessions: number;
  feeFen: number;
}

/** Reads for other domains: the last use from the raw rows (Art. 15), period totals from the rollups only. */
@Injectable()
export class UsageReadRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  /**
   * The end of the latest use of each instrument: power-on intervals and
   * completed sessions alike (a no-show is no use). With `before`, only use
   * that had started by then counts, cut at that instant.
   */
  async lastUse(instrumentIds: readonly string[], before?: Date): Promise<Map<string, Date>> {
    if (instrumentIds.length === 0) return new Map();
    const ids = instrumentIds as string[];
    const cut = before ?? null;
    const { rows } = await sql<{ instrument_id: string; last: Date }>`
      SELECT instrument_id, max(CASE WHEN ${cut}::timestamptz IS NULL THEN upper(period) ELSE least(upper(period), ${cut}::timestamptz) END) AS last
      FROM (
        SELECT instrument_id, period FROM power_events WHERE instrument_id = ANY(${ids}::text[])
        UNION ALL
        SELECT instrument_id, period FROM usage_sessions WHERE instrument_id = ANY(${ids}::text[]) AND outcome = 'completed'
      ) u
      WHERE ${cut}::timestamptz IS NULL OR lower(period) < ${cut}::timestamptz
      GROUP BY instrument_id`.execute(this.db);
    return new Map(rows.map((r) => [r.instrument_id, new Date(r.last)]));
  }

  /**
   * Sums of the daily instrument rollups over the China days [from, to], per
   * owning unit of a region; with `instrumentIds`, of those instruments only.
   */
  async totalsByUnit(
    region: string,
    from: string,
    to: string,
    unitIds?: readonly string[],
    instrumentIds?: readonly string[],
  ): Promise<Map<string, UsageTotals>> {
    const units = unitIds ? sql`AND owner_unit_id = ANY(${unitIds as string[]}::text[])` : sql``;
    const instruments = instrumentIds ? sql`AND instrument_id = ANY(${instrumentIds as string[]}::text[])` : sql``;
    const { rows } = await sql<{ owner_unit_id: string; effective: string; external: string; sessions: string; fee: string }>`
      SELECT owner_unit_id, sum(effective_seconds)::text AS effective, sum(external_seconds)::text AS external,
             sum(sessions)::text AS sessions, sum(fee_fen)::text AS fee
      FROM usage_instrument_daily
      WHERE owner_region = ${region} AND day BETWEEN ${from}::date AND ${to}::date ${units} ${instruments}
      GROUP BY owner_unit_id`.execute(this.db);
    return new Map(
      rows.map((r) => [
        r.owner_unit_id,
        { effectiveSeconds: Number(r.effective), externalSeconds: Number(r.external), sessions: Number(r.sessions), feeFen: Number(r.fee) },
      ]),
    );
  }
}
