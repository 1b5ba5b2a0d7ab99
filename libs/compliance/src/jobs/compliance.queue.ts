import { defineQueue, job } from '@app/queue';

/** Background work of the compliance domain. */
export const COMPLIANCE_QUEUE = defineQueue('compliance', {
  /**
   * Check every Jiaxing instrument's Art. 13 and Art. 15 duties and create the
   * reminders they call for. A retry, a second run the same day or two workers
   * at once create nothing twice: the reminders' unique key decides.
   */
  'scan-duties': job<{ asOf?: string }>(),
});

/** Recurring compliance work; idempotent (scheduler ids are stable), so every worker may call it. */
export async function scheduleComplianceJobs(queues: {
  schedule: (q: typeof COMPLIANCE_QUEUE, job: 'scan-duties', payload: { asOf?: string }, every: { cron: string }) => Promise<void>;
}): Promise<void> {
  // 00:20 China time, after the catalog's reclassification.
  await queues.schedule(COMPLIANCE_QUEUE, 'scan-duties', {}, { cron: '20 16 * * *' });
}
