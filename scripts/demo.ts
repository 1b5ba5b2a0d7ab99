/**
 * `npm run demo`: the gateway on the embedded defaults (PGlite under ./data,
 * BullMQ on PostgreSQL, workers in-process), seeded with a realistic Jiaxing
 * catalog, and a ready token for each role.
 */
import 'reflect-metadata';
import { mintToken } from '@app/auth';
import { chinaDate, Clock } from '@app/common';
import { DEMO_DEFAULTS, loadConfigOrExit } from '@app/config';
import { parseArgs } from 'node:util';
import { startGateway } from '../apps/gateway/src/bootstrap';
import { demoIdentities } from '../apps/gateway/src/demo/demo-identities';
import { ensureConsoleBuild } from './console-build';
import { startPartnerNode } from '../apps/partner-node/src/partner-node';
import { startProvinceSim } from '../apps/province-sim/src/province-sim';
import { DEMO_SEED, demoProvinceHistory, JIAXING_INSTRUMENTS, PARTNER_INSTRUMENTS, seedDemo, syncProvinceAndScan } from './demo-seed';

async function main(): Promise<void> {
  const started = Date.now();
  const { values } = parseArgs({ options: { 'no-partners': { type: 'boolean', default: false } } });
  const withPartners = !values['no-partners'];
  // The web console at `/`: built once, and again only when its sources changed.
  if (ensureConsoleBuild()) process.stdout.write('console built\n');
  // The only caller that may run on the published demo secrets and partner tokens (loopback only).
  const config = loadConfigOrExit(
    { ...DEMO_DEFAULTS, IOT_GATEWAYS_FILE: 'config/demo/iot-gateways.json', ...(withPartners ? { PARTNERS_FILE: 'config/demo/partners.json' } : {}) },
    { demo: true },
  );
  // The YRD partners of the demo: reference partner nodes on the addresses of the partners file.
  const nodes = [];
  for (const partner of withPartners ? config.partners.filter((p) => p.protocol === 'grpc') : []) {
    const [host, port] = [partner.address.slice(0, partner.address.lastIndexOf(':')), Number(partner.address.slice(partner.address.lastIndexOf(':') + 1))];
    nodes.push({
      partner,
      node: await startPartnerNode({
        region: partner.region,
        host,
        port,
        count: PARTNER_INSTRUMENTS,
        seed: DEMO_SEED,
        acceptedTokens: [partner.outboundToken],
      }),
    });
  }
  // The Zhejiang provincial platform, simulated on its OpenAPI interface.
  const province = withPartners ? config.partners.find((p) => p.protocol === 'openapi') : undefined;
  const sim = province
    ? await startProvinceSim({
        host: new URL(province.address).hostname,
        port: Number(new URL(province.address).port),
        count: PARTNER_INSTRUMENTS,
        seed: DEMO_SEED,
        token: province.outboundToken,
        // As the real platform: it has listed most of our catalog over the years, and its review
        // refuses records without a fee standard, so the Art. 13 findings are true ones.
        listingHistory: demoProvinceHistory(chinaDate(new Date())),
        review: true,
      })
    : undefined;
  const app = await startGateway(config);
  const partners = nodes.map(({ partner }) => ({ id: partner.id, region: partner.region }));
  const { catalog, seeded, bookings, usage } = await seedDemo(app, { partners, now: app.get(Clock).now() });
  const duties = province ? await syncProvinceAndScan(app, province.id) : undefined;

  const base = `http://${config.host}:${config.httpPort}`;
  // The first unit by id: the one the console's one-click researcher and unit admin belong to.
  const unit = catalog.units.map((u) => u.id).sort()[0];
  const lines = [
    '',
    `YRD instrument-sharing gateway (demo) ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    `  database: embedded PGlite under ${config.dataDir}${config.databaseUrl ? ' (DATABASE_URL set: using that server)' : ''}`,
    `  seeded Jiaxing: ${catalog.units.length} units, ${JIAXING_INSTRUMENTS} instruments (${seeded.created} new, ${seeded.updated} updated, ${seeded.unchanged} unchanged)`,
    `  usage history (a year for 4 instruments per unit, 60 days for the others): ${bookings.created} new bookings (${bookings.existing} already there, ${bookings.closed} closed since), ${usage.sessions.created} new sessions (${usage.sessions.existing} already there), ${usage.power.accepted} new power-on events`,
    `              idle on purpose: ${usage.idle.map((i) => i.instrumentId).join(', ')}`,
    ...nodes.map(
      ({ partner, node }) =>
        `  partner ${partner.region.padEnd(9)} ${node.address} (${node.store.shareable().length} shareable instruments; synced every ${partner.pullIntervalMs / 1000} s)`,
    ),
    ...(sim && province ? [`  province  ${sim.url} (Zhejiang platform simulator, OpenAPI; pulled and pushed every ${province.pullIntervalMs / 1000} s)`] : []),
    ...(duties?.scan
      ? [
          `  duties      first push done; scan as of ${duties.scan.asOf}: ${Object.entries(duties.scan.created)
            .map(([kind, n]) => `${n} new ${kind}`)
            .join(', ')} reminders`,
          `              ${base}/api/v1/compliance/reminders   (admin token; refused listings: ${base}/api/v1/federation/sources)`,
        ]
      : duties
        ? [`  duties      province push ${duties.push}: no duty scan now (the daily job runs at 00:20)`]
        : []),
    '',
    `  console     ${base}/   (web console: one-click sign-in as each role below)`,
    `  search      ${base}/api/v1/instruments?region=jiaxing   (also region=shanghai, jiangsu, anhui)`,
    `  sources     ${base}/api/v1/federation/sources   (needs a token)`,
    `  units       ${base}/api/v1/units`,
    `  API docs    ${base}/api/docs   (OpenAPI: ${base}/api/openapi.json)`,
    `  health      ${base}/health/ready   metrics: ${base}/metrics   (admin token)`,
    `  gRPC        ${config.host}:${config.grpcPort}  (grpc.health.v1.Health, server reflection)`,
    '',
    'Tokens (Authorization: Bearer …, valid 12 h):',
  ];
  // The same identities the console's one-click sign-in mints (POST /api/v1/demo/tokens).
  for (const identity of demoIdentities(unit)) {
    const token = await mintToken(config.auth.jwtSecret, identity);
    const [role] = identity.roles;
    lines.push(`  ${role.padEnd(16)}${identity.unitId ? `(unit ${identity.unitId}) ` : ''}${identity.department ? `(${identity.department}) ` : ''}${token}`);
  }
  lines.push('', `Try: curl -s '${base}/api/v1/instruments?q=SEM&region=jiaxing' | head -c 600`, '');
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
