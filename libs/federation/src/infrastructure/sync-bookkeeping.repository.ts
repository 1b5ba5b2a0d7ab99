import { Injectable } from '@nestjs/common';
import type { RemoteBatch } from '@app/catalog';
import { InjectDb, type Db, type DB, type Transaction } from '@app/persistence';

type Rejection = { id: string; version: bigint; reason: string };

/**
 * What each sync run counts and remembers (cursors, counters, the error
 * list), written in the transaction of the catalog write it accounts for
 * (the catalog's `within`), so a crash leaves both or neither.
 */
@Injectable()
export class SyncBookkeepingRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  /** A batch applied: its rejections, its counters, and (unless a push) the pull cursor. */
  async batchApplied(
    trx: Transaction<DB>,
    sourceId: string,
    batch: RemoteBatch,
    result: { applied: number; removed: number },
    options: { moveCursor?: boolean },
  ): Promise<void> {
    await this.rejected(trx, sourceId, batch.invalid);
    await trx
      .updateTable('federation_sources')
      .set((eb) => ({
        ...(options.moveCursor === false ? {} : { cursor: batch.cursor }),
        records_in: eb(eb.ref('records_in'), '+', String(result.applied)),
        tombstones_in: eb(eb.ref('tombstones_in'), '+', String(result.removed)),
        dropped_confidential: eb(eb.ref('dropped_confidential'), '+', String(batch.droppedConfidential)),
        rejected: eb(eb.ref('rejected'), '+', String(batch.invalid.length)),
        updated_at: new Date(),
      }))
      .where('id', '=', sourceId)
      .execute();
  }

  /** Records a full snapshot no longer listed, counted as tombstones. */
  async unseenRemoved(trx: Transaction<DB>, sourceId: string, n: number): Promise<void> {
    await trx
      .updateTable('federation_sources')
      .set((eb) => ({ tombstones_in: eb(eb.ref('tombstones_in'), '+', String(n)), updated_at: new Date() }))
      .where('id', '=', sourceId)
      .execute();
  }

  /**
   * One page of pushes acknowledged: the writes refused with their reasons,
   * the outbound counter, and the push cursor — moved from `from` to `cursor`
   * only if it still is at `from` (false otherwise: the sync was restarted, or
   * another replica pushed the same page).
   */
  async pushCommitted(trx: Transaction<DB>, sourceId: string, page: { from: bigint; cursor: bigint; sent: number; refused: Rejection[] }): Promise<boolean> {
    await this.rejected(trx, sourceId, page.refused);
    const moved = await trx
      .updateTable('federation_sources')
      .set({ push_cursor: String(page.cursor), updated_at: new Date() })
      .where('id', '=', sourceId)
      .where('push_cursor', '=', String(page.from))
      .executeTakeFirst();
    await this.countOutbound(sourceId, page.sent, trx);
    return Number(moved.numUpdatedRows) === 1;
  }

  async countOutbound(sourceId: string, n: number, trx: Transaction<DB> | Db = this.db): Promise<void> {
    if (n === 0) return;
    await trx
      .updateTable('federation_sources')
      .set((eb) => ({ records_out: eb(eb.ref('records_out'), '+', String(n)) }))
      .where('id', '=', sourceId)
      .execute();
  }

  /** Records that were not stored or not taken, on the source's error list (once per id and version). */
  private async rejected(trx: Transaction<DB>, sourceId: string, records: Rejection[]): Promise<void> {
    if (records.length === 0) return;
    await trx
      .insertInto('federation_errors')
      .values(
        records.map((e) => ({
          source_id: sourceId,
          instrument_id: e.id.slice(0, 200),
          version: String(e.version < 0n ? 0n : e.version),
          reason: e.reason.slice(0, 2000),
        })),
      )
      .onConflict((oc) => oc.columns(['source_id', 'instrument_id', 'version']).doNothing())
      .execute();
  }
}
