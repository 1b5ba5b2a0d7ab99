import { Injectable } from '@nestjs/common';
import { UsageRollupRepository } from '../infrastructure/usage-rollup.repository';

/** Pairs rewritten per transaction: small enough to keep locks short, large enough to amortise the statements. */
const BATCH = 500;

/** The calendar months from the one of `first` to the one of `last` (ISO days), each as its first and last day. */
function monthsBetween(first: string, last: string): { from: string; to: string }[] {
  const months: { from: string; to: string }[] = [];
  const end = Date.parse(`${last.slice(0, 7)}-01T00:00:00Z`);
  for (let t = Date.parse(`${first.slice(0, 7)}-01T00:00:00Z`); t <= end;) {
    const d = new Date(t);
    const next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    months.push({ from: d.toISOString().slice(0, 10), to: new Date(next - 86_400_000).toISOString().slice(0, 10) });
    t = next;
  }
  return months;
}

/** Brings the daily rollups up to date with the raw sessions and power events. */
@Injectable()
export class RollupUsageUseCase {
  constructor(private readonly rollups: UsageRollupRepository) {}

  /** Drains the stale marks; returns how many (instrument, day) pairs were rewritten. */
  async execute(): Promise<number> {
    const n = await this.drain(BATCH);
    // Months a rebuild left to be summed again (a rebuild killed before its end; during one, a month it has finished).
    await this.rollups.resumStaleMonths();
    return n;
  }

  /** Rebuilds the daily rollups of a period (all by default) from the raw rows, and the monthly ones of its months from the daily. */
  async rebuild(from?: string, to?: string): Promise<number> {
    // A month a transaction, each rewritten from its raw rows in one pass (no marks: every day of the extent is rewritten).
    const extent = await this.rollups.rollupExtent();
    let n = 0;
    if (extent) {
      const first = from && from > extent.first ? from : extent.first;
      const last = to && to < extent.last ? to : extent.last;
      for (const month of first <= last ? monthsBetween(first, last) : [])
        n += await this.rollups.rebuildDays(month.from < first ? first : month.from, month.to > last ? last : month.to);
    }
    // What writers marked meanwhile, as the job would.
    n += await this.drain(BATCH);
    // The months were rewritten without their monthly and trailing differences: summed here once, with any month of the
    // period that has no daily rows left (the per-day rollups were written with each month's daily rows).
    await this.rollups.resumMonths(from, to, { perDay: false });
    await this.rollups.resumStaleMonths();
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
