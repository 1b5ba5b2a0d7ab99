import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { scheduleBookingJobs } from '@app/booking';
import { scheduleCatalogJobs } from '@app/catalog';
import { scheduleComplianceJobs } from '@app/compliance';
import { scheduleUsageJobs } from '@app/usage';
import type { AppConfig } from '@app/config';
import { scheduleFederationJobs } from '@app/federation';
import { scheduleUsageFeeds } from '@app/usage-feeds';
import { startGrpc } from '@app/grpc';
import { JsonLogger, configureHttpApp, createHttpAdapter, mountConsole, type InfrastructureOverrides } from '@app/platform';
import { QueueService } from '@app/queue';
import { GatewayModule } from './gateway.module';

/** Builds the gateway app, not listening: `main.ts`, the demo and the e2e tests share it. */
export async function createGateway(config: AppConfig, overrides: InfrastructureOverrides = {}): Promise<NestFastifyApplication> {
  const logger = new JsonLogger(config.logLevel);
  const http = { bodyLimitBytes: config.bodyLimitBytes, logger, trustProxy: config.limits.trustProxy };
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config, overrides), createHttpAdapter(http), {
    logger,
    // Body parsers are ours (configureHttpApp): JSON with an empty body as none, multipart for uploads.
    bodyParser: false,
    abortOnError: false,
  });
  await configureHttpApp(app, http);
  // The web console, when its build exists (`npm run console:build`; the demo builds it).
  mountConsole(app, config.console);
  await app.init();
  // Routes answer only once Fastify is ready; tests drive the server without `listen`.
  await app.getHttpAdapter().getInstance().ready();
  if (config.runWorkers) {
    await scheduleCatalogJobs(app.get(QueueService));
    await scheduleUsageJobs(app.get(QueueService));
    await scheduleComplianceJobs(app.get(QueueService));
    await scheduleFederationJobs(app.get(QueueService), config.partners);
    await scheduleUsageFeeds(app.get(QueueService), config.partners);
    await scheduleBookingJobs(app.get(QueueService), config.booking.sweepIntervalMs);
  }
  return app;
}

/** The gateway serving HTTP on HTTP_PORT and gRPC on GRPC_PORT. */
export async function startGateway(config: AppConfig, overrides: InfrastructureOverrides = {}): Promise<NestFastifyApplication> {
  const app = await createGateway(config, overrides);
  await startGrpc(app);
  await app.listen(config.httpPort, config.host);
  return app;
}
