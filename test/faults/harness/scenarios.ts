import { eventually } from '../../support/federation';
import { checkInvariants, forwardingSettled, indexesMatchDatabase, partnerSynced, type InvariantReport, type Violation } from './invariants';
import { revise, type LoadGenerator, type PhaseFigures } from './load';
import { PARTNER_REGIONS, type Topology } from './topology';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ScenarioResult {
  fault: string;
  /** What the load generator did while the fault held, and from the repair until the system caught up. */
  during: PhaseFigures;
  after: PhaseFigures;
  /** From the repair until both replicas answer a search and a booking is acknowledged. */
  recoveryMs: number;
  /** From the repair until forwarding drained and every index matched PostgreSQL. */
  caughtUpMs: number;
  invariants: InvariantReport;
}

export interface ScenarioOptions {
  /** How long the fault holds (Redis down, partners faulty). */
  holdMs: number;
  /** SIGKILL rounds of a replica and the worker. */
  killRounds: number;
  userSubs: string[];
  /** How long the system may take to catch up once the load stops. */
  catchUpMs?: number;
  log?: (line: string) => void;
}

/** Invariants of one scenario beyond the common ones, waited for during catch-up like them. */
type ExtraInvariants = Record<string, () => Promise<Violation[]>>;

/** One fault under load: inject, hold, repair, wait for recovery and catch-up, then read the invariants. */
async function scenario(
  t: Topology,
  load: LoadGenerator,
  options: ScenarioOptions,
  fault: string,
  inject: () => Promise<void>,
  repair: () => Promise<void> = async () => undefined,
  extra: ExtraInvariants = {},
): Promise<ScenarioResult> {
  options.log?.(`fault: ${fault}`);
  load.mark(`${fault}:during`);
  await inject();
  await repair();
  load.mark(`${fault}:after`);
  const repaired = Date.now();
  await eventually(
    () => probe(t, load),
    (ok) => ok,
    120_000,
  );
  const recoveryMs = Date.now() - repaired;
  // The invariants hold once the system has caught up: the load stops, forwarding drains, the indexes follow.
  await load.stop();
  load.mark(`${fault}:catch-up`);
  const pending = async () => {
    let n = (await forwardingSettled(t)).length + (await indexesMatchDatabase(t)).length;
    for (const check of Object.values(extra)) n += (await check()).length;
    return n;
  };
  await eventually(pending, (n) => n === 0, options.catchUpMs ?? 120_000).catch(() => undefined);
  const caughtUpMs = Date.now() - repaired;
  const figures = load.figures();
  const invariants = await checkInvariants(t, load.acknowledged, options.userSubs);
  invariants.violations.forwardingSettled = await forwardingSettled(t);
  for (const [name, check] of Object.entries(extra)) invariants.violations[name] = await check();
  load.start(`${fault}:steady`);
  const result = { fault, during: figures[`${fault}:during`], after: figures[`${fault}:after`], recoveryMs, caughtUpMs, invariants };
  options.log?.(JSON.stringify(result));
  return result;
}

/** Both replicas answer a search, and one of them takes a booking (or refuses it by the rules). */
async function probe(t: Topology, load: LoadGenerator): Promise<boolean> {
  t.assertAlive();
  for (const url of t.replicaUrls()) {
    try {
      const res = await fetch(`${url}/api/v1/instruments?q=FAULT-MODEL&pageSize=1`, { signal: AbortSignal.timeout(3_000) });
      if (res.status !== 200) return false;
    } catch {
      return false;
    }
  }
  return (await load.bookLocal(3_000)) !== 'failed';
}

export function postgresRestarted(t: Topology, load: LoadGenerator, o: ScenarioOptions): Promise<ScenarioResult> {
  return scenario(t, load, o, 'postgres: connections reset mid-transaction, then pg_ctlcluster restart', async () => {
    for (let i = 0; i < 3; i++) {
      await sleep(700);
      t.pgProxy.resetAll();
    }
    await sleep(500);
    t.postgres.restart();
    await sleep(Math.max(0, o.holdMs - 2_600));
  });
}

export function redisLost(t: Topology, load: LoadGenerator, o: ScenarioOptions): Promise<ScenarioResult> {
  return scenario(
    t,
    load,
    o,
    `redis: stopped ${Math.round(o.holdMs / 1000)} s with jobs queued and in flight, started empty`,
    async () => {
      await sleep(1_000);
      t.redis.stop();
      await sleep(o.holdMs);
    },
    async () => t.redis.start(),
  );
}

export function partnersMisbehave(t: Topology, load: LoadGenerator, o: ScenarioOptions): Promise<ScenarioResult> {
  const [hanging, slow, garbage] = PARTNER_REGIONS;
  return scenario(
    t,
    load,
    o,
    `partners: ${hanging} accepts and never answers, ${slow} answers 1.5 s late per packet, ${garbage} and the province (OpenAPI) answer garbage`,
    async () => {
      t.partnerProxies[hanging].set({ kind: 'half-open' });
      t.partnerProxies[slow].set({ kind: 'delay', ms: 1_500 });
      t.partnerProxies[garbage].set({ kind: 'garbage' });
      t.provinceProxy.set({ kind: 'garbage' });
      await sleep(o.holdMs);
    },
    async () => {
      for (const region of PARTNER_REGIONS) t.partnerProxies[region].heal();
      t.provinceProxy.heal();
    },
  );
}

/** Bytes per second through the capped link: the partner's catalog takes several deadlines to come through it. */
export const CAPPED_LINK_BYTES_PER_S = 2_048;

/**
 * A partner behind a capped link (a few KB/s, every connection sharing it)
 * while it has a whole catalog of changes for us and bookings are forwarded
 * to it: the sync's stream outlasts its deadline and is cut, forwards queue
 * behind it on the same link. While capped, the sync still moves on (what
 * came whole before a cut is kept); once the link is back, every change the
 * partner made is here and every forward was made once.
 */
export function cappedLink(t: Topology, load: LoadGenerator, o: ScenarioOptions): Promise<ScenarioResult> {
  const region = PARTNER_REGIONS[1];
  const store = t.partners[region].store;
  let revised = 0;
  let notHereWhenRestored = 0;
  return scenario(
    t,
    load,
    o,
    `${region} behind a ${CAPPED_LINK_BYTES_PER_S / 1024} KB/s link during a sync of its whole catalog and forwarded bookings`,
    async () => {
      t.partnerProxies[region].set({ kind: 'bandwidth', bytesPerSecond: CAPPED_LINK_BYTES_PER_S });
      for (const e of store.shareable()) revise(store, e, 'revised behind a capped link');
      revised = store.shareable().length;
      const forwarded = Promise.all(Array.from({ length: 3 }, () => load.bookAt(region, o.holdMs + 15_000)));
      await sleep(o.holdMs);
      await forwarded;
      // A pull through the link ends (its deadline cuts it) before the link is restored: what did it bring?
      const notHere = () => partnerSynced(t, region).then((v) => v.length);
      notHereWhenRestored = await eventually(notHere, (n) => n < revised, 15_000).catch(notHere);
      o.log?.(`${region}: ${notHereWhenRestored} of its ${store.all().length} records not here as it holds them when the link is restored`);
    },
    async () => t.partnerProxies[region].heal(),
    {
      partnerSynced: () => partnerSynced(t, region),
      syncMovedOnWhileCapped: async () => (notHereWhenRestored < revised ? [] : [`none of the ${revised} changes ${region} made came through the capped link`]),
    },
  );
}

/** The links to PostgreSQL and Redis in the slow-stores scenario: a server a WAN away, on a congested link. */
export const SLOW_STORE_LINKS = {
  postgres: { latencyMs: 40, bytesPerSecond: 128 * 1024 },
  redis: { latencyMs: 40, bytesPerSecond: 32 * 1024 },
} as const;

/**
 * PostgreSQL and Redis behind a capped link with latency while under load:
 * every statement and every queue command pays the round trip, transactions
 * hold their locks and pooled connections longer, job locks and the rate
 * limiter's calls queue behind the bulk. The gateway serves, slowly (bookings
 * are acknowledged while the links are slow), and nothing it acknowledged is
 * lost or doubled.
 */
export function storesBehindSlowLink(t: Topology, load: LoadGenerator, o: ScenarioOptions): Promise<ScenarioResult> {
  const { postgres, redis } = SLOW_STORE_LINKS;
  const link = (l: { latencyMs: number; bytesPerSecond: number }) => `${l.bytesPerSecond / 1024} KB/s, ${l.latencyMs} ms`;
  let acknowledgedWhileSlow = 0;
  return scenario(
    t,
    load,
    o,
    `postgres (${link(postgres)}) and redis (${link(redis)}) behind slow capped links`,
    async () => {
      const before = load.acknowledged.length;
      t.pgProxy.set({ kind: 'bandwidth', ...postgres });
      t.redisProxy.set({ kind: 'bandwidth', ...redis });
      await sleep(o.holdMs);
      acknowledgedWhileSlow = load.acknowledged.length - before;
    },
    async () => {
      t.pgProxy.heal();
      t.redisProxy.heal();
    },
    {
      servedWhileSlow: async () => (acknowledgedWhileSlow > 0 ? [] : ['no booking was acknowledged while the stores were behind the slow links']),
    },
  );
}

export function processesKilled(t: Topology, load: LoadGenerator, o: ScenarioOptions, rand: () => number): Promise<ScenarioResult> {
  return scenario(t, load, o, `kill -9 of a gateway replica and the worker at random moments, ${o.killRounds} times`, async () => {
    for (let round = 0; round < o.killRounds; round++) {
      const replica = t.replicas[round % t.replicas.length];
      await sleep(500 + rand() * 2_000);
      await t.kill(replica);
      await sleep(rand() * 1_000);
      await t.kill(t.worker);
      await Promise.all([t.startProcess(replica), t.startProcess(t.worker)]);
    }
  });
}

/** Until every partner source has pulled once: the load books partner instruments only once they are here. */
export async function waitForFirstSync(t: Topology): Promise<void> {
  await eventually(
    async () =>
      (await t.sql.query<{ n: string }>('SELECT count(*)::text AS n FROM federation_sources WHERE cursor IS NOT NULL AND id = ANY($1)', [[...PARTNER_REGIONS]]))
        .rows[0].n,
    (n) => Number(n) === PARTNER_REGIONS.length,
    120_000,
  );
}
