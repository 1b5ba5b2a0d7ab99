/**
 * Child process for the rollup crash test: drains the usage rollup backlog of
 * one schema, batch by batch, until it is killed.
 */
import { Database } from '@app/persistence';
import { runAsChild } from './child-main';
import { UsageRollupRepository } from '../../libs/usage/src/infrastructure/usage-rollup.repository';

async function main(): Promise<void> {
  const [databaseUrl, schema] = process.argv.slice(2);
  const database = await Database.connect({ databaseUrl, schema, migrate: false });
  const rollups = new UsageRollupRepository(database.db);
  while ((await rollups.rollupBatch(200)) > 0);
  await database.close();
}

runAsChild(main);
