/**
 * npm run bench:booking — booking throughput and forwarding latency, on this
 * machine's PostgreSQL and Redis (the production topology), HTTP over loopback.
 *
 * 1. Floor: a constant-JSON endpoint of the same app (GET /health/live).
 * 2. Local bookings, every request a distinct instrument/slot: requests/s, p50/p99,
 *    beside the database alone (the limit): the same booking row with its exclusion
 *    constraint and its audit row, one statement each, driven straight from 50
 *    clients, for as long; the ratio of the two.
 * 3. Contention: every request for the same slot of one instrument (1 × 201, the rest 409).
 * 4. Cross-region: booking of a partner instrument → confirmed by the partner
 *    node over gRPC (stored, queued, forwarded, answered, stored): p50/p95,
 *    beside a direct CreateBooking call to the same partner (the floor).
 * 5. With `--processes N` (default 2): distinct slots again on N gateway
 *    processes sharing the port (GATEWAY_PROCESSES), beside the one-process figure.
 * Ends with one JSON line of figures.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import * as grpc from '@grpc/grpc-js';
import { mintToken } from '@app/auth';
import { SeedCatalogUseCase } from '@app/catalog';
import { BookingServiceClient } from '@app/contracts';
import { loadConfig } from '@app/config';
import { instrumentId } from '@app/common';
import { Database } from '@app/persistence';
import { generateCatalog } from '@app/seed';
import { createGateway } from '../apps/gateway/src/bootstrap';
import { startPartnerNode } from '../apps/partner-node/src/partner-node';
import { freePort, spawnTs, waitForHttp } from '../test/support/processes';
import { percentile, processCpuMs, runBench } from './bench-support';
import { TEST_SECRETS } from '../test/support/secrets';

const POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = 'redis://127.0.0.1:6379';
const TOKEN_OUT = 'bench-gateway-to-partner-token';
const INSTRUMENTS = 1_000;

/** `days` ahead of today in China, at `hour`:00 +08:00. */
function slot(days: number, hour: number, minute = 0): string {
  const day = new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
  return `${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`;
}

interface Run {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  status: Record<string, number>;
}

async function cannon(options: autocannon.Options): Promise<Run> {
  const r = await autocannon(options);
  const status = Object.fromEntries(
    Object.entries((r as unknown as { statusCodeStats: Record<string, { count: number }> }).statusCodeStats ?? {}).map(([k, v]) => [k, v.count]),
  );
  return { rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total, status };
}

/** Instrument i % 1000 (of `ids`), day 1 + ⌊i / 1000⌋ % 300, a 30-minute slot from `fromHour` + ⌊i / 300,000⌋ / 2: never two alike. */
function distinctSlot(ids: readonly string[], i: number, fromHour: number) {
  const day = 1 + (Math.floor(i / ids.length) % 300);
  const minutes = fromHour * 60 + 30 * Math.floor(i / (ids.length * 300));
  return {
    instrumentId: ids[i % ids.length],
    start: slot(day, Math.floor(minutes / 60), minutes % 60),
    end: slot(day, Math.floor((minutes + 30) / 60), (minutes + 30) % 60),
  };
}

/**
 * The database alone: `connections` clients each inserting a confirmed booking of a distinct slot and
 * its audit row (one statement, so one round trip: what the gateway's one call does at the least)
 * as fast as they can, for `seconds`.
 */
async function databaseAlone(url: string, connections: number, seconds: number, ids: readonly string[]): Promise<Run> {
  const db = await Database.connect({ databaseUrl: url, migrate: false, poolSize: connections });
  const latencies: number[] = [];
  let n = 0;
  /** Refused inserts by SQLSTATE (a deadlock between two inserts into one instrument's constraint is 40P01). */
  const failed: Record<string, number> = {};
  const until = Date.now() + seconds * 1000;
  const client = async () => {
    while (Date.now() < until) {
      const i = n++;
      const s = distinctSlot(ids, i, 20);
      const t0 = process.hrtime.bigint();
      try {
        await db.pool.query(
          `WITH b AS (
             INSERT INTO bookings (id, instrument_id, requester_kind, requester_sub, status, period, purpose, idempotency_key, request_hash, channel, reason, owner_platform)
             VALUES (gen_random_uuid(), $1, 'user', 'bench-database', 'confirmed', tstzrange($2::timestamptz, $3::timestamptz, '[)'), 'bench', $4, 'x', 'http', 'the window was free', 'local')
             RETURNING id)
           INSERT INTO booking_audit (booking_id, from_status, to_status, actor, reason) SELECT id, NULL, 'confirmed', 'bench-database', 'the window was free' FROM b`,
          [s.instrumentId, s.start, s.end, `bench-database-${i}`],
        );
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      } catch (error) {
        const code = (error as { code?: string }).code ?? 'other';
        failed[code] = (failed[code] ?? 0) + 1;
      }
    }
  };
  const t0 = Date.now();
  await Promise.all(Array.from({ length: connections }, client));
  const elapsed = (Date.now() - t0) / 1000;
  await db.close();
  return {
    rps: Math.round(latencies.length / elapsed),
    p50: Number(percentile(latencies, 50).toFixed(1)),
    p99: Number(percentile(latencies, 99).toFixed(1)),
    requests: latencies.length,
    status: { stored: latencies.length, ...failed },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '50' },
      forwards: { type: 'string', default: '200' },
      // Distinct slots again on a gateway of this many processes (GATEWAY_PROCESSES), beside the one-process figure.
      processes: { type: 'string', default: '2' },
    },
  });
  const duration = Number(values.seconds);
  const connections = Number(values.connections);
  const schema = `bench_booking_${process.pid}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-booking-'));
  const admin = await Database.connect({ databaseUrl: POSTGRES, migrate: false, poolSize: 2 });
  await admin.pool.query(`CREATE SCHEMA "${schema}"`);
  const partner = await startPartnerNode({ region: 'anhui', count: 400, seed: 2, acceptedTokens: [TOKEN_OUT] });
  try {
    fs.writeFileSync(
      path.join(dir, 'partners.json'),
      JSON.stringify([
        {
          id: 'anhui',
          region: 'anhui',
          protocol: 'grpc',
          address: partner.address,
          inboundToken: 'bench-anhui-in-token',
          outboundToken: TOKEN_OUT,
          pullIntervalMs: 1_000,
          deadlineMs: 10_000,
        },
      ]),
    );
    const httpPort = await freePort();
    const env = {
      ...TEST_SECRETS,
      DATABASE_URL: `${POSTGRES}?options=${encodeURIComponent(`-c search_path=${schema},public`)}`,
      REDIS_URL: REDIS,
      QUEUE_PREFIX: schema.replace(/_/g, '-'),
      PARTNERS_FILE: path.join(dir, 'partners.json'),
      HTTP_PORT: String(httpPort),
      GRPC_PORT: '0',
      LOG_LEVEL: 'error',
      // One user books from one address as fast as it can, up to 330 days ahead: what the limits exist
      // to stop. Limits far out of reach, not off, so each booking still pays for its counter and quota.
      RATE_LIMIT_BOOKING: '1000000000',
      BOOKING_QUOTA_MAX_AHEAD_DAYS: '366',
      BOOKING_QUOTA_MAX_ACTIVE: '1000000000',
    };
    const config = loadConfig(env);
    // Plain instruments: no customs gate, no owner approval, so every free slot is confirmed at once.
    const catalog = generateCatalog({ region: 'jiaxing', count: INSTRUMENTS, seed: 4 });
    const plain = catalog.instruments.map((i) => ({
      ...i,
      dutyFreeImport: undefined,
      requiresOwnerApproval: false,
      confidentiality: { status: 'none' as const },
      valueCny: Math.max(i.valueCny, 300_000),
    }));
    const seeder = await createGateway({ ...config, runWorkers: false });
    await seeder.get(SeedCatalogUseCase).execute({ region: 'jiaxing', sourcePlatform: 'local', units: catalog.units, instruments: plain });
    await seeder.close();
    // The gateway in its own process, as in production: the load generator must not share its event loop.
    const gateway = spawnTs(
      'apps/gateway/src/main.ts',
      env,
      [],
      process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [],
    );
    const base = `http://127.0.0.1:${httpPort}`;
    await waitForHttp(`${base}/health/ready`, gateway);
    const ids = plain.map((i) => instrumentId('jiaxing', i.unitId, i.localId));
    const token = await mintToken(config.auth.jwtSecret, { sub: 'bench-user', roles: ['user'], unitId: catalog.units[0].id });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    const floor = await cannon({ url: `${base}/health/live`, connections, duration });
    process.stderr.write(`floor GET /health/live: ${floor.rps} req/s, p99 ${floor.p99} ms\n`);

    /** Autocannon on POST /api/v1/bookings, request i booking `body(i)` under its own key. */
    const bookings = (phase: string, body: (i: number) => Record<string, unknown>) => {
      let n = 0;
      return cannon({
        url: base,
        connections,
        duration,
        requests: [
          {
            method: 'POST',
            path: '/api/v1/bookings',
            setupRequest: (req) => {
              const i = n++;
              return { ...req, headers: { ...headers, 'idempotency-key': `bench-${phase}-${i}` }, body: JSON.stringify({ ...body(i), purpose: 'bench' }) };
            },
          },
        ],
      });
    };

    // The limit first, on slots from 20:00 (the gateway's from 08:00), then the gateway on the same table.
    const alone = await databaseAlone(env.DATABASE_URL, connections, duration, ids);
    process.stderr.write(`database alone: ${alone.rps} bookings/s, p50 ${alone.p50} ms, p99 ${alone.p99} ms ${JSON.stringify(alone.status)}\n`);
    const distinctCpuFrom = processCpuMs(gateway.child.pid!);
    const distinct = await bookings('distinct', (i) => distinctSlot(ids, i, 8));
    // The gateway's CPU per booking: what other load on a shared machine inflates far less than req/s.
    const distinctCpuMsPerRequest = Number(((processCpuMs(gateway.child.pid!) - distinctCpuFrom) / distinct.requests).toFixed(3));
    process.stderr.write(
      `distinct slots: ${distinct.rps} req/s, p50 ${distinct.p50} ms, p99 ${distinct.p99} ms ${JSON.stringify(distinct.status)}, ${distinctCpuMsPerRequest} ms gateway CPU a booking\n`,
    );

    const contended = await bookings('contended', () => ({ instrumentId: ids[0], start: slot(330, 9), end: slot(330, 11) }));
    process.stderr.write(`one slot: ${contended.rps} req/s, p50 ${contended.p50} ms, p99 ${contended.p99} ms ${JSON.stringify(contended.status)}\n`);
    const confirmedOnSlot = Number(
      (
        await admin.pool.query(
          `SELECT count(*)::int AS n FROM "${schema}".bookings WHERE instrument_id = $1 AND status = 'confirmed' AND lower(period) = $2::timestamptz`,
          [ids[0], slot(330, 9)],
        )
      ).rows[0].n,
    );

    // Cross-region: wait for the partner's catalog, then book its instruments one at a time.
    const remote = partner.store
      .shareable()
      .filter((e) => !e.stored.instrument.requiresOwnerApproval)
      .map((e) => e.stored.instrument.id);
    const known = async () =>
      Number((await admin.pool.query(`SELECT count(*)::int AS n FROM "${schema}".instruments WHERE source_platform = 'anhui'`)).rows[0].n);
    while ((await known()) < partner.store.shareable().length) await new Promise((r) => setTimeout(r, 100));
    const forwards = Math.min(Number(values.forwards), remote.length);
    const forwardMs: number[] = [];
    for (let i = 0; i < forwards; i++) {
      const t0 = process.hrtime.bigint();
      const res = await fetch(`${base}/api/v1/bookings`, {
        method: 'POST',
        headers: { ...headers, 'idempotency-key': `bench-forward-${i}` },
        body: JSON.stringify({ instrumentId: remote[i], start: slot(5, 9), end: slot(5, 10), purpose: 'bench' }),
      });
      const { id } = (await res.json()) as { id: string };
      for (;;) {
        const r = await admin.pool.query(`SELECT status FROM "${schema}".bookings WHERE id = $1`, [id]);
        if (r.rows[0].status !== 'forwarding') {
          if (r.rows[0].status !== 'confirmed') throw new Error(`forwarded booking ended ${r.rows[0].status}`);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      forwardMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    // The floor of a forward: one direct CreateBooking call to the same partner.
    const client = new BookingServiceClient(partner.address, grpc.credentials.createInsecure());
    const metadata = new grpc.Metadata();
    metadata.set('authorization', `Bearer ${TOKEN_OUT}`);
    const directMs: number[] = [];
    for (let i = 0; i < forwards; i++) {
      const t0 = process.hrtime.bigint();
      await new Promise((resolve, reject) =>
        client.createBooking(
          {
            idempotencyKey: `direct-${i}`,
            instrumentId: remote[i],
            window: { start: new Date(slot(6, 9)), end: new Date(slot(6, 10)) },
            requester: { pseudonymousId: 'bench', unitId: 'x', unitName: '' },
            purpose: 'bench',
            sampleDescription: '',
          },
          metadata,
          (e, r) => (e ? reject(e) : resolve(r)),
        ),
      );
      directMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    client.close();
    gateway.child.kill('SIGTERM');
    await gateway.exited;
    // A 5xx is the gateway's to explain: its first error lines, so a run that failed can be told apart from one that was slow.
    if ([distinct, contended].some((r) => Object.keys(r.status).some((code) => code.startsWith('5')))) {
      process.stderr.write(
        `gateway errors:\n${gateway
          .output()
          .split('\n')
          .filter((l) => l.includes('"level":"error"'))
          .slice(0, 5)
          .join('\n')}\n`,
      );
    }

    // The same distinct-slot load (on slots from 14:00) on GATEWAY_PROCESSES gateways sharing the port.
    const processes = Number(values.processes);
    let many: Run | undefined;
    if (processes > 1) {
      const clustered = spawnTs('apps/gateway/src/main.ts', { ...env, GATEWAY_PROCESSES: String(processes) });
      await waitForHttp(`${base}/health/ready`, clustered, 300_000);
      many = await bookings('distinct-many', (i) => distinctSlot(ids, i, 14));
      process.stderr.write(
        `distinct slots, ${processes} processes: ${many.rps} req/s, p50 ${many.p50} ms, p99 ${many.p99} ms ${JSON.stringify(many.status)}\n`,
      );
      clustered.child.kill('SIGTERM');
      await clustered.exited;
    }

    const figures = {
      bench: 'booking',
      connections,
      seconds: duration,
      floorRps: floor.rps,
      floorP99Ms: floor.p99,
      distinctRps: distinct.rps,
      distinctP50Ms: distinct.p50,
      distinctP99Ms: distinct.p99,
      distinctStatus: distinct.status,
      distinctCpuMsPerRequest,
      databaseAloneRps: alone.rps,
      databaseAloneP50Ms: alone.p50,
      databaseAloneP99Ms: alone.p99,
      ratioToDatabase: Number((distinct.rps / alone.rps).toFixed(2)),
      ...(many && {
        processes: Number(values.processes),
        distinctManyRps: many.rps,
        distinctManyP50Ms: many.p50,
        distinctManyP99Ms: many.p99,
        distinctManyStatus: many.status,
        ratioManyToDatabase: Number((many.rps / alone.rps).toFixed(2)),
      }),
      contendedRps: contended.rps,
      contendedP50Ms: contended.p50,
      contendedP99Ms: contended.p99,
      contendedStatus: contended.status,
      confirmedOnContendedSlot: confirmedOnSlot,
      forwards,
      forwardP50Ms: Number(percentile(forwardMs, 50).toFixed(1)),
      forwardP95Ms: Number(percentile(forwardMs, 95).toFixed(1)),
      directGrpcP50Ms: Number(percentile(directMs, 50).toFixed(2)),
      directGrpcP95Ms: Number(percentile(directMs, 95).toFixed(2)),
      backend: { database: 'postgresql', queue: 'redis' },
    };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    await partner.close();
    await admin.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await admin.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runBench('booking', main);
