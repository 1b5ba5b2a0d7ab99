import { sql, type Transaction } from '@app/persistence';

/**
 * Marks the China days an interval touches (or one day) stale for the rollup,
 * inside the writer's transaction. A mark the rollup holds is waited for and
 * written again after it commits, so a write never slips between a rollup's
 * read and its unmarking.
 */
export async function markDirty(trx: Transaction<any>, instrumentId: string, period: { start: Date; end: Date } | undefined, day?: string): Promise<void> {
  if (period) {
    await sql`
      INSERT INTO usage_dirty_days (instrument_id, day)
      SELECT ${instrumentId}, d FROM usage_china_days(tstzrange(${period.start}, ${period.end})) AS d
      ON CONFLICT (instrument_id, day) DO UPDATE SET marked_at = now()`.execute(trx);
  }
  if (day) {
    await sql`
      INSERT INTO usage_dirty_days (instrument_id, day) VALUES (${instrumentId}, ${day}::date)
      ON CONFLICT (instrument_id, day) DO UPDATE SET marked_at = now()`.execute(trx);
  }
}
