import { Queue, Worker, createPostgresBackend, withBackend, type Processor, type QueueOptions, type WorkerOptions } from 'bullmq';
import IORedis from 'ioredis';

export interface QueueBackendOptions {
  /** Set → Redis (production); unset → BullMQ's PostgreSQL backend on `postgres`. */
  redisUrl?: string;
  postgres?: { connectionString: string; schema: string };
  /** Redis key prefix; lets test suites share one Redis. */
  prefix?: string;
}

export interface QueueBackend {
  kind: 'redis' | 'postgres';
  createQueue(name: string, options: Omit<QueueOptions, 'connection'>): Queue;
  createWorker(name: string, processor: Processor, options: Omit<WorkerOptions, 'connection'>): Worker;
  close(): Promise<void>;
}

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
  const pg = withBackend(createPostgresBackend);
  const connection = {
    connectionString: options.postgres.connectionString,
    schema: options.postgres.schema,
    migrate: true,
    max: 4,
  };
  return {
    kind: 'postgres',
    createQueue: (name, queueOptions) => new pg.Queue(name, { ...queueOptions, connection }) as unknown as Queue,
    createWorker: (name, processor, workerOptions) => new pg.Worker(name, processor, { ...workerOptions, connection }) as unknown as Worker,
    async close() {
      // Each queue and worker owns and closes its pool.
    },
  };
}
