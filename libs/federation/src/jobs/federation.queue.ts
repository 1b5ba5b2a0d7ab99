import { defineQueue, job } from '@app/queue';

export const FEDERATION_QUEUE = defineQueue('federation', {
  /** Pull one partner's changes from its committed cursor (gRPC partners and the province alike). */
  pull: job<{ sourceId: string }>(),
  /** Push Jiaxing's shareable instruments to an OpenAPI partner (the province) from its push cursor. */
  push: job<{ sourceId: string }>(),
});

/**
 * Every partner is pulled on its own schedule, and every OpenAPI partner (the
 * province) is also pushed to at the same interval (idempotent across replicas).
 */
export async function scheduleFederationJobs(
  queues: {
    schedule: (q: typeof FEDERATION_QUEUE, job: 'pull' | 'push', payload: { sourceId: string }, every: { everyMs: number }, key: string) => Promise<void>;
  },
  partners: { id: string; protocol: string; pullIntervalMs: number }[],
): Promise<void> {
  for (const p of partners) {
    await queues.schedule(FEDERATION_QUEUE, 'pull', { sourceId: p.id }, { everyMs: p.pullIntervalMs }, p.id);
    if (p.protocol === 'openapi') await queues.schedule(FEDERATION_QUEUE, 'push', { sourceId: p.id }, { everyMs: p.pullIntervalMs }, p.id);
  }
}
