/**
 * npm run bench:sync — federation sync throughput and freshness, on this
 * machine's PostgreSQL and Redis (the production topology).
 *
 * 1. Baseline (the limit): read a partner's 100,000-record change feed over
 *    gRPC without storing anything.
 * 2. Initial sync: the gateway pulls the same feed into PostgreSQL with BullMQ
 *    on Redis; records/s and the ratio to the baseline, in the same run.
 * 3. Incremental: a change at a partner → stored at the gateway, p50/p95.
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
import { freePort, spawnTs } from '../test/support/processes';
import { percentile, runBench } from './bench-support';
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

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { count: { type: 'string', default: '100000' }, changes: { type: 'string', default: '50' } } });
  const count = Number(values.count);
  const schema = `bench_${process.pid}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-sync-'));
  const admin = await Database.connect({ databaseUrl: POSTGRES, migrate: false, poolSize: 2 });
  await admin.pool.query(`CREATE SCHEMA "${schema}"`);

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

  try {
    const baseline = await readFeed(partnerAddress);
    process.stderr.write(`baseline: read ${baseline.records} records in ${baseline.seconds.toFixed(2)} s\n`);

    fs.writeFileSync(
      path.join(dir, 'partners.json'),
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
    const config = loadConfig({
      ...TEST_SECRETS,
      DATABASE_URL: `${POSTGRES}?options=${encodeURIComponent(`-c search_path=${schema},public`)}`,
      REDIS_URL: REDIS,
      QUEUE_PREFIX: schema.replace(/_/g, '-'),
      PARTNERS_FILE: path.join(dir, 'partners.json'),
      HTTP_PORT: String(await freePort()),
      GRPC_PORT: '0',
      LOG_LEVEL: 'error',
    });
    const started = process.hrtime.bigint();
    const app = await startGateway(config);
    const stored = async (source: string) =>
      Number(
        (await admin.pool.query(`SELECT count(*)::int AS n FROM "${schema}".instruments WHERE source_platform = $1 AND deleted_at IS NULL`, [source])).rows[0]
          .n,
      );
    while ((await stored('shanghai')) < baseline.records) await new Promise((r) => setTimeout(r, 100));
    const syncSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    process.stderr.write(`initial sync: ${baseline.records} records in ${syncSeconds.toFixed(2)} s\n`);

    while ((await stored('anhui')) < live.store.shareable().length) await new Promise((r) => setTimeout(r, 50));
    const latencies: number[] = [];
    const targets = live.store.shareable().slice(0, Number(values.changes));
    for (const [i, entry] of targets.entries()) {
      const t0 = process.hrtime.bigint();
      const next = live.store.upsert({ ...entry.stored.instrument, description: `bench change ${i}` });
      const version = String(next.stored.instrument.version);
      for (;;) {
        const r = await admin.pool.query(`SELECT version::text AS v FROM "${schema}".instruments WHERE id = $1`, [entry.stored.instrument.id]);
        if (r.rows[0]?.v === version) break;
        await new Promise((res) => setTimeout(res, 5));
      }
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    await app.close();

    const figures = {
      bench: 'sync',
      records: baseline.records,
      baselineReadPerSecond: Math.round(baseline.records / baseline.seconds),
      initialSyncPerSecond: Math.round(baseline.records / syncSeconds),
      ratioToBaseline: Number((baseline.records / syncSeconds / (baseline.records / baseline.seconds)).toFixed(3)),
      incrementalP50Ms: Math.round(percentile(latencies, 50)),
      incrementalP95Ms: Math.round(percentile(latencies, 95)),
      incrementalChanges: latencies.length,
      pullIntervalMs: 200,
      backend: { database: 'postgresql', queue: 'redis' },
    };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    partner.child.kill('SIGKILL');
    await live.close();
    await admin.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await admin.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runBench('sync', main);
