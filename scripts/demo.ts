/**
 * `npm run demo`: the gateway on the embedded defaults (PGlite under ./data,
 * BullMQ on PostgreSQL, workers in-process), seeded with a realistic Jiaxing
 * catalog, and a ready token for each role.
 */
import 'reflect-metadata';
import { mintToken, ROLES } from '@app/auth';
import { SeedCatalogUseCase } from '@app/catalog';
import { DEMO_DEFAULTS, loadConfigOrExit } from '@app/config';
import { generateCatalog } from '@app/seed';
import { parseArgs } from 'node:util';
import { startGateway } from '../apps/gateway/src/bootstrap';
import { startPartnerNode } from '../apps/partner-node/src/partner-node';
import { startProvinceSim } from '../apps/province-sim/src/province-sim';

const JIAXING_INSTRUMENTS = 1_200;

const PARTNER_INSTRUMENTS = 1_000;

const DEMO_DEPARTMENT = 'science_bureau';

async function main(): Promise<void> {
  const started = Date.now();
  const { values } = parseArgs({ options: { 'no-partners': { type: 'boolean', default: false } } });
  const withPartners = !values['no-partners'];
  // The only caller that may run on the published demo secrets and partner tokens (loopback only).
  const config = loadConfigOrExit(
    { ...DEMO_DEFAULTS, IOT_GATEWAYS_FILE: 'config/demo/iot-gateways.json', ...(withPartners ? { PARTNERS_FILE: 'config/demo/partners.json' } : {}) },
    { demo: true },
  );
  // The YRD partners of the demo: reference partner nodes on the addresses of the partners file.
  const nodes = [];
  for (const partner of withPartners ? config.partners.filter((p) => p.protocol === 'grpc') : []) {
    const [host, port] = [partner.address.slice(0, partner.address.lastIndexOf(':')), Number(partner.address.slice(partner.address.lastIndexOf(':') + 1))];
    nodes.push({ partner, node: await startPartnerNode({ region: partner.region, host, port, count: PARTNER_INSTRUMENTS, seed: 1, acceptedTokens: [partner.outboundToken] }) });
  }
  // The Zhejiang provincial platform, simulated on its OpenAPI interface.
  const province = withPartners ? config.partners.find((p) => p.protocol === 'openapi') : undefined;
  const sim = province
    ? await startProvinceSim({ host: new URL(province.address).hostname, port: Number(new URL(province.address).port), count: PARTNER_INSTRUMENTS, seed: 1, token: province.outboundToken })
    : undefined;
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
    ...nodes.map(({ partner, node }) => `  partner ${partner.region.padEnd(9)} ${node.address} (${node.store.shareable().length} shareable instruments; synced every ${partner.pullIntervalMs / 1000} s)`),
    ...(sim && province ? [`  province  ${sim.url} (Zhejiang platform simulator, OpenAPI; pulled and pushed every ${province.pullIntervalMs / 1000} s)`] : []),
    '',
    `  search      ${base}/api/v1/instruments?region=jiaxing   (also region=shanghai, jiangsu, anhui)`,
    `  sources     ${base}/api/v1/federation/sources   (needs a token)`,
    `  units       ${base}/api/v1/units`,
    `  API docs    ${base}/api/docs   (OpenAPI: ${base}/api/openapi.json)`,
    `  health      ${base}/health/ready   metrics: ${base}/metrics   (admin token)`,
    `  gRPC        ${config.host}:${config.grpcPort}  (grpc.health.v1.Health, server reflection)`,
    '',
    'Tokens (Authorization: Bearer …, valid 12 h):',
  ];
  for (const role of ROLES) {
    const unitId = role === 'unit_admin' || role === 'user' ? unit : undefined;
    // A department token names its department; the demo's speaks for the science bureau.
    const department = role === 'department' ? DEMO_DEPARTMENT : undefined;
    const token = await mintToken(config.auth.jwtSecret, { sub: `demo-${role}`, roles: [role], unitId, region: 'jiaxing', department });
    lines.push(`  ${role.padEnd(16)}${unitId ? `(unit ${unitId}) ` : ''}${department ? `(${department}) ` : ''}${token}`);
  }
  lines.push('', `Try: curl -s '${base}/api/v1/instruments?q=SEM&region=jiaxing' | head -c 600`, '');
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
