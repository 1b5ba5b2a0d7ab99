/**
 * The engine alone, in process, at benchmark scale (no database, no HTTP):
 *
 *   node --expose-gc -r @swc-node/register tools/search-relevance/measure.ts [perRegion=40000]
 *
 * Builds the index over 5 regions × perRegion generated instruments, then
 * times the relevance queries and a mixed workload (filters, facets,
 * distance, deeper pages, cursors). Ends with one JSON line of figures.
 */
import { SearchIndex, type SearchQuery } from '@app/search';
import { generatedDocuments } from './corpus';
import { evaluateRelevance, labelQueries, loadRelevanceQueries } from './relevance-set';
import { percentile } from './tool-support';

const perRegion = Number(process.argv[2] ?? 40_000);
const round = (x: number, digits = 3) => Number(x.toFixed(digits));
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

const docs = generatedDocuments(perRegion);
global.gc?.();
const rssBefore = process.memoryUsage().rss;
const started = process.hrtime.bigint();
const engine = SearchIndex.from(docs);
const buildMs = Number(process.hrtime.bigint() - started) / 1e6;
const firstStarted = process.hrtime.bigint();
engine.search({ q: '电镜' });
const firstQueryMs = Number(process.hrtime.bigint() - firstStarted) / 1e6;
global.gc?.();
const rss = process.memoryUsage().rss;

const specs = loadRelevanceQueries();
const texts = specs.map((s) => ({ q: s.q, ...s.filters }));
const mixed: SearchQuery[] = [];
texts.forEach((t, i) => {
  if (i % 3 === 0) mixed.push({ ...t, region: ['jiaxing', 'shanghai'], page: 3 });
  if (i % 4 === 0) mixed.push({ ...t, near: { lat: 30.75, lon: 120.76 }, radiusKm: 100, sort: 'distance' });
  if (i % 5 === 0) mixed.push({ ...t, feeMax: 500, serviceMode: 'sample_submission', sort: 'fee' });
});
mixed.push(
  {},
  { region: ['anhui'], category: '01', pageSize: 50 },
  { customsGated: true, sort: 'freshness' },
  { near: { lat: 31.23, lon: 121.47 }, sort: 'distance' },
);

const time = (q: SearchQuery) => {
  const s = process.hrtime.bigint();
  const r = engine.search(q);
  return { ms: Number(process.hrtime.bigint() - s) / 1e6, r };
};
for (const q of [...texts, ...mixed]) time(q); // warm-up
const textMs: number[] = [];
const mixedMs: number[] = [];
for (let round = 0; round < 5; round++) {
  for (const q of texts) textMs.push(time({ ...q, pageSize: 10 }).ms);
  for (const q of mixed) mixedMs.push(time(q).ms);
}
// Cursor walk: the second page of every text query, by cursor.
for (const q of texts) {
  const first = time({ ...q, pageSize: 20 }).r;
  if (first.nextCursor) mixedMs.push(time({ ...q, pageSize: 20, cursor: first.nextCursor }).ms);
}
const all = [...textMs, ...mixedMs];
const relevance = evaluateRelevance(labelQueries(specs, docs), (q) => engine.search({ q: q.q, ...q.filters, pageSize: 10 }).items.map((h) => h.id));
process.stdout.write(
  `${JSON.stringify({
    documents: engine.size,
    buildMs: Math.round(buildMs),
    firstQueryMs: round(firstQueryMs, 1),
    rssMb: mb(rss),
    indexRssMb: mb(rss - rssBefore),
    heapUsedMb: mb(process.memoryUsage().heapUsed),
    queries: all.length,
    p50Ms: round(percentile(all, 50)),
    p99Ms: round(percentile(all, 99)),
    relevanceP50Ms: round(percentile(textMs, 50)),
    relevanceP99Ms: round(percentile(textMs, 99)),
    mixedP99Ms: round(percentile(mixedMs, 99)),
    maxMs: round(Math.max(...all)),
    recallAt10: round(relevance.recallAt10),
    ndcgAt10: round(relevance.ndcgAt10),
  })}\n`,
);
