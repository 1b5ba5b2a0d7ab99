/**
 * Queues and their jobs are declared as typed values by the domain that owns
 * them, so producers and handlers cannot disagree on a name or a payload:
 *
 *   export const CATALOG_QUEUE = defineQueue('catalog', {
 *     reclassify: job<{ instrumentId: string }>(),
 *   });
 */
export interface JobSpec<P> {
  /** Phantom field carrying the payload type; never set at run time. */
  readonly __payload?: P;
  /** Stable job id from the payload: BullMQ then drops duplicates (at-least-once made idempotent). */
  readonly jobId?: (payload: P) => string;
}

export type JobSpecs = Record<string, JobSpec<any>>;

export interface QueueDefinition<N extends string = string, J extends JobSpecs = JobSpecs> {
  readonly name: N;
  readonly jobs: J;
}

export type PayloadOf<Q extends QueueDefinition, K extends keyof Q['jobs']> = Q['jobs'][K] extends JobSpec<infer P> ? P : never;

export function job<P>(options: { jobId?: (payload: P) => string } = {}): JobSpec<P> {
  return { jobId: options.jobId };
}

export function defineQueue<N extends string, J extends JobSpecs>(name: N, jobs: J): QueueDefinition<N, J> {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`queue name must be kebab-case: ${name}`);
  return { name, jobs };
}
