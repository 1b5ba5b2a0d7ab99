/**
 * npm run bench:sync — federation sync throughput and freshness, on this
 * machine's PostgreSQL and Redis.
 *
 * For each topology (`--topology worker,gateway`, both by default):
 * 1. Baseline (the limit): read a partner's 100,000-record change feed over
 *    gRPC without storing anything, just before the sync it is compared with.
 * 2. Initial sync: the process under test pulls the same feed into PostgreSQL
 *    with BullMQ on Redis; records/s and the ratio to the baseline, counted
 *    once the process is up (and, as before, from its start), with the CPU
 *    time a record cost each process. `worker` is apps/worker alone (no
 *    search replica: production's syncing process) in its own process, with
 *    the node flags production's worker runs with; `gateway` the embedded
 *    single process (HTTP, workers and its search replica following every
 *    write) in this one.
 * 3. Incremental (last topology): a change at a partner → stored, p50/p95.
 * Ends with one JSON line of figures.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { CatalogServiceClient, type ListChangesResponse } from '@app/contracts';
import { loadConfig } from '@app/config';
import { Database } from '@app/persistence';
import { startGateway } from '../apps/gateway/src/bootstrap';
import { startPartnerNode } from '../apps/partner-node/src/partner-node';
import { freePort, REPO_ROOT, spawnTs } from '../test/support/processes';
import { percentile, processCpuMs, runBench } from './bench-support';
import { TEST_SECRETS } from '../test/support/secrets';

const POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = 'redis://127.0.0.1:6379';
const TOKEN_OUT = 'bench-gateway-to-partner-token';

async function readFeed(address: string): Promise<{ records: number; seconds: number }> {
  const client = new CatalogServiceClient(address, grpc.credentials.createInsecure(), { 'grpc.max_receive_message_length': 64 * 1024 * 1024 });
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${TOKEN_OUT}`);
  const started = process.hrtime.bigint();
  let cursor = '';
  let records = 0;
  for (;;) {
    let end: { nextCursor: string; hasMore: boolean } | undefined;
    for await (const m of client.listChanges({ cursor, maxChanges: 5_000 }, metadata, {
      deadline: Date.now() + 60_000,
    }) as AsyncIterable<ListChangesResponse>) {
      if (m.event?.$case === 'change') records += 1;
      else if (m.event?.$case === 'end') end = m.event.end;
    }
    cursor = end!.nextCursor;
    if (!end!.hasMore) break;
  }
  client.close();
  return { records, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

type Topology = 'worker' | 'gateway';

/** CPU time a record cost each process, µs (user + system; clock ticks of 10 ms). */
interface CpuPerRecord {
  /** The reader (this process) during the baseline, the process under test during the sync (every thread). */
  node: number;
  partner: number;
  /** PostgreSQL's backends serving the process under test (none during the baseline). */
  postgres?: number;
}

interface SyncFigures {
  baselineReadPerSecond: number;
  baselineCpuUsPerRecord: CpuPerRecord;
  /** Seconds from starting the process (a fresh schema: every migration) until it is up. */
  bootSeconds: number;
  /** Records stored per second once the process is up, and that over the baseline. */
  initialSyncPerSecond: number;
  ratioToBaseline: number;
  /** The same counted from the start of the process, as this bench measured before 2026-12-06. */
  withBootPerSecond: number;
  withBootRatio: number;
  /** Once the process is up: on a shared machine these move far less with other load than the rates do. */
  syncCpuUsPerRecord: CpuPerRecord;
}

/** This process's CPU time so far (every thread), ms. */
const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * CPU time each PostgreSQL backend of `application` has used so far, ms, by
 * pid: the server runs on this machine, so its backends' /proc entries are
 * readable (ticks of 10 ms).
 */
async function backendsCpuMs(admin: Database, application: string): Promise<Map<number, number>> {
  const pids = (await admin.pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [application])).rows;
  return new Map(pids.map(({ pid }) => [pid, processCpuMs(pid)]));
}

/** CPU the backends used between two readings; a backend that connected meanwhile counts from zero. */
function backendsSpentMs(before: Map<number, number>, after: Map<number, number>): number {
  let spent = 0;
  for (const [pid, ms] of after) spent += ms - (before.get(pid) ?? 0);
  return spent;
}

/** The node flags production's worker runs with (`start:worker:prod`): the worker topology runs with them too. */
function workerNodeFlags(): string[] {
  const scripts = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  return scripts['start:worker:prod'].split(/\s+/).filter((arg) => arg.startsWith('--'));
}

interface UnderTest {
  /** CPU time the process under test has used so far, ms (every thread). */
  cpuMs(): number;
  close(): Promise<void>;
}

/**
 * Starts the process under test, syncing from the partners in `partnersFile`
 * into its own schema: `worker` is apps/worker's module (queue consumers, no
 * search replica) in its own process with production's worker flags
 * (bench/sync-worker.ts), `gateway` the embedded single process (HTTP, its
 * workers and its search replica following every write) in this one.
 */
async function startTopology(topology: Topology, schema: string, partnersFile: string): Promise<UnderTest> {
  const env = {
    ...TEST_SECRETS,
    // Named, so the bench can find its backends and read their CPU time.
    DATABASE_URL: `${POSTGRES}?options=${encodeURIComponent(`-c search_path=${schema},public`)}&application_name=${schema}`,
    REDIS_URL: REDIS,
    QUEUE_PREFIX: schema.replace(/_/g, '-'),
    PARTNERS_FILE: partnersFile,
    HTTP_PORT: String(await freePort()),
    GRPC_PORT: '0',
    GRPC_ALLOW_INSECURE: 'true',
    LOG_LEVEL: 'error',
  };
  if (topology === 'gateway') {
    const app = await startGateway(loadConfig(env));
    return { cpuMs: ownCpuMs, close: () => app.close() };
  }
  const worker = spawnTs('bench/sync-worker.ts', env, [], workerNodeFlags());
  while (!worker.output().includes('sync worker up')) {
    if (worker.child.exitCode !== null) throw new Error(`the sync worker exited:\n${worker.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    cpuMs: () => processCpuMs(worker.child.pid!),
    close: async () => {
      worker.child.kill('SIGTERM');
      const stopped = await Promise.race([worker.exited.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 10_000))]);
      if (!stopped) worker.child.kill('SIGKILL');
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '100000' },
      changes: { type: 'string', default: '50' },
      topology: { type: 'string', default: 'worker,gateway' },
    },
  });
  const count = Number(values.count);
  const topologies = values.topology.split(',') as Topology[];
  for (const t of topologies) if (t !== 'worker' && t !== 'gateway') throw new Error(`--topology: worker, gateway or both (got ${t})`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-sync-'));
  const admin = await Database.connect({ databaseUrl: POSTGRES, migrate: false, poolSize: 2 });
  const schemas: string[] = [];
  // Closed in `finally` too: a worker process must not outlive a bench that failed.
  const running = new Set<UnderTest>();

  // The partner runs as its own process, as it would in production.
  const partnerPort = await freePort();
  const partner = spawnTs('apps/partner-node/src/main.ts', {}, [
    '--region',
    'shanghai',
    '--port',
    String(partnerPort),
    '--count',
    String(count),
    '--token',
    TOKEN_OUT,
  ]);
  while (!partner.output().includes('partner node listening')) await new Promise((r) => setTimeout(r, 100));
  const partnerAddress = `127.0.0.1:${partnerPort}`;
  // An in-process partner for the incremental part, so the bench can change its catalog.
  const live = await startPartnerNode({ region: 'anhui', count: 500, acceptedTokens: [TOKEN_OUT] });
  const partnersFile = path.join(dir, 'partners.json');
  fs.writeFileSync(
    partnersFile,
    JSON.stringify([
      {
        id: 'shanghai',
        region: 'shanghai',
        protocol: 'grpc',
        address: partnerAddress,
        inboundToken: 'bench-shanghai-in-token',
        outboundToken: TOKEN_OUT,
        pullIntervalMs: 200,
        deadlineMs: 120_000,
      },
      {
        id: 'anhui',
        region: 'anhui',
        protocol: 'grpc',
        address: live.address,
        inboundToken: 'bench-anhui-in-token',
        outboundToken: TOKEN_OUT,
        pullIntervalMs: 200,
        deadlineMs: 10_000,
      },
    ]),
  );

  try {
    const figures: Partial<Record<Topology, SyncFigures>> = {};
    let records = 0;
    let latencies: number[] = [];
    for (const [n, topology] of topologies.entries()) {
      // Each topology beside its own baseline read, just before it: the machine's load moves between them.
      const cpuBefore = { node: ownCpuMs(), partner: processCpuMs(partner.child.pid!) };
      const baseline = await readFeed(partnerAddress);
      const baselineCpu: CpuPerRecord = {
        node: Math.round(((ownCpuMs() - cpuBefore.node) * 1000) / baseline.records),
        partner: Math.round(((processCpuMs(partner.child.pid!) - cpuBefore.partner) * 1000) / baseline.records),
      };
      records = baseline.records;
      process.stderr.write(`baseline: read ${baseline.records} records in ${baseline.seconds.toFixed(2)} s\n`);
      const schema = `bench_${process.pid}_${topology}`;
      schemas.push(schema);
      await admin.pool.query(`CREATE SCHEMA "${schema}"`);
      const started = process.hrtime.bigint();
      const app = await startTopology(topology, schema, partnersFile);
      running.add(app);
      const up = process.hrtime.bigint();
      const cpuUp = { node: app.cpuMs(), partner: processCpuMs(partner.child.pid!), postgres: await backendsCpuMs(admin, schema) };
      const stored = async (source: string) =>
        Number(
          (await admin.pool.query(`SELECT count(*)::int AS n FROM "${schema}".instruments WHERE source_platform = $1 AND deleted_at IS NULL`, [source])).rows[0]
            .n,
        );
      // Progress from the source's counter (one row by key): a count of the live rows costs PostgreSQL
      // ~30 ms of CPU at 97,000 rows, every 100 ms on the cores the sync it times runs on. On a fresh
      // schema every applied record is a new one, and the count confirms it at the end.
      const applied = async (source: string) =>
        Number((await admin.pool.query(`SELECT records_in::int AS n FROM "${schema}".federation_sources WHERE id = $1`, [source])).rows[0]?.n ?? 0);
      while ((await applied('shanghai')) < baseline.records) await new Promise((r) => setTimeout(r, 100));
      while ((await stored('shanghai')) < baseline.records) await new Promise((r) => setTimeout(r, 100));
      const done = process.hrtime.bigint();
      const perRecord = (ms: number) => Math.round((ms * 1000) / baseline.records);
      const syncCpu: CpuPerRecord = {
        node: perRecord(app.cpuMs() - cpuUp.node),
        partner: perRecord(processCpuMs(partner.child.pid!) - cpuUp.partner),
        postgres: perRecord(backendsSpentMs(cpuUp.postgres, await backendsCpuMs(admin, schema))),
      };
      const bootSeconds = Number(up - started) / 1e9;
      const syncSeconds = Number(done - up) / 1e9;
      const withBootSeconds = Number(done - started) / 1e9;
      process.stderr.write(
        `initial sync (${topology}): up in ${bootSeconds.toFixed(2)} s, then ${baseline.records} records in ${syncSeconds.toFixed(2)} s; CPU µs a record: ${JSON.stringify(syncCpu)} (baseline ${JSON.stringify(baselineCpu)})\n`,
      );
      figures[topology] = {
        baselineReadPerSecond: Math.round(baseline.records / baseline.seconds),
        baselineCpuUsPerRecord: baselineCpu,
        bootSeconds: Number(bootSeconds.toFixed(2)),
        initialSyncPerSecond: Math.round(baseline.records / syncSeconds),
        ratioToBaseline: Number((baseline.seconds / syncSeconds).toFixed(3)),
        withBootPerSecond: Math.round(baseline.records / withBootSeconds),
        withBootRatio: Number((baseline.seconds / withBootSeconds).toFixed(3)),
        syncCpuUsPerRecord: syncCpu,
      };

      // Incremental: measured on the last topology only (a change at the partner until its version is stored).
      if (n === topologies.length - 1) {
        while ((await stored('anhui')) < live.store.shareable().length) await new Promise((r) => setTimeout(r, 50));
        latencies = [];
        const targets = live.store.shareable().slice(0, Number(values.changes));
        for (const [i, entry] of targets.entries()) {
          const t0 = process.hrtime.bigint();
          const next = live.store.upsert({ ...entry.stored.instrument, description: `bench change ${topology} ${i}` });
          const version = String(next.stored.instrument.version);
          for (;;) {
            const r = await admin.pool.query(`SELECT version::text AS v FROM "${schema}".instruments WHERE id = $1`, [entry.stored.instrument.id]);
            if (r.rows[0]?.v === version) break;
            await new Promise((res) => setTimeout(res, 5));
          }
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
      }
      running.delete(app);
      await app.close();
    }

    process.stdout.write(
      `${JSON.stringify({
        bench: 'sync',
        records,
        ...figures,
        incremental: {
          topology: topologies[topologies.length - 1],
          p50Ms: Math.round(percentile(latencies, 50)),
          p95Ms: Math.round(percentile(latencies, 95)),
          changes: latencies.length,
        },
        pullIntervalMs: 200,
        backend: { database: 'postgresql', queue: 'redis' },
      })}\n`,
    );
  } finally {
    for (const app of running) await app.close().catch(() => undefined);
    partner.child.kill('SIGKILL');
    await live.close();
    for (const schema of schemas) await admin.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await admin.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runBench('sync', main);
