import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FixedClock } from '@app/common';
import { loadConfig } from '@app/config';
import { Database } from '@app/persistence';
import { createGateway } from '../../apps/gateway/src/bootstrap';
import { TEST_TODAY } from './gateway';
import { TEST_SECRETS } from './secrets';
import { POSTGRES_URL, uniqueName } from './servers';

/** Gateway replicas on one private schema of the machine's PostgreSQL, as production runs several behind a load balancer. */
export function sharedDatabaseReplicas() {
  const schema = uniqueName('t');
  const databases: Database[] = [];
  const apps: NestFastifyApplication[] = [];
  return {
    async start(env: Record<string, string> = {}): Promise<NestFastifyApplication> {
      const database = await Database.connect({ databaseUrl: POSTGRES_URL, schema, poolSize: 10 });
      databases.push(database);
      const config = loadConfig({ ...TEST_SECRETS, LOG_LEVEL: 'silent', NODE_ENV: 'test', GRPC_PORT: '0', RUN_WORKERS: 'false', ...env });
      const app = await createGateway(config, { database, clock: new FixedClock(new Date(`${TEST_TODAY}T04:00:00Z`)) });
      apps.push(app);
      return app;
    },
    async close(): Promise<void> {
      for (const app of apps) await app.close();
      await databases[0]?.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await databases[0]?.pool.query(`DROP SCHEMA IF EXISTS "${schema}_bullmq" CASCADE`).catch(() => undefined);
      for (const d of databases) await d.close();
    },
  };
}
