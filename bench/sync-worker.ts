/**
 * The worker topology of `npm run bench:sync`, in its own process as in
 * production: apps/worker's module (queue consumers, no search replica)
 * syncing the partners of PARTNERS_FILE, configured from the environment the
 * bench hands it, started with the node flags production's worker runs with.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@app/config';
import { scheduleFederationJobs } from '@app/federation';
import { QueueService } from '@app/queue';
import { WorkerModule } from '../apps/worker/src/worker.module';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
  await scheduleFederationJobs(app.get(QueueService), config.partners);
  process.once('SIGTERM', () => void app.close().finally(() => process.exit(0)));
  process.stdout.write('sync worker up\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`sync worker failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
