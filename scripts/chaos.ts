/**
 * npm run chaos                 — the long form of the fault scenarios (Redis down 30 s, 5 kill rounds …)
 * npm run chaos -- --only capped-link,redis — only those scenarios (postgres, redis, partners, capped-link, slow-stores, kills)
 * npm run chaos -- --soak 30m   — mixed load for 30 minutes: throughput, error rate and RSS over time
 *   (`--without import`: a load that leaves the catalog's size alone, so RSS can level off;
 *   `--heap-snapshots DIR`: each process writes a V8 heap snapshot there after the first sample,
 *   half-way and at the end, to compare by constructor what its heap gained)
 *
 * Runs the production topology on a PostgreSQL cluster and a Redis of its own
 * (root, postgresql-common and redis-server required), never on the machine's
 * shared servers. Ends with one JSON line of figures.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { LOAD_USERS, LoadGenerator, OPERATIONS, type Operation } from '../test/faults/harness/load';
import { ownServersUnavailable } from '../test/faults/harness/own-servers';
import {
  cappedLink,
  partnersMisbehave,
  postgresRestarted,
  processesKilled,
  redisLost,
  storesBehindSlowLink,
  waitForFirstSync,
  type ScenarioResult,
} from '../test/faults/harness/scenarios';
import { Topology } from '../test/faults/harness/topology';

const SCENARIOS = ['postgres', 'redis', 'partners', 'capped-link', 'slow-stores', 'kills'] as const;
type ScenarioName = (typeof SCENARIOS)[number];

function duration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new Error(`not a duration: ${text} (e.g. 90s, 30m)`);
  return Number(m[1]) * { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
}

const mb = (bytes: number | undefined) => (bytes === undefined ? undefined : Math.round(bytes / 1_048_576));

function rssMb(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** Asks every gateway process for a heap snapshot (`--heapsnapshot-signal`) and waits until each file is written whole. */
async function heapSnapshots(topology: Topology, dir: string, label: string): Promise<void> {
  const alive = topology.processes.filter((p) => p.spawned && p.spawned.child.exitCode === null);
  const pids = alive.map((p) => p.spawned!.child.pid!);
  const before = new Set(fs.readdirSync(dir));
  for (const pid of pids) process.kill(pid, 'SIGUSR2');
  // The process writes its snapshot on its main thread: the file is whole once its size stops changing.
  const sizes = new Map<string, number>();
  // On a loaded machine a snapshot of a 100 MB heap takes minutes; a process that died never writes one.
  const deadline = Date.now() + 600_000;
  for (let stable = 0; stable < 3;) {
    if (Date.now() > deadline) throw new Error(`heap snapshots ${label}: not all written within 10 minutes`);
    await new Promise((r) => setTimeout(r, 1_000));
    const fresh = fs.readdirSync(dir).filter((f) => !before.has(f) && f.endsWith('.heapsnapshot'));
    const now = new Map(fresh.map((f) => [f, fs.statSync(path.join(dir, f)).size]));
    stable = fresh.length === pids.length && [...now].every(([f, size]) => sizes.get(f) === size) ? stable + 1 : 0;
    sizes.clear();
    for (const [f, size] of now) sizes.set(f, size);
  }
  for (const p of alive) {
    const file = [...sizes.keys()].find((f) => f.includes(`.${p.spawned?.child.pid}.`));
    if (file) fs.renameSync(path.join(dir, file), path.join(dir, `${p.name}-${label}.heapsnapshot`));
  }
  process.stdout.write(`soak heap snapshots ${label}: ${alive.map((p) => `${p.name}-${label}.heapsnapshot`).join(', ')}\n`);
}

async function soak(topology: Topology, load: LoadGenerator, totalMs: number, everyMs: number, snapshotDir?: string): Promise<Record<string, unknown>> {
  // The replicas' index grows with every import: RSS is read beside it, so growth with the data is told from a leak.
  const samples: {
    atS: number;
    opsPerS: number;
    errorRate: number;
    rssMb: Record<string, number | undefined>;
    heapMb: Record<string, number | undefined>;
    indexed?: number;
  }[] = [];
  const started = Date.now();
  let sample = 0;
  let snapped = false;
  load.mark('soak-0');
  while (Date.now() - started < totalMs) {
    await new Promise((r) => setTimeout(r, Math.min(everyMs, totalMs - (Date.now() - started))));
    const name = `soak-${sample}`;
    load.mark(`soak-${++sample}`);
    const f = load.figures()[name];
    const rss = Object.fromEntries(topology.processes.map((p) => [p.name, rssMb(p.spawned?.child.pid)]));
    // The V8 heap in use (garbage not yet collected included) beside RSS: what JavaScript holds, apart from what the allocator keeps.
    const metrics = await Promise.all(topology.replicas.map((r) => topology.metrics(r)));
    const heap = Object.fromEntries(topology.replicas.map((r, i) => [r.name, mb(metrics[i].nodejs_heap_size_used_bytes)]));
    const indexed = metrics[0].search_index_documents;
    const point = {
      atS: Math.round((Date.now() - started) / 1000),
      opsPerS: Math.round((f.operations / f.durationMs) * 10_000) / 10,
      errorRate: f.operations ? Math.round((f.failed / f.operations) * 10_000) / 10_000 : 0,
      rssMb: rss,
      heapMb: heap,
      indexed,
    };
    samples.push(point);
    process.stdout.write(
      `soak t=${point.atS}s ops/s=${point.opsPerS} errors=${(point.errorRate * 100).toFixed(2)}% rss=${JSON.stringify(rss)} heap=${JSON.stringify(heap)} indexed=${indexed ?? '?'}\n`,
    );
    if (snapshotDir && sample === 1) await heapSnapshots(topology, snapshotDir, 'start');
    if (snapshotDir && !snapped && Date.now() - started >= totalMs / 2) {
      snapped = true;
      await heapSnapshots(topology, snapshotDir, 'middle');
    }
  }
  if (snapshotDir) await heapSnapshots(topology, snapshotDir, 'end');
  const growth = (names: string[], of: (s: (typeof samples)[number]) => Record<string, number | undefined>) =>
    Object.fromEntries(
      names.map((name) => {
        const series = samples.map((s) => of(s)[name]).filter((x): x is number => x !== undefined);
        // First quarter against last quarter: one late spike is not growth.
        const quarter = Math.max(1, Math.floor(series.length / 4));
        const avg = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));
        return [name, { firstQuarterMb: avg(series.slice(0, quarter)), lastQuarterMb: avg(series.slice(-quarter)), maxMb: Math.max(...series) }];
      }),
    );
  const total = samples.length;
  return {
    durationS: Math.round((Date.now() - started) / 1000),
    samples: total,
    opsPerS: Math.round((samples.reduce((a, s) => a + s.opsPerS, 0) / Math.max(1, total)) * 10) / 10,
    errorRate: Math.round((samples.reduce((a, s) => a + s.errorRate, 0) / Math.max(1, total)) * 10_000) / 10_000,
    rss: growth(
      topology.processes.map((p) => p.name),
      (s) => s.rssMb,
    ),
    heapUsed: growth(
      topology.replicas.map((r) => r.name),
      (s) => s.heapMb,
    ),
    indexedDocuments: { first: samples[0]?.indexed, last: samples.at(-1)?.indexed },
  };
}

function row(r: ScenarioResult): string {
  const held = Object.values(r.invariants.violations).every((v) => v.length === 0);
  const broken = Object.entries(r.invariants.violations)
    .filter(([, v]) => v.length > 0)
    .map(([k]) => k);
  const f = (x: { operations: number; failed: number; attemptErrors: number }) => `${x.failed}/${x.operations} ops (${x.attemptErrors} attempts)`;
  return `| ${r.fault} | ${Math.round(r.during.durationMs / 1000)} s of mixed load | ${f(r.during)} | ${f(r.after)} | ${(r.recoveryMs / 1000).toFixed(1)} s (caught up ${(r.caughtUpMs / 1000).toFixed(1)} s) | ${held ? `all (${r.invariants.acknowledged} acknowledged bookings)` : `BROKEN: ${broken.join(', ')}`} |`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      soak: { type: 'string' },
      hold: { type: 'string', default: '30s' },
      kills: { type: 'string', default: '5' },
      concurrency: { type: 'string', default: '8' },
      every: { type: 'string', default: '10s' },
      only: { type: 'string' },
      without: { type: 'string' },
      'heap-snapshots': { type: 'string' },
    },
  });
  // Checked before the topology starts: a typo should not cost a minute of start-up.
  const only = values.only?.split(',').map((x) => x.trim());
  const unknown = only?.filter((name) => !(SCENARIOS as readonly string[]).includes(name)) ?? [];
  if (unknown.length) {
    process.stderr.write(`chaos: unknown scenario ${unknown.join(', ')}: one of ${SCENARIOS.join(', ')}\n`);
    process.exit(2);
  }
  const without = (values.without?.split(',').map((x) => x.trim()) ?? []) as Operation[];
  const unknownOps = without.filter((op) => !(OPERATIONS as readonly string[]).includes(op));
  if (unknownOps.length) {
    process.stderr.write(`chaos: unknown operation ${unknownOps.join(', ')}: one of ${OPERATIONS.join(', ')}\n`);
    process.exit(2);
  }
  const unavailable = ownServersUnavailable();
  if (unavailable) {
    process.stderr.write(`chaos: cannot run here: ${unavailable}\n`);
    process.exit(2);
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const snapshotDir = values['heap-snapshots'] && path.resolve(values['heap-snapshots']);
  if (snapshotDir) fs.mkdirSync(snapshotDir, { recursive: true });
  const topology = await Topology.start({
    nodeArgs: snapshotDir ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapshotDir}`] : [],
  });
  let exitCode = 0;
  try {
    await waitForFirstSync(topology);
    const load = new LoadGenerator(topology, { concurrency: Number(values.concurrency), seed: 29, without });
    await load.prepare();
    load.start('warm-up');
    if (values.soak) {
      const figures = await soak(topology, load, duration(values.soak), duration(values.every), snapshotDir || undefined);
      await load.stop();
      process.stdout.write(`${JSON.stringify({ bench: 'soak', machine: 'shared', ...figures })}\n`);
      return;
    }
    const options = { holdMs: duration(values.hold), killRounds: Number(values.kills), userSubs: LOAD_USERS, log };
    let seed = 31;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const scenarios: [ScenarioName, () => Promise<ScenarioResult>][] = [
      ['postgres', () => postgresRestarted(topology, load, options)],
      ['redis', () => redisLost(topology, load, options)],
      ['partners', () => partnersMisbehave(topology, load, options)],
      ['capped-link', () => cappedLink(topology, load, options)],
      ['slow-stores', () => storesBehindSlowLink(topology, load, options)],
      ['kills', () => processesKilled(topology, load, options, rand)],
    ];
    const results: ScenarioResult[] = [];
    for (const [name, run] of scenarios) if (!only || only.includes(name)) results.push(await run());
    await load.stop();
    process.stdout.write(
      '| fault | load during it | failed during the fault | failed after (until caught up) | time to recover | invariants held |\n|---|---|---|---|---|---|\n',
    );
    for (const r of results) process.stdout.write(`${row(r)}\n`);
    for (const r of results)
      for (const [name, v] of Object.entries(r.invariants.violations))
        if (v.length) process.stdout.write(`${r.fault} — ${name}:\n  ${v.slice(0, 20).join('\n  ')}\n`);
    exitCode = results.every((r) => Object.values(r.invariants.violations).every((v) => v.length === 0)) ? 0 : 1;
    process.stdout.write(
      `${JSON.stringify({ bench: 'chaos', machine: 'shared', holdMs: options.holdMs, killRounds: options.killRounds, scenarios: results.map((r) => ({ fault: r.fault, during: r.during, after: r.after, recoveryMs: r.recoveryMs, caughtUpMs: r.caughtUpMs, acknowledged: r.invariants.acknowledged, violations: Object.values(r.invariants.violations).reduce((a, v) => a + v.length, 0) })) })}\n`,
    );
  } finally {
    await topology.close();
  }
  process.exit(exitCode);
}

main().catch((error) => {
  process.stderr.write(`chaos failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
