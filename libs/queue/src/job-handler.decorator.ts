import { SetMetadata } from '@nestjs/common';
import type { QueueDefinition } from './job-definitions';

export const JOB_HANDLER = Symbol('JOB_HANDLER');

export interface JobHandlerMetadata {
  queue: QueueDefinition;
  job: string;
}

/** What a handler receives besides its payload. */
export interface JobContext {
  id: string;
  attempt: number;
  queue: string;
  name: string;
}

/**
 * Marks a provider method as the one handler of a job. The queue module finds
 * every handler at boot and refuses to start when a declared job has none or
 * two.
 */
export function JobHandler<Q extends QueueDefinition, K extends keyof Q['jobs'] & string>(queue: Q, job: K): MethodDecorator {
  return SetMetadata(JOB_HANDLER, { queue, job } satisfies JobHandlerMetadata);
}

/** Thrown by a handler for a failure that retrying cannot fix; the job fails at once. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}
