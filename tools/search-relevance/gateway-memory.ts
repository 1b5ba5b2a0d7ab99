/**
 * The gateway's memory after it built its index from PostgreSQL, and what an uncached search costs it,
 * for several start-up variants booted one after the other (interleaved rounds: RSS depends on when
 * the collector last ran, so one boot of each says little).
 *
 *   node -r @swc-node/register tools/search-relevance/gateway-memory.ts seed <schema> [perRegion=40000]
 *   node -r @swc-node/register tools/search-relevance/gateway-memory.ts measure <schema> <rounds> [--load <seconds>] [--rate <req/s>] [--novel <perRegion>] [--warm <seconds>] [--output <prefix>] <variant>...
 *   node -r @swc-node/register tools/search-relevance/gateway-memory.ts drop <schema>
 *
 * A variant is `name|KEY=value KEY=value|--node-flag --node-flag|repository root` (every part after
 * the name optional; the root runs another checkout's gateway, e.g. a copy of the baseline commit).
 * The flag `--compiled` runs that root's `dist/` build as `npm start` does (run `npm run build` there first).
 * Each boot prints one JSON line: `/metrics` right after `/health/ready` (RSS, heap used, heap
 * total, external), the same 20 s later (the memory reducer's idle collections), the boot's CPU,
 * then the CPU per request (from /proc) of distinct questions none of which was asked before in that
 * process (the relevance set's texts and filters, with pages, regions and sorts), asked one at a time.
 * With `--load`, those questions again for that many seconds at 100 connections (autocannon in a
 * process of its own): with `SEARCH_RESULT_CACHE_SIZE=0` in the variant every one runs the engine,
 * the bench's "cache off" phase, on a catalog seeded once (at 1,000,000 instruments the seed alone
 * takes longer than a bench run should hold the machine). With `--rate`, the load offers that many
 * requests a second on schedule instead of all the gateway can take (latencies corrected for
 * coordinated omission), as bench:search's paced never-asked run does. With `--novel <perRegion>` the load asks
 * bench:search's questions nobody asked before instead (its never-asked phase, cache on, every
 * question distinct), built from the catalog seeded with that many instruments a region. With
 * `--warm <seconds>` (with `--novel`), the measured load comes after that many seconds of other
 * never-asked questions at 100 connections, as bench:search's never-asked runs do: a gateway serves for
 * days, and its first seconds' one-off work (the first sight of the broad clauses every later question
 * shares) would otherwise weigh on a paced run's few questions most. With
 * `--output <prefix>`, each boot's own output (stdout and stderr) is written to `<prefix>-<variant>-<ms>.log`
 * when it exits: with `--trace-gc` among the variant's node flags, where its collector's pauses fell.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { SeedCatalogUseCase, type InstrumentInput } from '@app/catalog';
import { REGIONS, type Region } from '@app/common';
import { loadConfig } from '@app/config';
import { Database } from '@app/persistence';
import { generateCatalog } from '@app/seed';
import { createGateway } from '../../apps/gateway/src/bootstrap';
import { parseArgs } from 'node:util';
import { loadTest, processCpuMs, processRssMb } from '../../bench/bench-support';
import { freePort, waitForHttp } from '../../test/support/processes';
import { TEST_SECRETS } from '../../test/support/secrets';
import { RELEVANCE_CORPUS, loadRelevanceQueries } from './relevance-set';
import { novelQueries, searchPath } from '../../bench/search-questions';
import { generatedDocuments } from './corpus';

const POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = 'redis://127.0.0.1:6379';
const REPO_ROOT = path.resolve(__dirname, '../..');
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

function gatewayEnv(schema: string, port: number): Record<string, string> {
  return {
    ...TEST_SECRETS,
    METRICS_TOKEN: randomBytes(32).toString('base64url'),
    DATABASE_URL: `${POSTGRES}?options=${encodeURIComponent(`-c search_path=${schema},public`)}`,
    REDIS_URL: REDIS,
    QUEUE_PREFIX: schema.replace(/_/g, '-'),
    HTTP_PORT: String(port),
    GRPC_PORT: '0',
    LOG_LEVEL: 'error',
    RUN_WORKERS: 'false',
    RATE_LIMIT_SEARCH: '1000000000',
  };
}

async function seed(schema: string, perRegion: number): Promise<void> {
  const admin = await Database.connect({ databaseUrl: POSTGRES, migrate: false, poolSize: 1 });
  await admin.pool.query(`CREATE SCHEMA "${schema}"`);
  await admin.close();
  const seeder = await createGateway(loadConfig(gatewayEnv(schema, await freePort())));
  const started = Date.now();
  for (const region of REGIONS as readonly Region[]) {
    const { units, instruments } = generateCatalog({ region, count: perRegion, seed: RELEVANCE_CORPUS.seed, asOf: RELEVANCE_CORPUS.asOf });
    await seeder.get(SeedCatalogUseCase).execute({
      region,
      sourcePlatform: region === 'jiaxing' ? 'local' : region,
      units,
      instruments: instruments as InstrumentInput[],
    });
    process.stderr.write(`${region}: ${perRegion} stored (${Math.round((Date.now() - started) / 1000)} s)\n`);
  }
  await seeder.close();
}

/** Distinct questions: every relevance text with its filters, then with pages, regions, fee caps and sorts. */
function freshPaths(): string[] {
  const out = new Set<string>();
  const variants: Record<string, string>[] = [
    {},
    { page: '2' },
    { region: 'jiaxing', pageSize: '20' },
    { feeMax: '800', sort: 'fee' },
    { pageSize: '50', sort: 'freshness' },
    { near: '30.75,120.76', radiusKm: '150', sort: 'distance' },
  ];
  for (const variant of variants) {
    for (const spec of loadRelevanceQueries()) {
      const params = new URLSearchParams({ q: spec.q });
      for (const [key, value] of Object.entries(spec.filters ?? {})) {
        if (key === 'near') params.set('near', `${(value as { lat: number }).lat},${(value as { lon: number }).lon}`);
        else if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
        else params.set(key, String(value));
      }
      for (const [key, value] of Object.entries(variant)) params.set(key, value);
      out.add(`/api/v1/instruments?${params}`);
    }
  }
  return [...out];
}

interface Variant {
  name: string;
  env: Record<string, string>;
  nodeArgs: string[];
  root: string;
}

function parseVariant(text: string): Variant {
  const [name, env = '', flags = '', root = ''] = text.split('|');
  return {
    name: name!,
    env: Object.fromEntries(
      env
        .split(/\s+/)
        .filter(Boolean)
        .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
    ),
    nodeArgs: flags.split(/\s+/).filter(Boolean),
    root: root || REPO_ROOT,
  };
}

async function bootOnce(
  schema: string,
  variant: Variant,
  paths: string[],
  load: { seconds: number; rate?: number; output?: string; warmSeconds: number },
  loadPaths: string[],
  warmPaths: string[],
): Promise<Record<string, unknown>> {
  const port = await freePort();
  const env = { ...gatewayEnv(schema, port), ...variant.env };
  // The variant's environment on top of this process's (PATH and the like), without NODE_OPTIONS.
  // `--compiled` runs the gateway as production does (`npm start`: `npm run build` first), without the transpiler in the process.
  const compiled = variant.nodeArgs.includes('--compiled');
  const nodeArgs = variant.nodeArgs.filter((a) => a !== '--compiled');
  const entry = compiled ? ['--enable-source-maps', 'dist/apps/gateway/src/main.js'] : ['-r', '@swc-node/register', 'apps/gateway/src/main.ts'];
  const child = spawn(process.execPath, [...nodeArgs, ...entry], {
    cwd: variant.root,
    // eslint-disable-next-line no-restricted-properties -- passed through to a child, not configuration read here
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  const metrics = async () => {
    const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${env.METRICS_TOKEN}` } })).text();
    const gauge = (name: string) => mb(Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN));
    return {
      rss: gauge('process_resident_memory_bytes'),
      heapUsed: gauge('nodejs_heap_size_used_bytes'),
      heapTotal: gauge('nodejs_heap_size_total_bytes'),
      external: gauge('nodejs_external_memory_bytes'),
    };
  };
  const buildSeconds = async () => {
    const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${env.METRICS_TOKEN}` } })).text();
    return Number(/^search_index_build_seconds (\S+)$/m.exec(text)?.[1] ?? NaN);
  };
  if (load.output) child.on('exit', () => writeFileSync(`${load.output}-${variant.name}-${Date.now()}.log`, output));
  try {
    await waitForHttp(`${base}/health/ready`, { child, output: () => output, exited }, 600_000);
    const ready = await metrics();
    const bootCpuMs = processCpuMs(child.pid!);
    await new Promise((r) => setTimeout(r, 20_000));
    const settled = await metrics();
    const cpuFrom = processCpuMs(child.pid!);
    for (const p of paths) {
      const res = await fetch(base + p);
      if (!res.ok) throw new Error(`${p}: ${res.status}`);
      await res.arrayBuffer();
    }
    const searchCpuMs = processCpuMs(child.pid!) - cpuFrom;
    const afterSearches = await metrics();
    let underLoad: Record<string, unknown> | undefined;
    if (load.seconds > 0) {
      if (load.warmSeconds > 0) await loadTest({ url: base, connections: 100, duration: load.warmSeconds, paths: warmPaths });
      const loadCpuFrom = processCpuMs(child.pid!);
      const run = await loadTest({ url: base, connections: 100, duration: load.seconds, paths: loadPaths, rate: load.rate });
      underLoad = {
        ...(load.rate === undefined ? {} : { offeredRps: load.rate }),
        ...(load.warmSeconds > 0 ? { warmSeconds: load.warmSeconds } : {}),
        rps: Math.round(run.rps),
        p50Ms: run.p50,
        p99Ms: run.p99,
        errors: run.errors,
        non2xx: run.non2xx,
        cpuMsPerRequest: Number(((processCpuMs(child.pid!) - loadCpuFrom) / run.total).toFixed(3)),
        rssMb: await processRssMb(child.pid!),
      };
      // Where it went: what the kept answers hold is on the heap (typed answers) and outside it (their bytes).
      Object.assign(underLoad, { after: await metrics() });
    }
    return {
      variant: variant.name,
      at: new Date().toISOString().slice(11, 19),
      load: (await import('node:os')).loadavg()[0]!.toFixed(1),
      buildS: await buildSeconds(),
      ready,
      settled,
      afterSearches,
      bootCpuS: Number((bootCpuMs / 1000).toFixed(1)),
      searches: paths.length,
      cpuMsPerSearch: Number((searchCpuMs / paths.length).toFixed(3)),
      // Not `load`: that is the load average above.
      ...(underLoad ? { underLoad } : {}),
    };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      load: { type: 'string', default: '0' },
      rate: { type: 'string' },
      novel: { type: 'string' },
      warm: { type: 'string', default: '0' },
      output: { type: 'string' },
    },
    allowPositionals: true,
  });
  const load = {
    seconds: Number(values.load),
    rate: values.rate === undefined ? undefined : Number(values.rate),
    output: values.output,
    warmSeconds: Number(values.warm),
  };
  if (load.warmSeconds > 0 && values.novel === undefined) throw new Error('--warm asks never-asked questions: give --novel too');
  const [command, schema, ...rest] = positionals;
  if (!schema) throw new Error('usage: seed|measure|drop <schema> …');
  if (command === 'seed') return seed(schema, Number(rest[0] ?? 40_000));
  if (command === 'drop') {
    const admin = await Database.connect({ databaseUrl: POSTGRES, migrate: false, poolSize: 1 });
    await admin.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    return admin.close();
  }
  const rounds = Number(rest[0]);
  const variants = rest.slice(1).map(parseVariant);
  const paths = freshPaths();
  const novelPerRegion = values.novel === undefined ? 0 : Number(values.novel);
  // Enough distinct questions that none repeats at the rates one gateway reaches; the warm-up's are others.
  const measured = Math.max(30_000, load.seconds * 3_000);
  const asked = novelPerRegion
    ? novelQueries(
        generatedDocuments(novelPerRegion),
        loadRelevanceQueries().map((r) => r.q),
        measured + load.warmSeconds * 3_000,
      ).map(searchPath)
    : undefined;
  const novel = asked?.slice(0, measured);
  const warm = asked?.slice(measured) ?? [];
  for (let round = 0; round < rounds; round++) {
    // A B B A …: neither variant always boots first after the machine's other work.
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const variant of order) process.stdout.write(`${JSON.stringify(await bootOnce(schema, variant, paths, load, novel ?? paths, warm))}\n`);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
