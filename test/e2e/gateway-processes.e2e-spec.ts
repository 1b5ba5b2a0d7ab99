import * as grpc from '@grpc/grpc-js';
import { HealthCheckResponse_ServingStatus, HealthService, type HealthClient } from '@app/contracts';
import { Database } from '@app/persistence';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { eventually } from '../support/federation';
import { freePort, spawnTs, waitForHttp, type Spawned } from '../support/processes';
import { TEST_SECRETS } from '../support/secrets';
import { POSTGRES_URL, REDIS_URL, postgresAvailable, redisAvailable, uniqueName } from '../support/servers';

// Several processes need the shared servers (the embedded database lives in one process).
const describeWithServers = postgresAvailable() && redisAvailable() ? describe : describe.skip;

const childrenOf = (pid: number): number[] => {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((s) => Number(s.trim()))
      .filter((n) => n > 0);
  } catch {
    return []; // ps exits 1 when there are none
  }
};
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * GATEWAY_PROCESSES=2 on the production topology: two gateways behind one HTTP and one gRPC port,
 * each answering on its own core; one that dies is replaced while the other serves; `/metrics`
 * counts the requests of both; SIGTERM stops them all.
 */
describeWithServers('GATEWAY_PROCESSES: several gateway processes on one port', () => {
  const schema = uniqueName('procs');
  const scrapeToken = randomBytes(24).toString('base64url');
  let database: Database;
  let gateway: Spawned;
  let httpPort: number;
  let grpcPort: number;
  const base = () => `http://127.0.0.1:${httpPort}`;
  // A new connection each time, so the kernel hands requests to both processes in turn.
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base()}${path}`, { headers: { connection: 'close', ...headers } });

  beforeAll(async () => {
    database = await Database.connect({ databaseUrl: POSTGRES_URL, migrate: false, poolSize: 1 });
    await database.pool.query(`CREATE SCHEMA "${schema}"`);
    httpPort = await freePort();
    grpcPort = await freePort();
    gateway = spawnTs('apps/gateway/src/main.ts', {
      ...TEST_SECRETS,
      DATABASE_URL: `${POSTGRES_URL}?options=${encodeURIComponent(`-c search_path=${schema},public`)}`,
      REDIS_URL,
      QUEUE_PREFIX: schema.replace(/_/g, '-'),
      HTTP_PORT: String(httpPort),
      GRPC_PORT: String(grpcPort),
      METRICS_TOKEN: scrapeToken,
      GATEWAY_PROCESSES: '2',
      LOG_LEVEL: 'warn',
    });
    // Three processes each load the TypeScript sources: slow on a busy machine.
    await waitForHttp(`${base()}/health/ready`, gateway, 200_000);
    await eventually(
      async () => gateway.output(),
      (out) => out.includes('gateway listening'),
      60_000,
    );
  }, 300_000);

  afterAll(async () => {
    if (gateway && gateway.child.exitCode === null) {
      for (const pid of childrenOf(gateway.child.pid!)) process.kill(pid, 'SIGKILL');
      gateway.child.kill('SIGKILL');
    }
    await database?.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await database?.close();
  });

  it('serves HTTP and gRPC from two processes, and /metrics counts the requests of both', async () => {
    expect(childrenOf(gateway.child.pid!)).toHaveLength(2);
    for (let i = 0; i < 40; i++) expect((await get('/health/live')).status).toBe(200);
    const metrics = await get('/metrics', { authorization: `Bearer ${scrapeToken}` });
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    const count = (route: string) =>
      text
        .split('\n')
        .filter((l) => l.startsWith('http_request_duration_seconds_count{') && l.includes(`route="${route}"`))
        .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    // Each process saw about half: only the sum over both says 40.
    expect(count('/health/live')).toBe(40);
    // Figures every process reads from the same store are reported once, not doubled.
    expect(text.match(/^search_index_documents /gm)).toHaveLength(1);

    const Health = grpc.makeGenericClientConstructor(HealthService, 'Health') as unknown as new (
      address: string,
      credentials: grpc.ChannelCredentials,
    ) => HealthClient;
    for (let i = 0; i < 4; i++) {
      const client = new Health(`127.0.0.1:${grpcPort}`, grpc.credentials.createInsecure());
      const status = await new Promise<HealthCheckResponse_ServingStatus | undefined>((resolve, reject) =>
        client.check({ service: '' }, (error, answer) => (error ? reject(error) : resolve(answer?.status))),
      );
      client.close();
      expect(status).toBe(HealthCheckResponse_ServingStatus.SERVING);
    }
  });

  it('keeps answering when a process is killed, and replaces it', async () => {
    const [victim, survivor] = childrenOf(gateway.child.pid!);
    process.kill(victim, 'SIGKILL');
    // Connections already handed to the dying process fail with it; once it is gone, the other answers every request.
    await eventually(
      async () => alive(victim),
      (up) => !up,
      30_000,
    );
    for (let i = 0; i < 10; i++) expect((await get('/health/live')).status).toBe(200);
    const replaced = await eventually(
      async () => childrenOf(gateway.child.pid!),
      (pids) => pids.length === 2 && !pids.includes(victim),
      120_000,
    );
    expect(replaced).toContain(survivor);
    // The new process is still loading: a scrape now is answered by the one that listens.
    const whileStarting = await get('/metrics', { authorization: `Bearer ${scrapeToken}` });
    expect(whileStarting.status).toBe(200);
    expect(await whileStarting.text()).toMatch(/^http_request_duration_seconds_count\{/m);
    await eventually(
      async () => (await get('/health/ready')).status,
      (status) => status === 200,
      60_000,
    );
    for (let i = 0; i < 10; i++) expect((await get('/health/live')).status).toBe(200);
  }, 180_000);

  it('stops every process on SIGTERM', async () => {
    const pids = childrenOf(gateway.child.pid!);
    gateway.child.kill('SIGTERM');
    expect(await gateway.exited).toBe(0);
    await eventually(
      async () => pids.filter(alive),
      (left) => left.length === 0,
      30_000,
    );
  }, 60_000);
});
