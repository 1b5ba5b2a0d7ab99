import { Injectable } from '@nestjs/common';
import { UsageRollupRepository } from '../infrastructure/usage-rollup.repository';

/** Pairs rewritten per transaction: small enough to keep locks short, large enough to amortise the statements. */
const BATCH = 500;
/**
 * Pairs per transaction when rebuilding: a backlog of every instrument-day is
 * drained in (day, instrument) order, so a batch is a few whole days and the
 * fixed cost of a transaction (the statements, the monthly upserts) is spread
 * over many more rows.
 */
const REBUILD_BATCH = 10_000;

/** Brings the daily rollups up to date with the raw sessions and power events. */
@Injectable()
export class RollupUsageUseCase {
  constructor(private readonly rollups: UsageRollupRepository) {}

  /** Drains the stale marks; returns how many (instrument, day) pairs were rewritten. */
  async execute(): Promise<number> {
    return this.drain(BATCH);
  }

  /** Rebuilds the daily rollups of a period (all by default) from the raw rows, and the monthly ones of its months from the daily. */
  async rebuild(from?: string, to?: string): Promise<number> {
    await this.rollups.markAll(from, to);
    const n = await this.drain(REBUILD_BATCH);
    await this.rollups.resumMonths(from, to);
    return n;
  }

  private async drain(batch: number): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.rollups.rollupBatch(batch);
      total += n;
      if (n < batch) return total;
    }
  }

  backlog(): Promise<number> {
    return this.rollups.backlog();
  }
}
