import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { UnrecoverableError, type Job, type JobsOptions, type Queue, type Worker } from 'bullmq';
import type { PayloadOf, QueueDefinition } from './job-definitions';
import { JOB_HANDLER, PermanentJobError, type JobContext, type JobHandlerMetadata } from './job-handler.decorator';
import { DEFAULT_JOB_OPTIONS } from './job-options';
import { createQueueBackend, type QueueBackend, type QueueBackendOptions } from './queue-backend';

export interface QueueModuleOptions extends QueueBackendOptions {
  /** Start consumers in this process (the embedded default and `apps/worker`). */
  runWorkers: boolean;
  concurrency?: number;
}

export const QUEUE_MODULE_OPTIONS = Symbol('QUEUE_MODULE_OPTIONS');
export const QUEUE_DEFINITIONS = Symbol('QUEUE_DEFINITIONS');

type Handler = (payload: unknown, context: JobContext) => Promise<unknown>;

export class JobRegistrationError extends Error {}

/** How often a process checks that its schedules are still in the queue backend. */
const SCHEDULE_CHECK_MS = 5_000;

export interface QueueDepth {
  queue: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

@Injectable()
export class QueueService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('queue');
  private backend!: QueueBackend;
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private readonly handlers = new Map<string, Handler>();
  /** Every schedule this process registered, to put back one that Redis lost (restarted empty). */
  private readonly schedules = new Map<string, () => Promise<void>>();
  private scheduleKeeper?: NodeJS.Timeout;

  constructor(
    @Inject(QUEUE_MODULE_OPTIONS) private readonly options: QueueModuleOptions,
    @Inject(QUEUE_DEFINITIONS) private readonly definitions: QueueDefinition[],
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  get backendKind(): 'redis' | 'postgres' {
    return this.backend.kind;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.registerHandlers();
    this.backend = createQueueBackend(this.options);
    for (const definition of this.definitions) {
      this.queues.set(definition.name, this.backend.createQueue(definition.name, { defaultJobOptions: DEFAULT_JOB_OPTIONS }));
    }
    await Promise.all([...this.queues.values()].map((q) => q.waitUntilReady()));
    if (this.options.runWorkers) {
      for (const definition of this.definitions) this.startWorker(definition);
    }
    this.logger.log(`queues ready on ${this.backend.kind}: ${[...this.queues.keys()].join(', ')}${this.options.runWorkers ? ' (consuming)' : ''}`);
  }

  async add<Q extends QueueDefinition, K extends keyof Q['jobs'] & string>(
    queue: Q,
    job: K,
    payload: PayloadOf<Q, K>,
    options: JobsOptions = {},
  ): Promise<string> {
    const spec = queue.jobs[job];
    const jobId = options.jobId ?? spec.jobId?.(payload);
    const added = await this.queueOf(queue).add(job, payload, { ...options, jobId });
    return added.id!;
  }

  /**
   * Makes sure the job (by its stable id) will run: added if missing, replaced
   * if it already finished, left alone while waiting, delayed or active. For
   * sweepers that re-enqueue what the database says is unfinished.
   */
  async ensure<Q extends QueueDefinition, K extends keyof Q['jobs'] & string>(queue: Q, job: K, payload: PayloadOf<Q, K>): Promise<'added' | 'present'> {
    const jobId = queue.jobs[job].jobId?.(payload);
    if (!jobId) throw new JobRegistrationError(`${queue.name}/${job} has no stable job id; ensure() needs one`);
    const existing = await this.queueOf(queue).getJob(jobId);
    if (existing) {
      const state = await existing.getState();
      if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return 'present';
      await existing.remove().catch(() => undefined);
    }
    await this.add(queue, job, payload);
    return 'added';
  }

  /** Repeating work (e.g. the nightly reclassification); idempotent across replicas by scheduler id. */
  async schedule<Q extends QueueDefinition, K extends keyof Q['jobs'] & string>(
    queue: Q,
    job: K,
    payload: PayloadOf<Q, K>,
    every: { everyMs?: number; cron?: string },
    /** Distinguishes several schedules of one job (e.g. one pull per partner). */
    key?: string,
  ): Promise<void> {
    const id = `${queue.name}:${job}${key ? `:${key}` : ''}`;
    const q = this.queueOf(queue);
    const upsert = async () => {
      await q.upsertJobScheduler(id, every.cron ? { pattern: every.cron } : { every: every.everyMs! }, { name: job, data: payload });
    };
    await upsert();
    this.schedules.set(id, async () => {
      if (await q.getJobScheduler(id)) return;
      this.logger.warn(`schedule ${id} was gone from the queue backend (Redis restarted empty?); registered again`);
      await upsert();
    });
    // PostgreSQL keeps what it stored across a restart; Redis here runs without persistence.
    if (this.backend.kind === 'redis') this.keepSchedules();
  }

  /**
   * Schedules live in the queue backend: a Redis restarted without its data loses them, and with
   * them the sweepers that repair everything else (found by the fault suite: a forward in flight
   * when Redis died stayed "forwarding" for good). Only a missing one is put back: upserting an
   * existing scheduler would move its next run.
   */
  private keepSchedules(): void {
    if (this.scheduleKeeper) return;
    this.scheduleKeeper = setInterval(() => {
      for (const check of this.schedules.values()) check().catch(() => undefined);
    }, SCHEDULE_CHECK_MS);
    this.scheduleKeeper.unref();
  }

  async depths(): Promise<QueueDepth[]> {
    return Promise.all(
      [...this.queues.entries()].map(async ([name, q]) => {
        const c = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
        return { queue: name, waiting: c.waiting ?? 0, active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0, completed: c.completed ?? 0 };
      }),
    );
  }

  async ping(timeoutMs = 2_000): Promise<boolean> {
    const first = this.queues.values().next().value as Queue | undefined;
    if (!first) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([
        first.getJobCounts('waiting').then(
          () => true,
          () => false,
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Waits until no job of the queue is waiting, active or retrying (tests, the
   * demo). The next run of a schedule is delayed by design and does not count.
   */
  async drained(queue: QueueDefinition, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const q = this.queueOf(queue);
    for (;;) {
      const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      const retrying = c.delayed ? (await q.getDelayed()).filter((j) => !j.repeatJobKey).length : 0;
      if (!c.waiting && !c.active && !retrying && !c.prioritized) return;
      if (Date.now() > deadline) throw new Error(`queue ${queue.name} not drained within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.scheduleKeeper);
    await Promise.all(this.workers.map((w) => w.close().catch(() => undefined)));
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    await this.backend?.close();
  }

  private queueOf(queue: QueueDefinition): Queue {
    const q = this.queues.get(queue.name);
    if (!q) throw new JobRegistrationError(`queue "${queue.name}" is not registered with QueueModule`);
    return q;
  }

  private registerHandlers(): void {
    const declared = new Set(this.definitions.flatMap((d) => Object.keys(d.jobs).map((j) => `${d.name}/${j}`)));
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const meta = this.reflector.get<JobHandlerMetadata | undefined>(JOB_HANDLER, prototype[method]);
        if (!meta) continue;
        const key = `${meta.queue.name}/${meta.job}`;
        if (!declared.has(key)) {
          throw new JobRegistrationError(`${wrapper.name}.${method} handles ${key}, which no registered queue declares`);
        }
        if (this.handlers.has(key)) throw new JobRegistrationError(`job ${key} has two handlers (second: ${wrapper.name}.${method})`);
        this.handlers.set(key, (prototype[method] as Handler).bind(instance));
      }
    }
    const missing = [...declared].filter((key) => !this.handlers.has(key));
    if (missing.length > 0) throw new JobRegistrationError(`jobs without a handler: ${missing.join(', ')}`);
  }

  private startWorker(definition: QueueDefinition): void {
    const worker = this.backend.createWorker(
      definition.name,
      async (job: Job) => {
        const handler = this.handlers.get(`${definition.name}/${job.name}`);
        if (!handler) throw new UnrecoverableError(`no handler for ${definition.name}/${job.name}`);
        try {
          return await handler(job.data, { id: job.id!, attempt: job.attemptsMade + 1, queue: definition.name, name: job.name });
        } catch (error) {
          if (error instanceof PermanentJobError) throw new UnrecoverableError(error.message);
          throw error;
        }
      },
      { concurrency: this.options.concurrency ?? 4 },
    );
    worker.on('failed', (job, error) => {
      this.logger.warn(`job ${definition.name}/${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`);
    });
    worker.on('error', (error) => this.logger.error(`worker ${definition.name}: ${error.message}`));
    this.workers.push(worker);
  }
}
