import { defineQueue, job } from '@app/queue';

/** Background work of the catalog domain. */
export const CATALOG_QUEUE = defineQueue('catalog', {
  /**
   * Recompute every instrument's policy classification: decisions depend on
   * today's date (customs supervision ends, onboarding deadlines pass, idleness).
   * Keyed by date so a day's run happens once however many replicas schedule it.
   */
  'reclassify-all': job<{ asOf?: string }>(),
});

/** Recurring catalog work; idempotent (scheduler ids are stable), so every worker may call it. */
export async function scheduleCatalogJobs(queues: {
  schedule: (q: typeof CATALOG_QUEUE, job: 'reclassify-all', payload: { asOf?: string }, every: { cron: string }) => Promise<void>;
}): Promise<void> {
  // 00:10 China time, just after the date changes.
  await queues.schedule(CATALOG_QUEUE, 'reclassify-all', {}, { cron: '10 16 * * *' });
}
