/**
 * `npm run demo`: the gateway on the embedded defaults (PGlite under ./data,
 * BullMQ on PostgreSQL, workers in-process), seeded with a realistic Jiaxing
 * catalog, and a ready token for each role.
 */
import 'reflect-metadata';
import { mintToken, ROLES } from '@app/auth';
import { SeedCatalogUseCase } from '@app/catalog';
import { loadConfigOrExit } from '@app/config';
import { generateCatalog } from '@app/seed';
import { startGateway } from '../apps/gateway/src/bootstrap';

const JIAXING_INSTRUMENTS = 1_200;

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfigOrExit();
  const app = await startGateway(config);
  const catalog = generateCatalog({ region: 'jiaxing', count: JIAXING_INSTRUMENTS, seed: 1 });
  const seeded = await app.get(SeedCatalogUseCase).execute({ region: 'jiaxing', sourcePlatform: 'local', ...catalog });

  const base = `http://${config.host}:${config.httpPort}`;
  const unit = catalog.units[0].id;
  const lines = [
    '',
    `YRD instrument-sharing gateway (demo) ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    `  database: embedded PGlite under ${config.dataDir}${config.databaseUrl ? ' (DATABASE_URL set: using that server)' : ''}`,
    `  seeded Jiaxing: ${catalog.units.length} units, ${JIAXING_INSTRUMENTS} instruments (${seeded.created} new, ${seeded.updated} updated, ${seeded.unchanged} unchanged)`,
    '',
    `  search      ${base}/api/v1/instruments?region=jiaxing`,
    `  units       ${base}/api/v1/units`,
    `  API docs    ${base}/api/docs   (OpenAPI: ${base}/api/openapi.json)`,
    `  health      ${base}/health/ready   metrics: ${base}/metrics`,
    `  gRPC        ${config.host}:${config.grpcPort}  (grpc.health.v1.Health, server reflection)`,
    '',
    'Tokens (Authorization: Bearer …, valid 12 h):',
  ];
  for (const role of ROLES) {
    const unitId = role === 'unit_admin' || role === 'user' ? unit : undefined;
    const token = await mintToken(config.auth.jwtSecret, { sub: `demo-${role}`, roles: [role], unitId, region: 'jiaxing' });
    lines.push(`  ${role.padEnd(16)}${unitId ? `(unit ${unitId}) ` : ''}${token}`);
  }
  lines.push('', `Try: curl -s '${base}/api/v1/instruments?q=SEM&region=jiaxing' | head -c 600`, '');
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
