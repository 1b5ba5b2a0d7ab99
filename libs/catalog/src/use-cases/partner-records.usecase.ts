import { Injectable } from '@nestjs/common';
import type { RemoteBatch } from '../domain/catalog-feeds';
import { PartnerRecordRepository, type Within } from '../infrastructure/partner-record.repository';

/**
 * Partners' records kept in the catalog (federation's pulls and pushes): a
 * batch applied idempotently by version, the records a full snapshot no longer
 * lists removed, and how many are held. The caller's bookkeeping commits with
 * each write (`within`).
 */
@Injectable()
export class PartnerRecordsUseCase {
  constructor(private readonly records: PartnerRecordRepository) {}

  /** With `after`, prepared now and written once that write has succeeded (see the repository). */
  applyBatch(
    sourceId: string,
    batch: RemoteBatch,
    within: Within<{ applied: number; removed: number }>,
    after?: Promise<unknown>,
  ): Promise<{ applied: number; removed: number }> {
    return this.records.applyBatch(sourceId, batch, within, after);
  }

  removeUnseen(sourceId: string, seen: ReadonlySet<string>, within: Within<number>): Promise<number> {
    return this.records.removeUnseen(sourceId, seen, within);
  }

  count(sourceId: string): Promise<number> {
    return this.records.count(sourceId);
  }
}
