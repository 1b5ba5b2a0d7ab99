import { AuthModule } from '@app/auth';
import type { Clock } from '@app/common';
import { ConfigModule, type AppConfig } from '@app/config';
import { DATABASE, PersistenceModule, type Database } from '@app/persistence';
import { QueueModule, type QueueDefinition } from '@app/queue';

export interface InfrastructureOverrides {
  /** An already-open database (tests, the demo); otherwise one is opened from the config. */
  database?: Database;
  clock?: Clock;
}

/**
 * Config, database, queues and auth as every process of ours needs them, in
 * one place so the gateway and the worker cannot drift apart.
 */
export function infrastructureModules(config: AppConfig, queues: QueueDefinition[], overrides: InfrastructureOverrides = {}) {
  return [
    ConfigModule.forRoot(config, overrides.clock),
    overrides.database
      ? PersistenceModule.forDatabase(overrides.database)
      : PersistenceModule.forRoot({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }),
    QueueModule.forRoot({
      queues,
      inject: [DATABASE],
      useFactory: (database: Database) => ({
        redisUrl: config.redisUrl,
        prefix: config.queuePrefix,
        // On a real server BullMQ's tables get their own schema; PGlite needs `public`.
        postgres: {
          connectionString: database.connectionString,
          schema: database.mode === 'embedded' ? 'public' : database.schema === 'public' ? 'bullmq' : `${database.schema}_bullmq`,
          notifications: database.mode !== 'embedded',
        },
        runWorkers: config.runWorkers,
      }),
    }),
    AuthModule.forRoot({
      secret: config.auth.jwtSecret,
      jwksUrl: config.auth.jwksUrl,
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      maxTokenLifetimeSeconds: config.auth.maxTokenLifetimeSeconds,
      metricsToken: config.metrics.token,
    }),
  ];
}
