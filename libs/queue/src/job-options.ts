import type { DefaultJobOptions } from 'bullmq';

/**
 * One place for retry and retention. Exponential backoff with jitter spreads
 * retries of a failed partner across replicas instead of hammering it in step.
 */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
};
