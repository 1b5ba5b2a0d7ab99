/**
 * npm run bench:search — the search engine on a 200,000-instrument federated
 * catalog (5 regions × 40,000 from the generator), against PostgreSQL.
 *
 * 1. In process: index build time and memory; query latency p50/p99 over the
 *    relevance queries and a mixed workload (filters, facets, distance, pages).
 * 2. Baselines in the same run: MiniSearch in process over the same documents
 *    and relevance queries, fed our analyzer's terms (bench/search-peer.ts) —
 *    its latency and recall@10 beside ours; PostgreSQL with pg_trgm GIN
 *    indexes and ILIKE over the same rows and queries — latency, the speedup,
 *    and both recall@10.
 * 3. HTTP end to end: the gateway in its own process (index built from
 *    PostgreSQL at start), autocannon (in a process of its own) at 100
 *    connections on the search — the relevance and mixed queries, repeated as
 *    real traffic repeats — and on a constant-JSON endpoint of the same app
 *    (the framework's floor), after one warm-up pass over the distinct
 *    requests; then the same search workload on a gateway with its result
 *    cache off, which is what a query nobody asked before costs.
 * Ends with one JSON line of figures. `--http false` stops after the
 * in-process phases (the 1,000,000-instrument case), `--peer false` leaves
 * MiniSearch out.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { SeedCatalogUseCase, type InstrumentInput } from '@app/catalog';
import { REGIONS, type Region } from '@app/common';
import { loadConfig } from '@app/config';
import { Database } from '@app/persistence';
import { SearchIndex, type SearchQuery } from '@app/search';
import { generateCatalog } from '@app/seed';
import { createGateway } from '../apps/gateway/src/bootstrap';
import { generatedDocuments } from '../tools/search-relevance/corpus';
import { RELEVANCE_CORPUS, labelQueries, loadRelevanceQueries, recallAt10, type RelevanceQuery } from '../tools/search-relevance/relevance-set';
import { freePort, spawnTs, waitForHttp } from '../test/support/processes';
import { randomBytes } from 'node:crypto';
import { loadTest, percentile, runBench } from './bench-support';
import { MiniSearchPeer } from './search-peer';
import { TEST_SECRETS } from '../test/support/secrets';

const POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = 'redis://127.0.0.1:6379';

const round = (x: number, digits = 2) => Number(x.toFixed(digits));
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

function catalogOf(region: Region, count: number) {
  const { units, instruments } = generateCatalog({ region, count, seed: RELEVANCE_CORPUS.seed, asOf: RELEVANCE_CORPUS.asOf });
  return { region, units, instruments };
}

/**
 * Wall and CPU time of one call, ms. On a loaded machine the wall clock also
 * counts the time spent waiting for a core; CPU time (microsecond resolution)
 * is what the call cost.
 */
function timed<T>(run: () => T): { result: T; ms: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const result = run();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  return { result, ms, cpuMs: (used.user + used.system) / 1000 };
}

/** The mixed workload: what the UI sends besides plain text. */
function mixedQueries(texts: string[]): SearchQuery[] {
  const out: SearchQuery[] = [];
  texts.forEach((q, i) => {
    out.push({ q, pageSize: 20 });
    if (i % 3 === 0) out.push({ q, region: ['jiaxing', 'shanghai'], pageSize: 20, page: 2 });
    if (i % 4 === 0) out.push({ q, near: { lat: 30.75, lon: 120.76 }, radiusKm: 100, sort: 'distance', pageSize: 20 });
    if (i % 5 === 0) out.push({ q, feeMax: 500, serviceMode: 'sample_submission', pageSize: 20 });
  });
  out.push({ pageSize: 20 }, { region: ['anhui'], category: '01', pageSize: 50 }, { customsGated: true, sort: 'freshness', pageSize: 20 });
  return out;
}

/** The HTTP request a client sends for an engine query. */
function searchPath(query: SearchQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (key === 'near') params.set('near', `${(value as { lat: number }).lat},${(value as { lon: number }).lon}`);
    else if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.set(key, String(value));
  }
  return `/api/v1/instruments?${params}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      perRegion: { type: 'string', default: '40000' },
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '100' },
      http: { type: 'string', default: 'true' },
      peer: { type: 'string', default: 'true' },
    },
  });
  const perRegion = Number(values.perRegion);
  const duration = Number(values.seconds);
  const connections = Number(values.connections);
  const catalogs = REGIONS.map((r) => catalogOf(r, perRegion));

  // 1. In process: the same catalogs as documents, mapped as the relevance set maps them (its labels apply), then the index.
  const docs = generatedDocuments(perRegion);
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const t0 = process.hrtime.bigint();
  const engine = new SearchIndex();
  for (const doc of docs) engine.upsert(doc);
  const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;
  global.gc?.();
  const indexRssMb = mb(process.memoryUsage().rss - rssBefore);
  process.stderr.write(`in-process index: ${docs.length} documents in ${Math.round(buildMs)} ms, +${indexRssMb} MB RSS\n`);

  const relevance: RelevanceQuery[] = labelQueries(loadRelevanceQueries(), docs);
  const cpuMs: number[] = [];
  const timeQuery = (q: SearchQuery) => {
    const t = timed(() => engine.search(q));
    cpuMs.push(t.cpuMs);
    return { ms: t.ms, ids: t.result.items.map((h) => h.id) };
  };
  for (const q of relevance) timeQuery({ q: q.q, ...q.filters }); // warm up
  cpuMs.length = 0;
  const relevanceMs: number[] = [];
  const engineRecall: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const q of relevance) {
      const r = timeQuery({ q: q.q, ...q.filters, pageSize: 10 });
      relevanceMs.push(r.ms);
      if (round === 0) engineRecall.push(recallAt10(r.ids, q.expected));
    }
  }
  const mixed = mixedQueries(relevance.map((q) => q.q));
  const mixedMs: number[] = [];
  for (let round = 0; round < 5; round++) for (const q of mixed) mixedMs.push(timeQuery(q).ms);
  const allMs = [...relevanceMs, ...mixedMs];
  process.stderr.write(
    `in-process: p50 ${percentile(allMs, 50).toFixed(3)} ms, p99 ${percentile(allMs, 99).toFixed(3)} ms (CPU p99 ${percentile(cpuMs, 99).toFixed(3)} ms) over ${allMs.length} queries\n`,
  );

  const inProcess = {
    buildMs: Math.round(buildMs),
    indexRssMb,
    p50Ms: round(percentile(allMs, 50), 3),
    p99Ms: round(percentile(allMs, 99), 3),
    relevanceP50Ms: round(percentile(relevanceMs, 50), 3),
    relevanceP99Ms: round(percentile(relevanceMs, 99), 3),
    mixedP50Ms: round(percentile(mixedMs, 50), 3),
    mixedP99Ms: round(percentile(mixedMs, 99), 3),
    cpuP50Ms: round(percentile(cpuMs, 50), 3),
    cpuP99Ms: round(percentile(cpuMs, 99), 3),
    recallAt10: round(engineRecall.reduce((a, b) => a + b, 0) / engineRecall.length, 3),
  };

  // 1b. The peer: MiniSearch over the same documents, the same relevance queries, our analyzer's terms.
  let peer: Record<string, number | string> | null = null;
  if (values.peer !== 'false') {
    const started = process.hrtime.bigint();
    let mini: MiniSearchPeer | null = new MiniSearchPeer(docs);
    const peerBuildMs = Number(process.hrtime.bigint() - started) / 1e6;
    for (const q of relevance) mini.search({ q: q.q, ...q.filters }); // warm up
    const peerMs: number[] = [];
    const peerCpuMs: number[] = [];
    const peerRecall: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (const q of relevance) {
        const t = timed(() => mini!.search({ q: q.q, ...q.filters }));
        peerMs.push(t.ms);
        peerCpuMs.push(t.cpuMs);
        if (round === 0) peerRecall.push(recallAt10(t.result, q.expected));
      }
    }
    mini = null;
    global.gc?.();
    peer = {
      library: 'minisearch',
      buildMs: Math.round(peerBuildMs),
      p50Ms: round(percentile(peerMs, 50), 3),
      p99Ms: round(percentile(peerMs, 99), 3),
      cpuP99Ms: round(percentile(peerCpuMs, 99), 3),
      recallAt10: round(peerRecall.reduce((a, b) => a + b, 0) / peerRecall.length, 3),
      // Ours over the same relevance queries, from phase 1.
      oursP50Ms: inProcess.relevanceP50Ms,
      oursP99Ms: inProcess.relevanceP99Ms,
      oursRecallAt10: inProcess.recallAt10,
    };
    process.stderr.write(`MiniSearch peer: built in ${peer.buildMs} ms, p50 ${peer.p50Ms} ms, p99 ${peer.p99Ms} ms, recall@10 ${peer.recallAt10}\n`);
  }
  if (values.http === 'false') {
    process.stdout.write(`${JSON.stringify({ bench: 'search', documents: docs.length, queries: relevance.length, inProcess, peer })}\n`);
    return;
  }

  // 2. PostgreSQL: the same rows, pg_trgm GIN indexes, ILIKE.
  const schema = `bench_search_${process.pid}`;
  const admin = await Database.connect({ databaseUrl: POSTGRES, migrate: false, poolSize: 2 });
  await admin.pool.query(`CREATE SCHEMA "${schema}"`);
  const env = {
    ...TEST_SECRETS,
    METRICS_TOKEN: randomBytes(32).toString('base64url'),
    DATABASE_URL: `${POSTGRES}?options=${encodeURIComponent(`-c search_path=${schema},public`)}`,
    REDIS_URL: REDIS,
    QUEUE_PREFIX: schema.replace(/_/g, '-'),
    HTTP_PORT: String(await freePort()),
    GRPC_PORT: '0',
    LOG_LEVEL: 'error',
    RUN_WORKERS: 'false',
    // Autocannon is one client at one address: measure the engine, not that client's 429s. A limit
    // out of reach, not off, so every search still pays for its counter as a real client's does.
    RATE_LIMIT_SEARCH: '1000000000',
  };
  const gateways: ReturnType<typeof spawnTs>[] = [];
  try {
    const seeder = await createGateway(loadConfig(env));
    const seedStarted = Date.now();
    for (const c of catalogs) {
      await seeder.get(SeedCatalogUseCase).execute({
        region: c.region,
        sourcePlatform: c.region === 'jiaxing' ? 'local' : c.region,
        units: c.units,
        instruments: c.instruments as InstrumentInput[],
      });
    }
    await seeder.close();
    process.stderr.write(`stored ${docs.length} instruments in PostgreSQL in ${Math.round((Date.now() - seedStarted) / 1000)} s\n`);
    const q = (text: string, params: unknown[] = []) => admin.pool.query(text.replaceAll('"S"', `"${schema}"`), params);
    for (const column of ['name', 'name_en', 'model', 'manufacturer']) {
      await q(`CREATE INDEX ${column}_trgm ON "S".instruments USING gin (${column} gin_trgm_ops)`);
    }
    await q('ANALYZE "S".instruments');
    const pgMs: number[] = [];
    const pgRecall: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (const r of relevance) {
        const pattern = `%${r.q.replace(/[%_\\]/g, '\\$&')}%`;
        const s = process.hrtime.bigint();
        const rows = await q(
          `SELECT id FROM "S".instruments WHERE deleted_at IS NULL AND shareable AND (name ILIKE $1 OR name_en ILIKE $1 OR model ILIKE $1 OR manufacturer ILIKE $1) ORDER BY id LIMIT 10`,
          [pattern],
        );
        await q(
          `SELECT count(*) FROM "S".instruments WHERE deleted_at IS NULL AND shareable AND (name ILIKE $1 OR name_en ILIKE $1 OR model ILIKE $1 OR manufacturer ILIKE $1)`,
          [pattern],
        );
        pgMs.push(Number(process.hrtime.bigint() - s) / 1e6);
        if (round === 0)
          pgRecall.push(
            recallAt10(
              rows.rows.map((x: { id: string }) => x.id),
              r.expected,
            ),
          );
      }
    }
    process.stderr.write(`PostgreSQL pg_trgm: p50 ${percentile(pgMs, 50).toFixed(2)} ms, p99 ${percentile(pgMs, 99).toFixed(2)} ms\n`);

    // 3. HTTP: the gateway builds its index from PostgreSQL at start.
    const base = `http://127.0.0.1:${env.HTTP_PORT}`;
    const boot = async (extra: Record<string, string> = {}) => {
      const started = Date.now();
      const spawned = spawnTs('apps/gateway/src/main.ts', { ...env, ...extra });
      gateways.push(spawned);
      await waitForHttp(`${base}/health/ready`, spawned, 300_000);
      return { spawned, bootMs: Date.now() - started };
    };
    const stop = async (spawned: ReturnType<typeof spawnTs>) => {
      spawned.child.kill('SIGTERM');
      await spawned.exited;
    };
    const { spawned: gateway, bootMs } = await boot();
    const metrics = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${env.METRICS_TOKEN}` } })).text();
    const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);
    const gatewayRssMb = mb(gauge('process_resident_memory_bytes'));
    const pgBuildMs = Math.round(gauge('search_index_build_seconds') * 1000);
    process.stderr.write(
      `gateway: ${gauge('search_index_documents')} documents indexed from PostgreSQL in ${pgBuildMs} ms (boot ${bootMs} ms), RSS ${gatewayRssMb} MB\n`,
    );

    const paths = [...relevance.map((r) => searchPath({ q: r.q, ...r.filters })), ...mixed.map(searchPath)];
    // Steady state, as a running service is: every distinct request asked once before the clock starts.
    const warmUp = async () => {
      for (const p of paths) await (await fetch(base + p)).arrayBuffer();
    };
    await warmUp();
    const floor = await loadTest({ url: base, connections, duration, paths: ['/health/live'] });
    const http = await loadTest({ url: base, connections, duration, paths });
    process.stderr.write(
      `HTTP search: ${Math.round(http.rps)} req/s, p50 ${http.p50} ms, p99 ${http.p99} ms over ${paths.length} distinct requests; floor ${Math.round(floor.rps)} req/s, p99 ${floor.p99} ms\n`,
    );

    // Freshness: a change written to PostgreSQL by another process (as a sync worker does) until this replica's search finds it.
    const freshMs: number[] = [];
    // The trigger that numbers changes resolves its sequence on the search path: write as the gateway does.
    const writer = await Database.connect({ databaseUrl: env.DATABASE_URL, migrate: false, poolSize: 1 });
    const { rows: sample } = await q(`SELECT id FROM "S".instruments WHERE shareable AND deleted_at IS NULL ORDER BY id LIMIT 30`);
    for (const [k, row] of sample.entries()) {
      const model = `FRESHNESS-${process.pid}-${k}`;
      const started = process.hrtime.bigint();
      await writer.pool.query(`UPDATE instruments SET model = $1, version = version + 1 WHERE id = $2`, [model, row.id]);
      for (;;) {
        const found = (await (await fetch(`${base}/api/v1/instruments?q=${model}&pageSize=5`)).json()) as { items: { id: string; model?: string }[] };
        if (found.items.some((i) => i.id === row.id && i.model === model)) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      freshMs.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    await writer.close();
    process.stderr.write(`freshness: p50 ${Math.round(percentile(freshMs, 50))} ms, p95 ${Math.round(percentile(freshMs, 95))} ms\n`);
    await stop(gateway);

    // The same workload with the result cache off: every request runs the engine.
    const uncachedGateway = (await boot({ SEARCH_RESULT_CACHE_SIZE: '0' })).spawned;
    await warmUp();
    const uncached = await loadTest({ url: base, connections, duration, paths });
    process.stderr.write(`HTTP search, cache off: ${Math.round(uncached.rps)} req/s, p50 ${uncached.p50} ms, p99 ${uncached.p99} ms\n`);
    await stop(uncachedGateway);

    const figures = {
      bench: 'search',
      documents: docs.length,
      queries: relevance.length,
      inProcess,
      peer,
      postgres: {
        p50Ms: round(percentile(pgMs, 50)),
        p99Ms: round(percentile(pgMs, 99)),
        recallAt10: round(pgRecall.reduce((a, b) => a + b, 0) / pgRecall.length, 3),
        speedupP50: round(percentile(pgMs, 50) / percentile(relevanceMs, 50), 1),
      },
      http: {
        connections,
        distinctRequests: paths.length,
        rps: Math.round(http.rps),
        p50Ms: http.p50,
        p99Ms: http.p99,
        // Connection errors and timeouts, per run (autocannon's 10 s timeout catches the uncached tail).
        errors: { search: http.errors, floor: floor.errors, uncached: uncached.errors },
        non2xx: http.non2xx + uncached.non2xx,
        floorRps: Math.round(floor.rps),
        floorP50Ms: floor.p50,
        floorP99Ms: floor.p99,
        ratioToFloor: round(http.rps / floor.rps, 3),
        uncachedRps: Math.round(uncached.rps),
        uncachedP50Ms: uncached.p50,
        uncachedP99Ms: uncached.p99,
      },
      gateway: { buildFromPostgresMs: pgBuildMs, bootMs, rssMb: gatewayRssMb },
      freshness: { changes: freshMs.length, p50Ms: Math.round(percentile(freshMs, 50)), p95Ms: Math.round(percentile(freshMs, 95)), followIntervalMs: 200 },
    };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    for (const g of gateways) g.child.kill('SIGTERM');
    await Promise.all(gateways.map((g) => g.exited));
    await admin.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await admin.close();
  }
}

runBench('search', main);
