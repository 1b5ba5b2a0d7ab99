/**
 * Child process for the lost-connection test: holds a session lock (a pooled
 * connection checked out, idle between statements) and a transaction open
 * while its connections are cut, then reports whether it is still alive and
 * can query again. An unhandled 'error' on a checked-out client would have
 * killed it first.
 */
import { sql } from 'kysely';
import { Database } from '@app/persistence';
import { runAsChild } from './child-main';

async function main(): Promise<void> {
  const [databaseUrl] = process.argv.slice(2);
  const database = await Database.connect({ databaseUrl, migrate: false, poolSize: 4 });
  const outcome = await database
    .withSessionLock('lost-connection-test', async () => {
      const inTransaction = database.db
        .transaction()
        .execute(async (trx) => {
          await sql`SELECT 1`.execute(trx);
          process.stdout.write('holding\n');
          await new Promise((r) => setTimeout(r, 3_000));
          await sql`SELECT 1`.execute(trx);
          return 'committed';
        })
        .catch((error: Error) => `transaction failed: ${error.message}`);
      return inTransaction;
    })
    .catch((error: Error) => `lock failed: ${error.message}`);
  process.stdout.write(`outcome: ${String(outcome)}\n`);
  const { rows } = await sql<{ n: number }>`SELECT 41 + 1 AS n`.execute(database.db);
  process.stdout.write(`alive: ${rows[0].n}\n`);
  await database.close();
}

runAsChild(main);
