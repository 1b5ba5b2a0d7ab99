/**
 * Two versions of the engine side by side, in one process, on one loaded
 * machine: both indexes built from the same documents, every query run on one
 * then the other, 7 rounds. Prints, per engine, the percentiles of each
 * query's fastest round (the least disturbed) and of CPU time per query, and
 * checks that both give the same answers (pages, scores, totals, facets),
 * before the timed rounds and after them.
 *
 *   git archive <commit> libs/search/src/engine | tar -x -C <dir>
 *   node -r @swc-node/register tools/search-relevance/compare-engines.ts <dir> [perRegion=40000]
 */
import { SearchIndex, type SearchQuery } from '@app/search';
import { generatedDocuments } from './corpus';
import { loadRelevanceQueries } from './relevance-set';
import { baselineSearchIndex, percentile, round3 } from './tool-support';

const ROUNDS = 7;
const [baselineDir, perRegionArg] = process.argv.slice(2);
if (!baselineDir) throw new Error('usage: compare-engines.ts <dir holding libs/search/src/engine of the baseline> [perRegion]');
const Baseline = baselineSearchIndex(baselineDir);

const docs = generatedDocuments(Number(perRegionArg ?? 40_000));
const engines = [
  { name: 'baseline', index: Baseline.from(docs) },
  { name: 'current', index: SearchIndex.from(docs) },
];

// The bench's mixed workload: the relevance queries, their second pages, region, distance and fee filters, listings.
const queries: SearchQuery[] = [];
loadRelevanceQueries().forEach((spec, i) => {
  queries.push({ q: spec.q, ...spec.filters, pageSize: 10 }, { q: spec.q, pageSize: 20 });
  if (i % 3 === 0) queries.push({ q: spec.q, region: ['jiaxing', 'shanghai'], pageSize: 20, page: 2 });
  if (i % 4 === 0) queries.push({ q: spec.q, near: { lat: 30.75, lon: 120.76 }, radiusKm: 100, sort: 'distance', pageSize: 20 });
  if (i % 5 === 0) queries.push({ q: spec.q, feeMax: 500, serviceMode: 'sample_submission', pageSize: 20 });
});
queries.push({ pageSize: 20 }, { region: ['anhui'], category: '01', pageSize: 50 }, { customsGated: true, sort: 'freshness', pageSize: 20 });

// Whole answers, not just the page's ids: scores, totals, facets and cursors must not move either.
// Compared before the timed rounds and after them, when whatever an engine keeps between queries is warm.
const answers = (e: (typeof engines)[number]) => queries.map((q) => JSON.stringify(e.index.search(q)));
const differences = (sets: string[][]) => sets[0].reduce((n, answer, i) => n + (answer === sets[1][i] ? 0 : 1), 0);
const differing = differences(engines.map(answers));
const fastest = engines.map(() => new Float64Array(queries.length).fill(Infinity));
const cpu = engines.map(() => [] as number[]);
for (let round = 0; round < ROUNDS; round++) {
  queries.forEach((q, qi) => {
    engines.forEach((e, ei) => {
      const used = process.cpuUsage();
      const started = process.hrtime.bigint();
      e.index.search(q);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const spent = process.cpuUsage(used);
      fastest[ei][qi] = Math.min(fastest[ei][qi], ms);
      cpu[ei].push((spent.user + spent.system) / 1000);
    });
  });
}
const differingWarm = differences(engines.map(answers));
const figures = engines.map((e, ei) => {
  const best = [...fastest[ei]];
  return {
    engine: e.name,
    fastestP50Ms: round3(percentile(best, 50)),
    fastestP90Ms: round3(percentile(best, 90)),
    fastestP99Ms: round3(percentile(best, 99)),
    fastestSumMs: round3(best.reduce((x, y) => x + y, 0)),
    cpuP50Ms: round3(percentile(cpu[ei], 50)),
    cpuP99Ms: round3(percentile(cpu[ei], 99)),
  };
});
process.stdout.write(
  `${JSON.stringify({ documents: docs.length, queries: queries.length, rounds: ROUNDS, differingAnswers: differing, differingWarmAnswers: differingWarm, engines: figures })}\n`,
);
