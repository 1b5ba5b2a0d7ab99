/**
 * What makes the in-process p99 of `bench:search`: its first phase replayed
 * sample by sample (the relevance queries warmed once, then 5 rounds of them
 * and 5 rounds of the mixed workload, in the bench's order), each sample's
 * wall, CPU and main-thread time, the engine's parts inside it (parse, plan, evaluation,
 * ranking, hits) and any garbage collection that overlapped it. Prints the
 * slowest 1 % with their breakdown, then one JSON line.
 *
 *   node --expose-gc -r @swc-node/register tools/search-relevance/slowest-queries.ts [perRegion=40000] [passes=2]
 */
import { readFileSync } from 'node:fs';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { SearchIndex, type SearchQuery } from '@app/search';
import { QueryEvaluator } from '../../libs/search/src/engine/query-evaluator';
import { QueryPlanner } from '../../libs/search/src/engine/query-plan';
import { generatedDocuments } from './corpus';
import { labelQueries, loadRelevanceQueries } from './relevance-set';
import { percentile, round3, timePart } from './tool-support';

const perRegion = Number(process.argv[2] ?? 40_000);
const passes = Number(process.argv[3] ?? 2);
/**
 * The main thread's time on a core, ms (Linux schedstat, ns): neither the time it waited for a core
 * on this shared machine nor the compiler's and collector's helper threads, which process CPU time counts.
 */
const SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;
const onCpuMs = () => Number(readFileSync(SCHEDSTAT, 'latin1').split(' ')[0]) / 1e6;

/** Time spent per part during the current sample. */
let parts: Record<string, number> = {};
let notes: string[] = [];
/** A part of the engine, timed into the current sample, with what it says of its result. */
const part = (label: string, note?: (result: unknown, args: unknown[]) => string | undefined) => (ms: number, result: unknown, args: unknown[]) => {
  parts[label] = (parts[label] ?? 0) + ms;
  const said = note?.(result, args);
  if (said) notes.push(said);
};
timePart(SearchIndex.prototype, 'parse', part('parse'));
timePart(QueryPlanner.prototype, 'plan', part('plan'));
timePart(SearchIndex.prototype, 'rank', part('rank'));
timePart(SearchIndex.prototype, 'listInOrder', part('listInOrder'));
timePart(SearchIndex.prototype, 'hit', part('hits'));
timePart(
  QueryEvaluator.prototype,
  'evaluate',
  part('evaluate', (r) => `matched ${(r as { count: number }).count}`),
);
timePart(
  QueryEvaluator.prototype,
  'kept',
  part('kept', (r) => (r === undefined ? 'not kept' : `kept ${(r as { count: number }).count}`)),
);
timePart(
  QueryEvaluator.prototype,
  'evaluateClause',
  part('evaluateClause', (r, a) => `clause ${(r as { count: number }).count} (k=${String(a[1])}, from ${String(a[2])})`),
);

const gcs: { start: number; end: number }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push({ start: e.startTime, end: e.startTime + e.duration });
}).observe({ entryTypes: ['gc'] });

interface Sample {
  label: string;
  phase: string;
  round: number;
  ms: number;
  cpuMs: number;
  mainMs: number;
  start: number;
  end: number;
  parts: Record<string, number>;
  notes: string[];
}

async function main(): Promise<void> {
  const docs = generatedDocuments(perRegion);
  const relevance = labelQueries(loadRelevanceQueries(), docs);
  const mixed: SearchQuery[] = [];
  relevance.forEach(({ q }, i) => {
    mixed.push({ q, pageSize: 20 });
    if (i % 3 === 0) mixed.push({ q, region: ['jiaxing', 'shanghai'], pageSize: 20, page: 2 });
    if (i % 4 === 0) mixed.push({ q, near: { lat: 30.75, lon: 120.76 }, radiusKm: 100, sort: 'distance', pageSize: 20 });
    if (i % 5 === 0) mixed.push({ q, feeMax: 500, serviceMode: 'sample_submission', pageSize: 20 });
  });
  mixed.push({ pageSize: 20 }, { region: ['anhui'], category: '01', pageSize: 50 }, { customsGated: true, sort: 'freshness', pageSize: 20 });
  // Pass 2 builds a new index and replays the same samples with the code already compiled: what stays slow is the engine's own one-off work.
  for (let pass = 1; pass <= passes; pass++) {
    const engine = SearchIndex.from(docs);
    const samples: Sample[] = [];
    const run = async (phase: string, round: number, q: SearchQuery) => {
      parts = {};
      notes = [];
      const onCpu = onCpuMs();
      const start = performance.now();
      const cpu = process.cpuUsage();
      engine.search(q);
      const used = process.cpuUsage(cpu);
      const end = performance.now();
      const mainMs = onCpuMs() - onCpu;
      samples.push({ label: JSON.stringify(q), phase, round, ms: end - start, cpuMs: (used.user + used.system) / 1000, mainMs, start, end, parts, notes });
      // Lets the gc observer deliver (and keeps the samples' order as in the bench).
      await new Promise((resolve) => setImmediate(resolve));
    };
    for (const q of relevance) await run('warm', 0, { q: q.q, ...q.filters });
    for (let round = 0; round < 5; round++) for (const q of relevance) await run('relevance', round, { q: q.q, ...q.filters, pageSize: 10 });
    for (let round = 0; round < 5; round++) for (const q of mixed) await run('mixed', round, q);
    await new Promise((resolve) => setTimeout(resolve, 50));
    report(pass, samples, docs.length);
  }
}

function report(pass: number, samples: Sample[], documents: number): void {
  const timed = samples.filter((s) => s.phase !== 'warm');
  let gcMs = 0;
  let gcCount = 0;
  for (const s of samples) {
    const overlapping = gcs.filter((g) => g.end > s.start && g.start < s.end);
    if (overlapping.length > 0) s.parts.gc = overlapping.reduce((sum, g) => sum + Math.min(g.end, s.end) - Math.max(g.start, s.start), 0);
    if (s.phase !== 'warm') {
      gcMs += s.parts.gc ?? 0;
      gcCount += overlapping.length;
    }
  }
  process.stdout.write(`\n=== pass ${pass}: slowest 2 % by main-thread time\n`);
  const slowest = [...timed].sort((a, b) => b.mainMs - a.mainMs).slice(0, Math.ceil(timed.length / 50));
  for (const s of slowest) {
    const breakdown = Object.entries(s.parts)
      .map(([k, v]) => `${k} ${v.toFixed(2)}`)
      .join(', ');
    process.stdout.write(
      `${s.mainMs.toFixed(2)} ms main (wall ${s.ms.toFixed(2)}, cpu ${s.cpuMs.toFixed(2)}) ${s.phase}#${s.round} ${s.label}\n    ${breakdown}\n    ${s.notes.join('; ')}\n`,
    );
  }
  // Every query's least and first CPU: the steady cost, and what its first timed sample added.
  const byQuery = new Map<string, number[]>();
  for (const s of timed) byQuery.set(`${s.phase} ${s.label}`, [...(byQuery.get(`${s.phase} ${s.label}`) ?? []), s.mainMs]);
  const worst = [...byQuery].map(([label, ms]) => ({ label, min: Math.min(...ms), max: Math.max(...ms), first: ms[0] })).sort((a, b) => b.min - a.min);
  process.stdout.write('\nhighest least main-thread time of 5 (the steady cost):\n');
  for (const w of worst.slice(0, 15)) process.stdout.write(`  min ${w.min.toFixed(2)} first ${w.first.toFixed(2)} max ${w.max.toFixed(2)}  ${w.label}\n`);
  const ms = timed.map((s) => s.ms);
  const cpu = timed.map((s) => s.cpuMs);
  const main = timed.map((s) => s.mainMs);
  process.stdout.write(
    `${JSON.stringify({ pass, documents, samples: timed.length, p50Ms: round3(percentile(ms, 50)), p99Ms: round3(percentile(ms, 99)), cpuP50Ms: round3(percentile(cpu, 50)), cpuP99Ms: round3(percentile(cpu, 99)), mainP50Ms: round3(percentile(main, 50)), mainP99Ms: round3(percentile(main, 99)), gcsInSamples: gcCount, gcMsInSamples: round3(gcMs) })}\n`,
  );
}

void main();
