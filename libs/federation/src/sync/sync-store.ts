import { Injectable } from '@nestjs/common';
import { PartnerFeedUseCase, PartnerRecordsUseCase, type RemoteBatch } from '@app/catalog';
import { SyncBookkeepingRepository } from '../infrastructure/sync-bookkeeping.repository';

/**
 * Writes of a sync run: the catalog stores the records (its tables, its
 * store API), our bookkeeping commits in the same transaction.
 */
@Injectable()
export class SyncStore {
  constructor(
    private readonly records: PartnerRecordsUseCase,
    private readonly feed: PartnerFeedUseCase,
    private readonly bookkeeping: SyncBookkeepingRepository,
  ) {}

  /**
   * Applies one batch of a partner's changes and moves its cursor, atomically:
   * a crash leaves either both or neither. A push (`moveCursor: false`) leaves
   * the pull cursor where it is. With `after` (the write before it), the batch
   * is prepared at once and written, in order, once that write has succeeded;
   * if it failed, this one fails unwritten.
   */
  applyBatch(
    sourceId: string,
    batch: RemoteBatch,
    options: { moveCursor?: boolean; after?: Promise<unknown> } = {},
  ): Promise<{ applied: number; removed: number }> {
    return this.records.applyBatch(sourceId, batch, (trx, result) => this.bookkeeping.batchApplied(trx, sourceId, batch, result, options), options.after);
  }

  /**
   * After a pull from the beginning (a full snapshot of the partner's
   * catalog): removes this source's live records the snapshot did not contain.
   */
  removeUnseen(sourceId: string, seen: ReadonlySet<string>): Promise<number> {
    return this.records.removeUnseen(sourceId, seen, (trx, n) => this.bookkeeping.unseenRemoved(trx, sourceId, n));
  }

  /**
   * Commits one page of pushes the partner acknowledged, atomically: the
   * listing dates it answered, the writes it refused, the outbound counter and
   * the push cursor (false when the cursor had moved meanwhile: the caller
   * stops and the next run starts from the stored cursor).
   */
  commitPush(
    sourceId: string,
    page: {
      from: bigint;
      cursor: bigint;
      listings: { id: string; listedOn: string }[];
      sent: number;
      refused: { id: string; version: bigint; reason: string }[];
    },
  ): Promise<boolean> {
    return this.feed.recordListings(page.listings, (trx) => this.bookkeeping.pushCommitted(trx, sourceId, page));
  }
}
