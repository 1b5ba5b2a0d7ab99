import { Injectable } from '@nestjs/common';
import { UsageRollupRepository } from '../infrastructure/usage-rollup.repository';

/** Pairs rewritten per transaction: small enough to keep locks short, large enough to amortise the statements. */
const BATCH = 500;

/** Brings the daily rollups up to date with the raw sessions and power events. */
@Injectable()
export class RollupUsageUseCase {
  constructor(private readonly rollups: UsageRollupRepository) {}

  /** Drains the stale marks; returns how many (instrument, day) pairs were rewritten. */
  async execute(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.rollups.rollupBatch(BATCH);
      total += n;
      if (n < BATCH) return total;
    }
  }

  /** Rebuilds the rollups of a period (all by default) from the raw rows. */
  async rebuild(from?: string, to?: string): Promise<number> {
    await this.rollups.markAll(from, to);
    return this.execute();
  }

  backlog(): Promise<number> {
    return this.rollups.backlog();
  }
}
