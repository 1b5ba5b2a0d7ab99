import { Injectable } from '@nestjs/common';
import { InjectDb, sql, type Db } from '@app/persistence';
import type { PowerEventInput } from '../domain/power-event';

export interface PowerEventWrite extends PowerEventInput {
  ownerRegion: string;
  ownerUnitId?: string;
  categoryCode: string;
}

/** The writes to `power_events` (the rollup and the last use read them too). */
@Injectable()
export class PowerEventRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  /**
   * Inserts a gateway's batch in one statement (ingest runs at sensor rates),
   * marking the days of the new intervals for rollup in the same statement.
   * Returns, for each event id not inserted because it was there already,
   * whether the stored event says the same thing.
   */
  async insertBatch(
    gatewayId: string,
    events: PowerEventWrite[],
  ): Promise<{ inserted: Set<string>; existing: Map<string, { instrumentId: string; start: Date; end: Date }> }> {
    if (events.length === 0) return { inserted: new Set(), existing: new Map() };
    return this.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ event_id: string }>`
        WITH input AS (
          SELECT * FROM unnest(${events.map((e) => e.eventId)}::text[], ${events.map((e) => e.instrumentId)}::text[],
            ${events.map((e) => e.ownerRegion)}::text[], ${events.map((e) => e.ownerUnitId ?? null)}::text[],
            ${events.map((e) => e.categoryCode)}::text[], ${events.map((e) => e.start.toISOString())}::timestamptz[],
            ${events.map((e) => e.end.toISOString())}::timestamptz[])
            AS t(event_id, instrument_id, owner_region, owner_unit_id, category_code, s, e)
        ), ins AS (
          INSERT INTO power_events (gateway_id, event_id, instrument_id, owner_region, owner_unit_id, category_code, period)
          SELECT ${gatewayId}, event_id, instrument_id, owner_region, owner_unit_id, category_code, tstzrange(s, e) FROM input
          ON CONFLICT (gateway_id, event_id) DO NOTHING
          RETURNING event_id, instrument_id, period
        ), dirty AS (
          INSERT INTO usage_dirty_days (instrument_id, day)
          SELECT DISTINCT ins.instrument_id, d FROM ins, usage_china_days(ins.period) AS d
          -- A mark already there is left as it is (no row rewritten); one a rollup is deleting is waited for and inserted again after it.
          ON CONFLICT (instrument_id, day) DO NOTHING
          RETURNING 1
        )
        SELECT event_id FROM ins`.execute(trx);
      const inserted = new Set(rows.map((r) => r.event_id));
      const others = [...new Set(events.map((e) => e.eventId).filter((id) => !inserted.has(id)))];
      const existing = new Map<string, { instrumentId: string; start: Date; end: Date }>();
      if (others.length) {
        const { rows: old } = await sql<{ event_id: string; instrument_id: string; start: Date; end: Date }>`
          SELECT event_id, instrument_id, lower(period) AS start, upper(period) AS "end" FROM power_events
          WHERE gateway_id = ${gatewayId} AND event_id = ANY(${others}::text[])`.execute(trx);
        for (const r of old) existing.set(r.event_id, { instrumentId: r.instrument_id, start: r.start, end: r.end });
      }
      return { inserted, existing };
    });
  }
}
