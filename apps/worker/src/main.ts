import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { scheduleBookingJobs } from '@app/booking';
import { scheduleCatalogJobs } from '@app/catalog';
import { scheduleComplianceJobs } from '@app/compliance';
import { scheduleUsageJobs } from '@app/usage';
import { loadConfigOrExit } from '@app/config';
import { scheduleFederationJobs } from '@app/federation';
import { scheduleUsageFeeds } from '@app/usage-feeds';
import { JsonLogger } from '@app/platform';
import { QueueService } from '@app/queue';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  // The worker serves no gRPC, so production's TLS requirement for it does not apply.
  const config = loadConfigOrExit({ GRPC_ALLOW_INSECURE: 'true' });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: new JsonLogger(config.logLevel) });
  app.enableShutdownHooks();
  await scheduleCatalogJobs(app.get(QueueService));
  await scheduleUsageJobs(app.get(QueueService));
  await scheduleComplianceJobs(app.get(QueueService));
  await scheduleFederationJobs(app.get(QueueService), config.partners);
  await scheduleUsageFeeds(app.get(QueueService), config.partners);
  await scheduleBookingJobs(app.get(QueueService), config.booking.sweepIntervalMs);
  process.stdout.write(`${JSON.stringify({ level: 'info', time: new Date().toISOString(), msg: 'worker consuming' })}\n`);
}

main().catch((error) => {
  process.stderr.write(`worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
