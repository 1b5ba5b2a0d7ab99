import { defineQueue, job } from '@app/queue';

export const USAGE_FEEDS_QUEUE = defineQueue('usage-feeds', {
  /** Pull one partner's (or the province's) usage sessions from the stored cursor. One job id per source. */
  pull: job<{ sourceId: string }>({ jobId: (p) => `usage-feed-${p.sourceId}` }),
});

/** Every partner's usage feed (gRPC partners and the province) is pulled at its catalog pull interval. */
export async function scheduleUsageFeeds(
  queues: { schedule: (q: typeof USAGE_FEEDS_QUEUE, job: 'pull', payload: { sourceId: string }, every: { everyMs: number }, key: string) => Promise<void> },
  partners: { id: string; pullIntervalMs: number }[],
): Promise<void> {
  for (const p of partners) await queues.schedule(USAGE_FEEDS_QUEUE, 'pull', { sourceId: p.id }, { everyMs: p.pullIntervalMs }, p.id);
}
