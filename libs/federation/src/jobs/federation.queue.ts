import { defineQueue, job } from '@app/queue';

export const FEDERATION_QUEUE = defineQueue('federation', {
  /** Pull one partner's changes from its committed cursor. */
  pull: job<{ sourceId: string }>(),
});

/** Every gRPC partner is pulled on its own schedule (idempotent across replicas). */
export async function scheduleFederationJobs(
  queues: { schedule: (q: typeof FEDERATION_QUEUE, job: 'pull', payload: { sourceId: string }, every: { everyMs: number }, key: string) => Promise<void> },
  partners: { id: string; protocol: string; pullIntervalMs: number }[],
): Promise<void> {
  for (const p of partners.filter((x) => x.protocol === 'grpc')) {
    await queues.schedule(FEDERATION_QUEUE, 'pull', { sourceId: p.id }, { everyMs: p.pullIntervalMs }, p.id);
  }
}
