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
    const cut = sql`coalesce(${before ?? null}::timestamptz, 'infinity'::timestamptz)`;
    // Power events are found by (start month, instrument, start) (migration 0031): each instrument's latest start before the
    // cut, a month at a time back from the cut's (the first month with one ends the walk), then the events that started up to
    // 31 days before it (power_events_length), the only ones that can end later.
    const { rows } = await sql<{ instrument_id: string; last: Date }>`
      WITH months AS (SELECT min(usage_china_month(lower(period))) AS first, max(usage_china_month(lower(period))) AS last FROM power_events),
      latest AS (
        SELECT i.instrument_id, l.start FROM unnest(${ids}::text[]) AS i(instrument_id) CROSS JOIN months
        CROSS JOIN LATERAL (
          SELECT e.start FROM generate_series(least(months.last, usage_china_month(${cut}))::timestamp, months.first::timestamp, interval '-1 month') AS m(month)
          CROSS JOIN LATERAL (
            SELECT lower(period) AS start FROM power_events
            WHERE usage_china_month(lower(period)) = m.month::date AND instrument_id = i.instrument_id AND lower(period) < ${cut}
            ORDER BY lower(period) DESC LIMIT 1
          ) e
          -- The newest month with one: said, not left to the series' order.
          ORDER BY m.month DESC
          LIMIT 1
        ) l
      ),
      power AS (
        SELECT e.instrument_id, e.period FROM latest l
        JOIN power_events e ON usage_china_month(lower(e.period)) = ANY(usage_power_start_months(l.start)) AND e.instrument_id = l.instrument_id
          AND lower(e.period) >= l.start - interval '31 days' AND lower(e.period) <= l.start
      )
      SELECT instrument_id, max(least(upper(period), ${cut})) AS last
      FROM (
        SELECT instrument_id, period FROM power
        UNION ALL
        SELECT instrument_id, period FROM usage_sessions WHERE instrument_id = ANY(${ids}::text[]) AND outcome = 'completed'
      ) u
      WHERE lower(period) < ${cut}
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
