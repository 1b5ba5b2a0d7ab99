import { defineQueue, job } from '@app/queue';

/** Background work of the usage domain. */
export const USAGE_QUEUE = defineQueue('usage', {
  /**
   * Drain the stale (instrument, day) marks into the daily rollups. One job id:
   * writers enqueue it after each write, and a mark left by a lost job or a
   * killed worker is picked up by the next run or the schedule.
   */
  rollup: job<Record<string, never>>({ jobId: () => 'usage-rollup' }),
  /** Mark every day with data stale (a rebuild through the same path); from/to bound it. */
  rebuild: job<{ from?: string; to?: string }>(),
});

export async function scheduleUsageJobs(queues: {
  schedule: (q: typeof USAGE_QUEUE, job: 'rollup', payload: Record<string, never>, every: { everyMs?: number }) => Promise<void>;
}): Promise<void> {
  await queues.schedule(USAGE_QUEUE, 'rollup', {}, { everyMs: 60_000 });
}
