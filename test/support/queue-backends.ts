import type { QueueModuleOptions } from '@app/queue';
import { openTestDatabase } from './databases';
import { REDIS_URL, postgresAvailable, redisAvailable, uniqueName } from './servers';

export type QueueBackendName = 'postgres-backend on embedded PGlite' | 'postgres-backend on PostgreSQL' | 'redis';

/** Every queue backend this machine can run: the embedded one always. */
export function queueBackends(): QueueBackendName[] {
  const names: QueueBackendName[] = ['postgres-backend on embedded PGlite'];
  if (postgresAvailable()) names.push('postgres-backend on PostgreSQL');
  if (redisAvailable()) names.push('redis');
  return names;
}

/** A database plus queue options for one backend; Redis keys get a private prefix. */
export async function openQueueBackend(name: QueueBackendName) {
  const database = await openTestDatabase(name === 'postgres-backend on PostgreSQL' ? 'postgres' : 'embedded');
  const options: QueueModuleOptions =
    name === 'redis'
      ? { redisUrl: REDIS_URL, prefix: uniqueName('yrdtest'), runWorkers: true }
      : {
          postgres: {
            connectionString: database.connectionString,
            schema: database.mode === 'embedded' ? 'public' : `${database.schema}_bullmq`,
            notifications: database.mode !== 'embedded',
          },
          runWorkers: true,
        };
  return { database, options };
}
