import { Database } from '@app/persistence';
import { POSTGRES_URL, postgresAvailable, uniqueName } from './servers';

export type StorageMode = 'embedded' | 'postgres';

/** Both storage modes when the server answers; the embedded one always. */
export function storageModes(): StorageMode[] {
  return postgresAvailable() ? ['embedded', 'postgres'] : ['embedded'];
}

/**
 * A fresh, migrated database: in-memory PGlite behind its socket, or a
 * private schema on the machine's PostgreSQL (dropped on close) so suites can
 * run in parallel.
 */
export async function openTestDatabase(mode: StorageMode): Promise<Database & { dispose(): Promise<void> }> {
  if (mode === 'embedded') {
    const database = await Database.connect({});
    return Object.assign(database, { dispose: () => database.close() });
  }
  const schema = uniqueName('t');
  const database = await Database.connect({ databaseUrl: POSTGRES_URL, schema, poolSize: 30 });
  return Object.assign(database, {
    async dispose() {
      for (const s of [schema, `${schema}_bullmq`]) await database.pool.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`).catch(() => undefined);
      await database.close();
    },
  });
}
