/**
 * What a question nobody asked before costs the engine: the bench's index (200,000 documents by
 * default), then bench:search's never-asked questions, each answered once. Prints the CPU a question
 * (mean, percentiles), the share the costliest take, and the costliest by kind (text, sort, filters,
 * matches) with the engine's parts inside them (evaluation, ranking, facets, hits).
 *
 * With a baseline (`git archive <commit> libs/search/src/engine | tar -x -C <dir>`), both engines
 * answer every question, alternately first, their whole answers compared as JSON and their CPU set
 * side by side.
 *
 *   node --expose-gc -r @swc-node/register tools/search-relevance/novel-cost.ts [questions=5000] [perRegion=40000] [baselineDir]
 */
import { SearchIndex } from '@app/search';
import { novelQueries } from '../../bench/search-questions';
import { FacetCells, FacetCounts } from '../../libs/search/src/engine/facets';
import { QueryEvaluator } from '../../libs/search/src/engine/query-evaluator';
import { QueryPlanner } from '../../libs/search/src/engine/query-plan';
import { generatedDocuments } from './corpus';
import { labelQueries, loadRelevanceQueries } from './relevance-set';
import { baselineSearchIndex, percentile, questionKind as kind, round3, timePart } from './tool-support';

const questions = Number(process.argv[2] ?? 5_000);
const perRegion = Number(process.argv[3] ?? 40_000);
const baselineDir = process.argv[4];
const WARM = 2_000;

/** The process's CPU time, ms (every thread: the collector's helpers too, as a gateway's CPU a request counts them; schedstat moves by ticks). */
const onCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

let parts: Record<string, number> = {};
let matched = -1;
let timing = true;
/** A part of the engine, timed into the current question's parts (while `timing`), with what its result says. */
const part = (label: string, onResult?: (result: unknown) => void) => (ms: number, result: unknown) => {
  parts[label] = (parts[label] ?? 0) + ms;
  onResult?.(result);
};
const whileTiming = () => timing;

const docs = generatedDocuments(perRegion);
const texts = labelQueries(loadRelevanceQueries(), docs).map((r) => r.q);
// The bench's questions; a further 2,000 of them warm the engine's code first (they are never measured).
const generated = novelQueries(docs, texts, questions + WARM);
const asked = generated.slice(0, questions);
const warm = generated.slice(questions);

if (baselineDir === undefined) profile();
else compare(baselineDir);

function profile(): void {
  timePart(SearchIndex.prototype, 'rank', part('rank'), whileTiming);
  timePart(SearchIndex.prototype, 'listInOrder', part('list'), whileTiming);
  timePart(SearchIndex.prototype, 'hit', part('hits'), whileTiming);
  timePart(QueryPlanner.prototype, 'plan', part('plan'), whileTiming);
  timePart(
    QueryEvaluator.prototype,
    'evaluate',
    part('evaluate', (r) => (matched = (r as { count: number }).count)),
    whileTiming,
  );
  timePart(
    QueryEvaluator.prototype,
    'kept',
    part('kept', (r) => (matched = r === undefined ? matched : (r as { count: number }).count)),
    whileTiming,
  );
  timePart(FacetCells.prototype, 'counted', part('facets'), whileTiming);
  timePart(FacetCells.prototype, 'within', part('facets'), whileTiming);
  timePart(FacetCells.prototype, 'counted', part('facets'), whileTiming);
  timePart(FacetCounts.prototype, 'toFacets', part('facets'), whileTiming);
  const engine = SearchIndex.from(docs);
  timing = false;
  for (const q of warm) engine.search(q);
  timing = true;
  global.gc?.();
  const rows = asked.map((q) => {
    parts = {};
    matched = -1;
    const before = onCpuMs();
    const { result } = engine.answer(q);
    const ms = onCpuMs() - before;
    return { q, ms, parts, matched, total: result.total, kind: kind(q) };
  });
  const all = rows.map((r) => r.ms);
  const sum = all.reduce((a, b) => a + b, 0);
  const sorted = [...rows].sort((a, b) => b.ms - a.ms);
  const share = (p: number) => sorted.slice(0, Math.ceil((rows.length * p) / 100)).reduce((s, r) => s + r.ms, 0) / sum;
  process.stdout.write(
    `${rows.length} questions: mean ${round3(mean(all))} ms, p50 ${round3(percentile(all, 50))}, p90 ${round3(percentile(all, 90))}, p99 ${round3(percentile(all, 99))}; costliest 2 % take ${(100 * share(2)).toFixed(0)} %, 5 % ${(100 * share(5)).toFixed(0)} %, 10 % ${(100 * share(10)).toFixed(0)} %\n`,
  );
  const byKind = (set: typeof rows) => {
    const groups = new Map<string, typeof rows>();
    for (const r of set) groups.set(r.kind, [...(groups.get(r.kind) ?? []), r]);
    return [...groups].map(([k, rs]) => ({ k, n: rs.length, ms: rs.reduce((s, r) => s + r.ms, 0) })).sort((a, b) => b.ms - a.ms);
  };
  const costliest = sorted.slice(0, Math.ceil(rows.length / 20));
  process.stdout.write(`\nthe costliest 5 % (${costliest.length}) by kind: questions, CPU, mean (and of every question of the kind)\n`);
  const everyKind = new Map(byKind(rows).map((g) => [g.k, g]));
  for (const g of byKind(costliest))
    process.stdout.write(
      `  ${g.k}: ${g.n}, ${g.ms.toFixed(0)} ms, ${(g.ms / g.n).toFixed(2)} ms (all ${everyKind.get(g.k)!.n}, ${(everyKind.get(g.k)!.ms / everyKind.get(g.k)!.n).toFixed(2)} ms)\n`,
    );
  const partSums: Record<string, number> = {};
  for (const r of costliest) for (const [k, v] of Object.entries(r.parts)) partSums[k] = (partSums[k] ?? 0) + v;
  process.stdout.write(
    `parts of the costliest 5 %: ${Object.entries(partSums)
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join(', ')} ms\n`,
  );
  const allParts: Record<string, number> = {};
  for (const r of rows) for (const [k, v] of Object.entries(r.parts)) allParts[k] = (allParts[k] ?? 0) + v;
  process.stdout.write(
    `parts of all: ${Object.entries(allParts)
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join(', ')} ms of ${sum.toFixed(0)}\n`,
  );
  process.stdout.write(`\nthe costliest 30:\n`);
  for (const r of sorted.slice(0, 30))
    process.stdout.write(
      `  ${r.ms.toFixed(2)} ms, matched ${r.matched}, total ${r.total}: ${JSON.stringify(r.q)}\n    ${Object.entries(r.parts)
        .map(([k, v]) => `${k} ${v.toFixed(2)}`)
        .join(', ')}\n`,
    );
}

function compare(dir: string): void {
  timing = false;
  const Baseline = baselineSearchIndex(dir);
  const engines = [Baseline.from(docs), SearchIndex.from(docs)];
  for (const q of warm) for (const e of engines) e.search(q);
  global.gc?.();
  const cpu = [[] as number[], [] as number[]];
  let differing = 0;
  asked.forEach((q, i) => {
    const answers: string[] = [];
    for (const e of i % 2 === 0 ? [0, 1] : [1, 0]) {
      const before = onCpuMs();
      const result = engines[e].search(q);
      cpu[e].push(onCpuMs() - before);
      answers[e] = JSON.stringify(result);
    }
    if (answers[0] !== answers[1]) {
      if (differing < 5) process.stderr.write(`differs: ${JSON.stringify(q)}\n`);
      differing++;
    }
  });
  const figures = ['baseline', 'current'].map((name, e) => ({
    engine: name,
    meanMs: round3(mean(cpu[e])),
    p50Ms: round3(percentile(cpu[e], 50)),
    p90Ms: round3(percentile(cpu[e], 90)),
    p99Ms: round3(percentile(cpu[e], 99)),
  }));
  process.stdout.write(`${JSON.stringify({ documents: docs.length, questions: asked.length, differing, engines: figures })}\n`);
}
