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
 * 4. Churn: the same repeated requests while a partner sync writes 50
 *    ordinary changes a second to PostgreSQL on a connection of its own, on
 *    the gateway as configured (kept answers may miss ordinary changes for
 *    SEARCH_CACHE_MAX_STALE_MS) and on one with SEARCH_CACHE_MAX_STALE_MS=0
 *    (every change empties the caches); throughput against the quiet run.
 * 5. Questions nobody asked before (words and fragments of real names, model
 *    prefixes, makers, random filters and pages, every one distinct) on a
 *    deployed gateway, with one process and then with `--processes` of them
 *    (GATEWAY_PROCESSES) on the same port, each after 5 s of other such questions:
 *    what a fresh search meets on a running gateway, and what
 *    the second core adds; then those processes offered `--rate` questions a
 *    second on schedule (1,500 by default) rather than all they can take: the
 *    latency a user meets at that rate, not the queue of a saturated server.
 * Every gateway runs as production does: compiled by `scripts/build.mjs`
 * (into a folder of its own under tmp/, removed at the end) and started with
 * plain `node`, no transpiler in the process (its ~70 MB would count in the
 * RSS); `--gateway sources` runs the TypeScript sources instead.
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
import { REPO_ROOT, freePort, spawnNode, spawnTs, waitForHttp, type Spawned } from '../test/support/processes';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { loadTest, percentile, processCpuMs, processRssMb, runBench } from './bench-support';
import { MiniSearchPeer } from './search-peer';
import { novelQueries, searchPath } from './search-questions';
import { TEST_SECRETS } from '../test/support/secrets';

const POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = 'redis://127.0.0.1:6379';
/** Ordinary changes a second in the churn phase: partners syncing at the rate issue #17 names. */
const CHURN_PER_SECOND = 50;

const round = (x: number, digits = 2) => Number(x.toFixed(digits));
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

function catalogOf(region: Region, count: number) {
  const { units, instruments } = generateCatalog({ region, count, seed: RELEVANCE_CORPUS.seed, asOf: RELEVANCE_CORPUS.asOf });
  return { region, units, instruments };
}

/**
 * What a partner's sync rewrites most: a record's description and date, in
 * words the catalog already has (a new word in every change would measure
 * the lexicon growing, not the caches).
 */
const CHURN_DESCRIPTIONS = ['仪器状态良好，可预约', '设备维护中，暂停预约', 'Instrument in good condition, open for booking', '年度校准已完成'];

/** A partner sync's pace: `perSecond` ordinary changes, written by a connection of its own until stopped. */
async function startChurn(databaseUrl: string, ids: string[], perSecond: number) {
  const writer = await Database.connect({ databaseUrl, migrate: false, poolSize: 1 });
  const started = Date.now();
  let changes = 0;
  let stopped = false;
  const running = (async () => {
    while (!stopped) {
      await writer.pool.query(`UPDATE instruments SET description = $1, version = version + 1, updated_at = now() WHERE id = $2`, [
        CHURN_DESCRIPTIONS[changes % CHURN_DESCRIPTIONS.length],
        ids[changes % ids.length],
      ]);
      changes++;
      const wait = started + (changes * 1000) / perSecond - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await running;
      await writer.close();
      return { changes, perSecond: round(changes / ((Date.now() - started) / 1000), 1) };
    },
  };
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

/** CPU time the whole machine has spent busy and in all, in ms (/proc/stat): what share of the two cores a window left idle. */
function machineCpuMs(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0) * 10;
  // idle and iowait
  return { busy: total - (fields[3] + fields[4]) * 10, total };
}

/**
 * CPU ms of PostgreSQL's server and its backends so far: the live ones, and those that exited
 * (reaped into the server's children's times), so a backend closing in a window is not lost.
 */
function postgresCpuMs(postmaster: number): number {
  try {
    const stat = readFileSync(`/proc/${postmaster}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return processCpuMs(postmaster) + (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return 0;
  }
}

/**
 * What else ran during a window: the share of the machine busy, and the CPU ms a second of every
 * PostgreSQL process (the churn's writes and the feed's reads, but also whatever else uses the
 * shared server meanwhile).
 */
function windowLoad(postmaster: number | undefined) {
  const machine = machineCpuMs();
  const postgres = postmaster === undefined ? 0 : postgresCpuMs(postmaster);
  const started = Date.now();
  return () => {
    const now = machineCpuMs();
    const seconds = (Date.now() - started) / 1000;
    return {
      machineBusy: round((now.busy - machine.busy) / Math.max(1, now.total - machine.total), 2),
      postgresCpuMsPerSecond: postmaster === undefined ? null : Math.round((postgresCpuMs(postmaster) - postgres) / seconds),
    };
  };
}

/** Every sample of a Prometheus text whose name starts `search_`, by its name and labels as written (`name{a="x",b="y"}`). */
function searchSamples(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const match of text.matchAll(/^(search_\w+(?:\{[^}]*\})?) (\S+)$/gm)) samples.set(match[1], Number(match[2]));
  return samples;
}

/**
 * What became of the kept answers between two readings of /metrics (a
 * phase): look-ups by cache and outcome, why answers stopped being exact,
 * why every answer was dropped at once, and the index's epochs. Plain
 * counters of the gateway, read twice: no log per request.
 */
function keptAnswerFigures(before: Map<string, number>, after: Map<string, number>) {
  /** The increase of each sample of `name`, keyed by its label values joined with '.'. */
  const delta = (name: string): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const [key, value] of after) {
      if (key !== name && !key.startsWith(`${name}{`)) continue;
      const labels = [...key.matchAll(/="([^"]*)"/g)].map((m) => m[1]).join('.');
      out[labels || 'total'] = value - (before.get(key) ?? 0);
    }
    return out;
  };
  const lookups = delta('search_kept_answers_total');
  const ofCache = (cache: string) =>
    Object.fromEntries(
      Object.entries(lookups)
        .filter(([k]) => k.startsWith(`${cache}.`))
        .map(([k, v]) => [k.slice(cache.length + 1), v]),
    );
  return {
    answers: ofCache('answers'),
    requests: ofCache('requests'),
    concerns: delta('search_kept_answer_concerns_total'),
    floorRaised: delta('search_cache_floor_raised_total'),
    epochs: delta('search_index_epochs_total'),
    changesApplied: delta('search_index_changes_applied_total').total ?? 0,
    // The gateway's CPU ms for answers computed (every drop above ends in one) and for applying the changes.
    computed: delta('search_answers_computed_total').total ?? 0,
    cpuMs: Object.fromEntries(Object.entries(delta('search_cpu_ms_total')).map(([work, ms]) => [work, Math.round(ms)])),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      perRegion: { type: 'string', default: '40000' },
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '100' },
      // Gateway processes for the questions nobody asked before, beside one process in the same run.
      processes: { type: 'string', default: '2' },
      // Requests a second offered on schedule to those processes in the never-asked phase's paced run: issue #17's target rate.
      rate: { type: 'string', default: '1500' },
      // The churn phase's bound for the gateway as configured (default: the configuration's).
      maxStaleMs: { type: 'string' },
      http: { type: 'string', default: 'true' },
      peer: { type: 'string', default: 'true' },
      // `churn`: stop after the churn phase on the gateway as configured (for repeated runs of that phase alone).
      stopAfter: { type: 'string' },
      // `compiled` (as production runs it) or `sources` (TypeScript through the transpiler, as `npm run start:gateway`).
      gateway: { type: 'string', default: 'compiled' },
    },
  });
  const perRegion = Number(values.perRegion);
  const duration = Number(values.seconds);
  const connections = Number(values.connections);
  const processes = Number(values.processes);
  const rate = Number(values.rate);
  const catalogs = REGIONS.map((r) => catalogOf(r, perRegion));

  // 1. In process: the same catalogs as documents, mapped as the relevance set maps them (its labels apply), then the index.
  const docs = generatedDocuments(perRegion);
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const t0 = process.hrtime.bigint();
  // One bulk load, as the gateway builds its index from PostgreSQL.
  const engine = SearchIndex.from(docs);
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
    // What becomes of the kept answers in each churn window (off by default: they move with hidden changes too).
    SEARCH_CACHE_METRICS: 'true',
    ...(values.maxStaleMs === undefined ? {} : { SEARCH_CACHE_MAX_STALE_MS: values.maxStaleMs }),
  };
  const gateways: Spawned[] = [];
  let buildDir: string | undefined;
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
    if (values.gateway === 'compiled') {
      mkdirSync(path.join(REPO_ROOT, 'tmp'), { recursive: true });
      buildDir = mkdtempSync(path.join(REPO_ROOT, 'tmp', 'bench-build-'));
      const build = spawnNode(['scripts/build.mjs', '--out-dir', buildDir], {});
      if ((await build.exited) !== 0) throw new Error(`build failed:\n${build.output()}`);
    } else if (values.gateway !== 'sources') throw new Error(`--gateway ${values.gateway}: compiled or sources`);
    const startGateway = (vars: Record<string, string>) =>
      buildDir ? spawnNode(['--enable-source-maps', path.join(buildDir, 'apps/gateway/src/main.js')], vars) : spawnTs('apps/gateway/src/main.ts', vars);
    const boot = async (extra: Record<string, string> = {}) => {
      const started = Date.now();
      const spawned = startGateway({ ...env, ...extra });
      gateways.push(spawned);
      await waitForHttp(`${base}/health/ready`, spawned, 300_000);
      return { spawned, bootMs: Date.now() - started };
    };
    const stop = async (spawned: Spawned) => {
      spawned.child.kill('SIGTERM');
      await spawned.exited;
    };
    const { spawned: gateway, bootMs } = await boot();
    const scrape = async () => (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${env.METRICS_TOKEN}` } })).text();
    const metrics = await scrape();
    const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);
    const gatewayRssMb = mb(gauge('process_resident_memory_bytes'));
    const pgBuildMs = Math.round(gauge('search_index_build_seconds') * 1000);
    process.stderr.write(
      `gateway: ${gauge('search_index_documents')} documents indexed from PostgreSQL in ${pgBuildMs} ms (boot ${bootMs} ms), RSS ${gatewayRssMb} MB\n`,
    );

    const paths = [...relevance.map((r) => searchPath({ q: r.q, ...r.filters })), ...mixed.map(searchPath)];
    // Steady state, as a running service is: every distinct request asked before the clock starts, twice
    // (an answer is kept from its question's second ask).
    const warmUp = async () => {
      for (let ask = 0; ask < 2; ask++) for (const p of paths) await (await fetch(base + p)).arrayBuffer();
    };
    await warmUp();
    const floor = await loadTest({ url: base, connections, duration, paths: ['/health/live'] });
    // PostgreSQL's server process (the parent of this connection's backend), when it runs on this machine.
    const { rows: backend } = await admin.pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const postmaster = (() => {
      try {
        const stat = readFileSync(`/proc/${backend[0].pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      } catch {
        return undefined;
      }
    })();
    const quietCpuFrom = processCpuMs(gateway.child.pid!);
    const quietLoad = windowLoad(postmaster);
    const http = await loadTest({ url: base, connections, duration, paths });
    const quietCpuMs = processCpuMs(gateway.child.pid!) - quietCpuFrom;
    const quietWindow = quietLoad();
    process.stderr.write(
      `HTTP search: ${Math.round(http.rps)} req/s, p50 ${http.p50} ms, p99 ${http.p99} ms over ${paths.length} distinct requests; floor ${Math.round(floor.rps)} req/s, p99 ${floor.p99} ms\n`,
    );

    // 4. Churn on this gateway: the same requests, back to back with the quiet run above.
    const { rows: churnRows } = await q(
      `SELECT id FROM "S".instruments WHERE shareable AND deleted_at IS NULL AND source_platform <> 'local' ORDER BY id LIMIT 2000`,
    );
    const churnIds = churnRows.map((r: { id: string }) => r.id);
    const underChurn = async (pid: number) => {
      const samplesBefore = searchSamples(await scrape());
      const writer = await startChurn(env.DATABASE_URL, churnIds, CHURN_PER_SECOND);
      try {
        const cpuFrom = processCpuMs(pid);
        const load = windowLoad(postmaster);
        const result = await loadTest({ url: base, connections, duration, paths });
        const cpuMs = processCpuMs(pid) - cpuFrom;
        const window = load();
        const writes = await writer.stop();
        return { ...result, cpuMs, writes, window, kept: keptAnswerFigures(samplesBefore, searchSamples(await scrape())) };
      } catch (error) {
        await writer.stop();
        throw error;
      }
    };
    const churn = await underChurn(gateway.child.pid!);
    process.stderr.write(
      `HTTP search, ${churn.writes.perSecond} changes/s: ${Math.round(churn.rps)} req/s, p50 ${churn.p50} ms, p99 ${churn.p99} ms (quiet ${Math.round(http.rps)} req/s, CPU a request ${round(quietCpuMs / http.total, 3)} → ${round(churn.cpuMs / churn.total, 3)} ms)\nkept answers under churn: ${JSON.stringify(churn.kept)}\n`,
    );
    if (values.stopAfter === 'churn') {
      const churnOnly = {
        changesPerSecond: churn.writes.perSecond,
        cacheMaxStaleMs: loadConfig(env).search.cacheMaxStaleMs,
        quietRps: Math.round(http.rps),
        rps: Math.round(churn.rps),
        ratioToQuiet: round(churn.rps / http.rps, 3),
        quietCpuMsPerRequest: round(quietCpuMs / http.total, 3),
        cpuMsPerRequest: round(churn.cpuMs / churn.total, 3),
        quietWindow,
        window: churn.window,
        kept: churn.kept,
      };
      process.stdout.write(
        `${JSON.stringify({ bench: 'search', documents: docs.length, stopAfter: 'churn', floorRps: Math.round(floor.rps), churn: churnOnly })}\n`,
      );
      return;
    }

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

    // Churn as before SEARCH_CACHE_MAX_STALE_MS: every change empties both caches.
    const staleOffGateway = (await boot({ SEARCH_CACHE_MAX_STALE_MS: '0' })).spawned;
    await warmUp();
    const churnStaleOff = await underChurn(staleOffGateway.child.pid!);
    process.stderr.write(
      `HTTP search, ${churnStaleOff.writes.perSecond} changes/s, SEARCH_CACHE_MAX_STALE_MS=0: ${Math.round(churnStaleOff.rps)} req/s, p50 ${churnStaleOff.p50} ms, p99 ${churnStaleOff.p99} ms\n`,
    );
    await stop(staleOffGateway);

    // The gateways from here on are read for their speed only: configured as deployed, without the kept
    // answers' figures (SEARCH_CACHE_METRICS off, its default), whose CPU accounting costs every computed answer.
    const asDeployed = { SEARCH_CACHE_METRICS: 'false' };
    // The same workload with the result cache off: every request runs the engine.
    const uncachedGateway = (await boot({ ...asDeployed, SEARCH_RESULT_CACHE_SIZE: '0' })).spawned;
    await warmUp();
    const uncachedCpuFrom = processCpuMs(uncachedGateway.child.pid!);
    const uncached = await loadTest({ url: base, connections, duration, paths });
    const uncachedCpuMs = processCpuMs(uncachedGateway.child.pid!) - uncachedCpuFrom;
    process.stderr.write(`HTTP search, cache off: ${Math.round(uncached.rps)} req/s, p50 ${uncached.p50} ms, p99 ${uncached.p99} ms\n`);
    await stop(uncachedGateway);

    // Questions nobody asked before (the cache on, as deployed, and missing every time): one gateway
    // process, then GATEWAY_PROCESSES of them on the same port, each answering on its own core.
    // Twice the distinct questions one run could ask, so none repeats; each run's own warm-up asks others.
    const WARM_UP_SECONDS = 5;
    const warmUpQuestions = 15_000;
    const pacedQuestions = Math.ceil(rate * duration * 1.2);
    const novel = novelQueries(
      docs,
      relevance.map((r) => r.q),
      60_000 + pacedQuestions + 3 * warmUpQuestions,
    ).map(searchPath);
    let unasked = 0;
    const take = (n: number) => novel.slice(unasked, (unasked += n));
    const novelRun = async (processes: number, slice: string[], rate?: number) => {
      const booted = await boot({ ...asDeployed, GATEWAY_PROCESSES: String(processes) });
      // A gateway serves for days: measured once its code is compiled and its first questions' one-off work
      // done (a cold start's first seconds are their own figure), warmed by questions the run will not ask.
      await loadTest({ url: base, connections, duration: WARM_UP_SECONDS, paths: take(warmUpQuestions) });
      const cpuFrom = processCpuMs(booted.spawned.child.pid!);
      const result = await loadTest({ url: base, connections, duration, paths: slice, rate });
      // Every process of the gateway, the supervisor included: what a question never asked costs it.
      const cpuMsPerRequest = round((processCpuMs(booted.spawned.child.pid!) - cpuFrom) / result.total, 3);
      const rss = await processRssMb(booted.spawned.child.pid!);
      process.stderr.write(
        `HTTP search, questions never asked (${processes} process${processes > 1 ? 'es' : ''}${rate ? `, ${rate} req/s offered` : ''}): ${Math.round(result.rps)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.total} of ${slice.length} distinct, ${cpuMsPerRequest} ms CPU a request, RSS ${rss} MB\n`,
      );
      await stop(booted.spawned);
      return { result, rss, cpuMsPerRequest };
    };
    const novelOne = await novelRun(1, take(30_000));
    const novelMany = await novelRun(processes, take(30_000));
    // The same processes offered a steady rate instead of as much as they can take: at saturation every
    // connection always has a question waiting, and its latency is mostly that queue (100 connections over
    // the rate), whatever a question costs. Paced, the latency is what a user meets while the gateway
    // serves that many questions a second (from when each was due: no coordinated omission).
    const novelPaced = await novelRun(processes, take(pacedQuestions), rate);

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
        uncachedCpuMsPerRequest: round(uncachedCpuMs / uncached.total, 3),
        novel: {
          processes,
          oneProcess: {
            rps: Math.round(novelOne.result.rps),
            p50Ms: novelOne.result.p50,
            p99Ms: novelOne.result.p99,
            errors: novelOne.result.errors,
            non2xx: novelOne.result.non2xx,
            rssMb: novelOne.rss,
            cpuMsPerRequest: novelOne.cpuMsPerRequest,
          },
          manyProcesses: {
            rps: Math.round(novelMany.result.rps),
            p50Ms: novelMany.result.p50,
            p99Ms: novelMany.result.p99,
            errors: novelMany.result.errors,
            non2xx: novelMany.result.non2xx,
            rssMb: novelMany.rss,
            cpuMsPerRequest: novelMany.cpuMsPerRequest,
          },
          speedup: round(novelMany.result.rps / novelOne.result.rps, 2),
          ratioToFloor: round(novelMany.result.rps / floor.rps, 3),
          warmUpSeconds: WARM_UP_SECONDS,
          paced: {
            processes,
            offeredRps: rate,
            rps: Math.round(novelPaced.result.rps),
            p50Ms: novelPaced.result.p50,
            p99Ms: novelPaced.result.p99,
            errors: novelPaced.result.errors,
            non2xx: novelPaced.result.non2xx,
            cpuMsPerRequest: novelPaced.cpuMsPerRequest,
          },
        },
      },
      churn: {
        changesPerSecond: churn.writes.perSecond,
        cacheMaxStaleMs: loadConfig(env).search.cacheMaxStaleMs,
        quietRps: Math.round(http.rps),
        rps: Math.round(churn.rps),
        p50Ms: churn.p50,
        p99Ms: churn.p99,
        ratioToQuiet: round(churn.rps / http.rps, 3),
        // The gateway's CPU per request served, quiet and under churn: what the ratios would be on an idle machine.
        quietCpuMsPerRequest: round(quietCpuMs / http.total, 3),
        cpuMsPerRequest: round(churn.cpuMs / churn.total, 3),
        staleOffChangesPerSecond: churnStaleOff.writes.perSecond,
        staleOffRps: Math.round(churnStaleOff.rps),
        staleOffP50Ms: churnStaleOff.p50,
        staleOffP99Ms: churnStaleOff.p99,
        staleOffRatioToQuiet: round(churnStaleOff.rps / http.rps, 3),
        staleOffCpuMsPerRequest: round(churnStaleOff.cpuMs / churnStaleOff.total, 3),
        // How busy the machine and PostgreSQL were in the quiet and the churn windows.
        quietWindow,
        window: churn.window,
        staleOffWindow: churnStaleOff.window,
        // Why kept answers were or were not served in each churn window (the gateway's counters, read before and after it).
        kept: churn.kept,
        staleOffKept: churnStaleOff.kept,
        errors: { churn: churn.errors, staleOff: churnStaleOff.errors },
        non2xx: churn.non2xx + churnStaleOff.non2xx,
      },
      gateway: { runs: values.gateway, buildFromPostgresMs: pgBuildMs, bootMs, rssMb: gatewayRssMb },
      freshness: { changes: freshMs.length, p50Ms: Math.round(percentile(freshMs, 50)), p95Ms: Math.round(percentile(freshMs, 95)), followIntervalMs: 200 },
    };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    for (const g of gateways) g.child.kill('SIGTERM');
    await Promise.all(gateways.map((g) => g.exited));
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
    await admin.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await admin.close();
  }
}

runBench('search', main);
