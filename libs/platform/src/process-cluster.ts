import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue, type Registry } from 'prom-client';
import type { JsonLogger } from './json-logger';

/** Messages between the primary and its gateway processes (IPC, never the network). */
type ClusterMessage =
  | { type: 'yrd:ready' }
  | { type: 'yrd:metrics-request'; id: number }
  | { type: 'yrd:metrics-answer'; id: number; text?: string; error?: string }
  | { type: 'yrd:metrics-collect'; round: number }
  | { type: 'yrd:metrics-part'; round: number; metrics: MetricsPart };

/** One process's registry as `getMetricsAsJSON()` gives it. */
type MetricsPart = MetricObjectWithValues<MetricValue<string>>[];

const isMessage = (m: unknown): m is ClusterMessage => typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string';

export interface ClusterOptions {
  processes: number;
  logger: JsonLogger;
  /** Starts one gateway in this process; resolves once it listens. */
  start: () => Promise<void>;
  /** A process that dies before it ever listened this many times in a row stops the whole gateway (bad config, database down). */
  maxFailedStarts?: number;
  /** Wait before a dead process is replaced, so a crash loop does not spin a core. */
  restartDelayMs?: number;
}

/**
 * `processes` = 1: the gateway in this process, as always. More: this process becomes a supervisor
 * that forks that many gateways sharing HTTP_PORT and GRPC_PORT (the kernel hands each connection
 * to one of them), replaces one that dies, passes SIGTERM on and answers their metrics scrapes with
 * the sum over all of them. Each gateway is a full replica: its own search index following the
 * change feed, the shared PostgreSQL and Redis for everything that must agree.
 */
export async function runClustered(options: ClusterOptions): Promise<void> {
  if (options.processes <= 1) {
    await options.start();
    return;
  }
  if (cluster.isWorker) {
    await options.start();
    send({ type: 'yrd:ready' });
    return;
  }
  await supervise(options);
}

async function supervise(options: ClusterOptions): Promise<void> {
  const { logger, processes } = options;
  const maxFailedStarts = options.maxFailedStarts ?? 3;
  const restartDelayMs = options.restartDelayMs ?? 1000;
  const ready = new Map<number, Worker>();
  const gathering = new MetricsGathering({ logger });
  const alive = new Set<Worker>();
  let failedStarts = 0;
  let stopping = false;
  let announceReady: () => void = () => undefined;
  const allReady = new Promise<void>((resolve) => (announceReady = resolve));

  const fork = (): Worker => {
    const worker = cluster.fork();
    alive.add(worker);
    worker.on('message', (message: unknown) => {
      if (!isMessage(message)) return;
      if (message.type === 'yrd:ready') {
        ready.set(worker.id, worker);
        failedStarts = 0;
        if (ready.size >= processes) announceReady();
      } else if (message.type === 'yrd:metrics-part') {
        gathering.receive(worker.id, message.round, message.metrics);
      } else if (message.type === 'yrd:metrics-request') {
        // Only processes that listen are asked: one still starting has served nothing yet and
        // has no one to answer, and waiting for it made every scrape during a restart fail.
        const asked = new Map(ready);
        asked.set(worker.id, worker);
        const peers = [...asked.values()]
          .filter((w) => w.isConnected())
          .map((w) => ({ id: w.id, ask: (round: number) => w.send({ type: 'yrd:metrics-collect', round }) }));
        gathering.gather(peers).then(
          (text) => worker.isConnected() && worker.send({ type: 'yrd:metrics-answer', id: message.id, text }),
          (error: unknown) => worker.isConnected() && worker.send({ type: 'yrd:metrics-answer', id: message.id, error: String(error) }),
        );
      }
    });
    return worker;
  };

  cluster.on('exit', (worker, code, signal) => {
    const wasReady = ready.delete(worker.id);
    gathering.forget(worker.id);
    alive.delete(worker);
    if (stopping) {
      if (alive.size === 0) process.exit();
      return;
    }
    if (!wasReady && ++failedStarts >= maxFailedStarts) {
      logger.event('error', 'gateway processes keep failing to start; stopping', { code, signal, failedStarts });
      stopping = true;
      process.exitCode = 1;
      for (const other of alive) other.process.kill('SIGTERM');
      if (alive.size === 0) process.exit();
      return;
    }
    logger.event('warn', 'gateway process exited; starting another', { pid: worker.process.pid, code, signal });
    setTimeout(() => !stopping && fork(), restartDelayMs).unref();
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.event('info', 'stopping gateway processes', { signal });
    if (alive.size === 0) process.exit();
    for (const worker of alive) worker.process.kill(signal);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  for (let i = 0; i < processes; i++) fork();
  await allReady;
}

/**
 * In a gateway process under the supervisor: the text of `/metrics` summed over every process
 * (counters and histograms add up; gauges say how they combine). Elsewhere: this registry alone.
 */
export function clusterAwareMetrics(registry: Registry): () => Promise<string> {
  if (!cluster.isWorker || !process.send) return () => registry.metrics();
  const pending = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  let next = 0;
  process.on('message', (message: unknown) => {
    if (!isMessage(message)) return;
    if (message.type === 'yrd:metrics-collect') {
      const round = message.round;
      registry.getMetricsAsJSON().then(
        (metrics) => send({ type: 'yrd:metrics-part', round, metrics }),
        () => undefined, // the primary counts this process with its last part
      );
      return;
    }
    if (message.type !== 'yrd:metrics-answer') return;
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    clearTimeout(waiting.timer);
    if (message.text !== undefined) waiting.resolve(message.text);
    else waiting.reject(new Error(message.error ?? 'metrics collection failed'));
  });
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = next++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error('metrics collection timed out'));
      }, 10_000);
      pending.set(id, { resolve, reject, timer });
      send({ type: 'yrd:metrics-request', id });
    });
}

function send(message: ClusterMessage): void {
  process.send?.(message);
}

interface GatheringPeer {
  id: number;
  /** Sends this round's collection request to the process. */
  ask(round: number): void;
}

/**
 * The primary's side of a scrape: asks every listening process for its registry and sums them.
 * A process that does not answer in time (its event loop busy) is counted with the last part it
 * sent, so counters never step back and a busy process cannot fail the scrape; the part of a
 * process that exited is forgotten, as its counters would be on any restart.
 */
export class MetricsGathering {
  private readonly lastPart = new Map<number, { round: number; part: MetricsPart }>();
  private readonly rounds = new Map<number, { waiting: Set<number>; done: () => void }>();
  private nextRound = 0;
  private readonly waitMs: number;
  private readonly logger?: Pick<JsonLogger, 'event'>;

  constructor(options: { waitMs?: number; logger?: Pick<JsonLogger, 'event'> } = {}) {
    this.waitMs = options.waitMs ?? 2000;
    this.logger = options.logger;
  }

  async gather(peers: GatheringPeer[]): Promise<string> {
    const round = this.nextRound++;
    const waiting = new Set(peers.map((p) => p.id));
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.waitMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.rounds.set(round, { waiting, done });
      for (const peer of peers) {
        try {
          peer.ask(round);
        } catch {
          waiting.delete(peer.id); // its channel just closed: counted with its last part
        }
      }
      if (waiting.size === 0) done();
    });
    this.rounds.delete(round);
    if (waiting.size > 0) this.logger?.event('warn', 'metrics: processes did not answer in time; their last figures are used', { processes: waiting.size });
    const parts = peers.map((p) => this.lastPart.get(p.id)?.part).filter((part): part is MetricsPart => part !== undefined);
    return AggregatorRegistry.aggregate(parts).metrics();
  }

  receive(peerId: number, round: number, part: MetricsPart): void {
    // A slow answer to an earlier round must not replace a newer one: counters would step back.
    const last = this.lastPart.get(peerId);
    if (last !== undefined && last.round > round) return;
    this.lastPart.set(peerId, { round, part });
    const pending = this.rounds.get(round);
    if (!pending || !pending.waiting.delete(peerId)) return;
    if (pending.waiting.size === 0) pending.done();
  }

  forget(peerId: number): void {
    this.lastPart.delete(peerId);
    for (const pending of this.rounds.values()) {
      if (pending.waiting.delete(peerId) && pending.waiting.size === 0) pending.done();
    }
  }
}
