import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mintToken, type Role } from '@app/auth';
import { SeedCatalogUseCase, type InstrumentInput } from '@app/catalog';
import { SystemClock } from '@app/common';
import { loadConfig } from '@app/config';
import { Database } from '@app/persistence';
import { createGateway } from '../../../apps/gateway/src/bootstrap';
import { startPartnerNode, type PartnerNode } from '../../../apps/partner-node/src/partner-node';
import { startProvinceSim, type ProvinceSim } from '../../../apps/province-sim/src/province-sim';
import { GATEWAY_OUT_TOKEN, PARTNER_IN_TOKEN } from '../../support/federation';
import { JX_UNITS, TEST_RATE_LIMITS, sem } from '../../support/gateway';
import { freePort, spawnTs, waitForHttp, type Spawned } from '../../support/processes';
import { TEST_SECRETS } from '../../support/secrets';
import { FaultProxy } from './fault-proxy';
import { startOwnPostgres, startOwnRedis, type OwnPostgres, type OwnRedis } from './own-servers';

export const PARTNER_REGIONS = ['shanghai', 'jiangsu', 'anhui'] as const;
export type PartnerRegion = (typeof PARTNER_REGIONS)[number];
const PROVINCE_TOKEN = 'faults-jiaxing-to-zhejiang-0123456789';
const METRICS_TOKEN = 'faults-metrics-scrape-token-0123456789';

/** Jiaxing's instruments the load books (a few, so bookings compete) and one confidential one that must never leave. */
export const LOCAL_INSTRUMENTS: InstrumentInput[] = [
  ...Array.from({ length: 6 }, (_, i) => sem({ localId: `FLT-${i}`, model: `FAULT-MODEL-${i}`, unitId: 'jx-u001' })),
  sem({ localId: 'FLT-SECRET', name: '涉密质谱仪', model: 'CONF-MS-1', unitId: 'jx-u001', confidentiality: { status: 'confidential' } }),
];

interface Process {
  name: string;
  port: number;
  grpcPort: number;
  spawned?: Spawned;
  /** Output of every life of this process: checked for confidential records at the end. */
  log: string;
}

/**
 * The production topology on this machine: our own PostgreSQL and Redis behind
 * fault proxies, two gateway replicas and a worker as their own processes,
 * three partner nodes and the province simulator, each behind a proxy.
 */
export class Topology {
  readonly replicas: Process[] = [];
  worker!: Process;
  partners!: Record<PartnerRegion, PartnerNode>;
  partnerProxies!: Record<PartnerRegion, FaultProxy>;
  province!: ProvinceSim;
  pgProxy!: FaultProxy;
  /** In front of the province simulator, the OpenAPI partner. */
  provinceProxy!: FaultProxy;
  redisProxy!: FaultProxy;
  /** Direct to the server, never through the proxy: the invariants read the truth. */
  sql!: Database['pool'];
  private truth!: Database;
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faults-'));
  private partnersFile = '';

  private constructor(
    readonly postgres: OwnPostgres,
    readonly redis: OwnRedis,
    private readonly partnerCount: number,
    private readonly nodeArgs: string[],
  ) {}

  /** `nodeArgs`: extra `node` options for every gateway process (the soak's heap snapshots). */
  static async start(options: { partnerInstruments?: number; nodeArgs?: string[] } = {}): Promise<Topology> {
    const postgres = await startOwnPostgres();
    let redis: OwnRedis | undefined;
    try {
      redis = await startOwnRedis();
      const topology = new Topology(postgres, redis, options.partnerInstruments ?? 60, options.nodeArgs ?? []);
      await topology.boot();
      return topology;
    } catch (error) {
      redis?.close();
      postgres.drop();
      throw error;
    }
  }

  private env(): Record<string, string> {
    return {
      ...TEST_SECRETS,
      ...TEST_RATE_LIMITS,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: `postgres://postgres@127.0.0.1:${this.pgProxy.port}/yrd`,
      REDIS_URL: `redis://127.0.0.1:${this.redisProxy.port}`,
      PARTNERS_FILE: this.partnersFile,
      METRICS_TOKEN,
      BOOKING_SWEEP_INTERVAL_MS: '1000',
      BOOKING_QUOTA_MAX_ACTIVE: '100000',
      BOOKING_QUOTA_MAX_ACTIVE_PER_PARTNER: '100000',
      SEARCH_FOLLOW_INTERVAL_MS: '500',
    };
  }

  private async boot(): Promise<void> {
    this.pgProxy = await FaultProxy.start('postgres', { host: '127.0.0.1', port: this.postgres.port });
    this.redisProxy = await FaultProxy.start('redis', { host: '127.0.0.1', port: this.redis.port });
    this.truth = await Database.connect({ databaseUrl: this.postgres.url, migrate: false, poolSize: 2 });
    this.sql = this.truth.pool;

    const partners = {} as Record<PartnerRegion, PartnerNode>;
    const proxies = {} as Record<PartnerRegion, FaultProxy>;
    for (const [i, region] of PARTNER_REGIONS.entries()) {
      partners[region] = await startPartnerNode({ region, count: this.partnerCount, seed: 11 + i, acceptedTokens: [GATEWAY_OUT_TOKEN(region)] });
      const [host, port] = partners[region].address.split(':');
      proxies[region] = await FaultProxy.start(region, { host, port: Number(port) });
    }
    this.partners = partners;
    this.partnerProxies = proxies;
    this.province = await startProvinceSim({ token: PROVINCE_TOKEN, count: 40, seed: 7 });
    const provinceAt = new URL(this.province.url);
    this.provinceProxy = await FaultProxy.start('zhejiang', { host: provinceAt.hostname.replace(/^\[|\]$/g, ''), port: Number(provinceAt.port) });
    this.partnersFile = path.join(this.dir, 'partners.json');
    fs.writeFileSync(
      this.partnersFile,
      JSON.stringify([
        ...PARTNER_REGIONS.map((region) => ({
          id: region,
          region,
          protocol: 'grpc',
          address: proxies[region].address,
          inboundToken: PARTNER_IN_TOKEN(region),
          outboundToken: GATEWAY_OUT_TOKEN(region),
          pullIntervalMs: 500,
          deadlineMs: 4_000,
        })),
        {
          id: 'zhejiang',
          region: 'zhejiang',
          protocol: 'openapi',
          address: `http://${this.provinceProxy.address}`,
          inboundToken: 'faults-zhejiang-to-jiaxing-0123456789',
          outboundToken: PROVINCE_TOKEN,
          pullIntervalMs: 1_000,
          deadlineMs: 3_000,
        },
      ]),
    );

    await this.seed();
    for (const name of ['replica-a', 'replica-b']) this.replicas.push({ name, port: await freePort(), grpcPort: await freePort(), log: '' });
    this.worker = { name: 'worker', port: 0, grpcPort: 0, log: '' };
    await Promise.all([...this.replicas.map((r) => this.startProcess(r)), this.startProcess(this.worker)]);
  }

  /** Migrates our database and seeds Jiaxing's units and instruments, in this process, before any replica starts. */
  private async seed(): Promise<void> {
    const database = await Database.connect({ databaseUrl: this.postgres.url });
    const config = loadConfig({ ...this.env(), DATABASE_URL: this.postgres.url, LOG_LEVEL: 'silent', RUN_WORKERS: 'false', GRPC_PORT: '0' });
    const app = await createGateway(config, { database, clock: new SystemClock() });
    await app.get(SeedCatalogUseCase).execute({ region: 'jiaxing', sourcePlatform: 'local', units: JX_UNITS, instruments: LOCAL_INSTRUMENTS });
    await app.close();
    await database.close();
  }

  async startProcess(p: Process): Promise<void> {
    const common = this.env();
    if (p === this.worker) {
      p.spawned = spawnTs('apps/worker/src/main.ts', common, [], this.nodeArgs);
      await waitForOutput(p.spawned, /worker consuming/, 240_000);
    } else {
      p.spawned = spawnTs(
        'apps/gateway/src/main.ts',
        { ...common, HTTP_PORT: String(p.port), GRPC_PORT: String(p.grpcPort), RUN_WORKERS: 'false' },
        [],
        this.nodeArgs,
      );
      await waitForHttp(`http://127.0.0.1:${p.port}/health/ready`, p.spawned, 240_000);
    }
  }

  /** SIGKILL: no shutdown hook runs, whatever was in flight is cut where it stood. */
  async kill(p: Process): Promise<void> {
    const spawned = p.spawned;
    if (!spawned) return;
    spawned.child.kill('SIGKILL');
    await spawned.exited;
    p.log += spawned.output();
    p.spawned = undefined;
  }

  /** A process that died by itself (not killed by a scenario) fails the run with its output. */
  assertAlive(): void {
    for (const p of this.processes) {
      if (p.spawned && p.spawned.child.exitCode !== null)
        throw new Error(`${p.name} exited with ${p.spawned.child.exitCode}:\n${p.spawned.output().slice(-4000)}`);
    }
  }

  get processes(): Process[] {
    return [...this.replicas, this.worker];
  }

  /** Every process's output so far, dead lives included. */
  logs(): string {
    return this.processes.map((p) => p.log + (p.spawned?.output() ?? '')).join('\n');
  }

  replicaUrls(): string[] {
    return this.replicas.map((r) => `http://127.0.0.1:${r.port}`);
  }

  token(role: Role, unitId?: string, sub = `${role}-${unitId ?? 'none'}`): Promise<string> {
    return mintToken(TEST_SECRETS.AUTH_JWT_SECRET, { sub, roles: [role], unitId, region: 'jiaxing' });
  }

  /** This replica's unlabelled metrics as it reports them to the scraper (empty when it does not answer). */
  async metrics(replica: Process): Promise<Record<string, number>> {
    try {
      const res = await fetch(`http://127.0.0.1:${replica.port}/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
        signal: AbortSignal.timeout(10_000),
      });
      return Object.fromEntries([...(await res.text()).matchAll(/^([a-z_]+) ([0-9.e+-]+)$/gm)].map((m) => [m[1], Number(m[2])]));
    } catch {
      return {};
    }
  }

  /** This replica's index size as it reports it to the metrics scraper. */
  async indexedDocuments(replica: Process): Promise<number | undefined> {
    return (await this.metrics(replica)).search_index_documents;
  }

  async close(): Promise<void> {
    for (const p of this.processes) await this.kill(p).catch(() => undefined);
    await this.truth?.close().catch(() => undefined);
    for (const proxy of [this.pgProxy, this.redisProxy, this.provinceProxy, ...Object.values(this.partnerProxies ?? {})])
      await proxy?.close().catch(() => undefined);
    await Promise.all(Object.values(this.partners ?? {}).map((n) => n.close()));
    await this.province?.close();
    this.redis.close();
    this.postgres.drop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

async function waitForOutput(spawned: Spawned, pattern: RegExp, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(spawned.output())) {
    if (spawned.child.exitCode !== null) throw new Error(`process exited early:\n${spawned.output()}`);
    if (Date.now() > deadline) throw new Error(`not ready within ${timeoutMs} ms:\n${spawned.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
