import * as fs from 'node:fs';
import { Database } from '@app/persistence';
import { POSTGRES_URL, postgresAvailable, uniqueName } from './servers';

export type StorageMode = 'embedded' | 'postgres';

/** Both storage modes when the server answers; the embedded one always. */
export function storageModes(): StorageMode[] {
  return postgresAvailable() ? ['embedded', 'postgres'] : ['embedded'];
}

let template: Blob | undefined;

/** The migrated empty database the global setup dumped (jest.config.js); absent when a suite runs outside Jest's setup. */
function embeddedTemplate(): Blob | undefined {
  const file = process.env.YRD_TEST_EMBEDDED_TEMPLATE;
  if (!template && file && fs.existsSync(file)) template = new Blob([fs.readFileSync(file)]);
  return template;
}

/**
 * A fresh, migrated database: in-memory PGlite behind its socket, or a
 * private schema on the machine's PostgreSQL (dropped on close) so suites can
 * run in parallel.
 */
export async function openTestDatabase(mode: StorageMode): Promise<Database & { dispose(): Promise<void> }> {
  if (mode === 'embedded') {
    const database = await Database.connect({ embeddedTemplate: embeddedTemplate() });
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
