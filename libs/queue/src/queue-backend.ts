import { Queue, Worker, createPostgresBackend, withBackend, type Processor, type QueueOptions, type WorkerOptions } from 'bullmq';
import IORedis from 'ioredis';

export interface QueueBackendOptions {
  /** Set → Redis (production); unset → BullMQ's PostgreSQL backend on `postgres`. */
  redisUrl?: string;
  /**
   * `notifications: false` for PGlite: its socket server hands a NOTIFY to the
   * connection that raised it, not to BullMQ's LISTEN connection, so workers
   * there poll instead of sleeping until woken.
   */
  postgres?: { connectionString: string; schema: string; notifications: boolean };
  /** Redis key prefix; lets test suites share one Redis. */
  prefix?: string;
}

export interface QueueBackend {
  kind: 'redis' | 'postgres';
  createQueue(name: string, options: Omit<QueueOptions, 'connection'>): Queue;
  createWorker(name: string, processor: Processor, options: Omit<WorkerOptions, 'connection'>): Worker;
  close(): Promise<void>;
}

/** Bounds a new job's wait for a worker when NOTIFY cannot wake it (embedded PGlite). */
const POLL_SECONDS_WITHOUT_NOTIFY = 0.5;

/** Hides which store BullMQ runs on; nothing outside this file knows. */
export function createQueueBackend(options: QueueBackendOptions): QueueBackend {
  if (options.redisUrl) {
    const connections: IORedis[] = [];
    // BullMQ needs its own connection per blocking worker and null retries.
    const connect = () => {
      const c = new IORedis(options.redisUrl!, { maxRetriesPerRequest: null, enableReadyCheck: true });
      c.on('error', () => undefined);
      connections.push(c);
      return c;
    };
    const prefix = options.prefix ?? 'yrd';
    return {
      kind: 'redis',
      createQueue: (name, queueOptions) => new Queue(name, { ...queueOptions, prefix, connection: connect() }),
      createWorker: (name, processor, workerOptions) => new Worker(name, processor, { ...workerOptions, prefix, connection: connect() }),
      async close() {
        await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
      },
    };
  }
  if (!options.postgres) throw new Error('queue backend: neither REDIS_URL nor a PostgreSQL connection was given');
  const notifications = options.postgres.notifications;
  const factory: typeof createPostgresBackend = (name, opts, extra) => {
    const backend = createPostgresBackend(name, opts, extra);
    if (!notifications) Object.defineProperty(backend, 'maximumBlockTimeout', { get: () => POLL_SECONDS_WITHOUT_NOTIFY });
    return backend;
  };
  const pg = withBackend(factory);
  const connection = {
    connectionString: options.postgres.connectionString,
    schema: options.postgres.schema,
    migrate: true,
    max: 4,
  };
  return {
    kind: 'postgres',
    createQueue: (name, queueOptions) => new pg.Queue(name, { ...queueOptions, connection }) as unknown as Queue,
    createWorker: (name, processor, workerOptions) =>
      new pg.Worker(name, processor, {
        ...workerOptions,
        ...(notifications ? {} : { drainDelay: POLL_SECONDS_WITHOUT_NOTIFY }),
        connection,
      }) as unknown as Worker,
    async close() {
      // Each queue and worker owns and closes its pool.
    },
  };
}
