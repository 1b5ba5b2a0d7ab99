/**
 * npm run search:relevance — recall@10 and nDCG@10 of the search engine on
 * the relevance set (tools/search-relevance/queries.json) over its fixed
 * generated corpus. Prints each query that misses (recall@10 < 1) with what
 * it returned, then one JSON line of figures.
 */
import { SearchIndex } from '@app/search';
import { generatedDocuments } from './corpus';
import { RELEVANCE_CORPUS, evaluateRelevance, labelQuery, loadRelevanceQueries, type RelevanceQuery } from './relevance-set';

const docs = generatedDocuments();
const engine = SearchIndex.from(docs);
const byId = new Map(docs.map((d) => [d.id, d]));
const queries = loadRelevanceQueries().map((q) => ({ ...q, expected: q.expected ?? {} }) as RelevanceQuery);

// Stored labels must be those of the current generator and rules, or the figures mean nothing.
const stale = queries.filter((q) => JSON.stringify(Object.entries(q.expected).sort()) !== JSON.stringify(Object.entries(labelQuery(q, docs)).sort()));
if (stale.length > 0) {
  process.stderr.write(`stale labels for ${stale.map((q) => q.id).join(', ')}: run node -r @swc-node/register tools/search-relevance/label.ts\n`);
  process.exit(1);
}

const report = evaluateRelevance(queries, (q) => engine.search({ q: q.q, ...q.filters, pageSize: 10 }).items.map((h) => h.id));
for (const f of report.failures) {
  process.stdout.write(`MISS ${f.id} "${f.q}": recall@10 ${f.recallAt10.toFixed(2)}, nDCG@10 ${f.ndcgAt10.toFixed(2)}, ${f.relevant} relevant\n`);
  for (const id of f.top) {
    const d = byId.get(id);
    const grade = queries.find((q) => q.id === f.id)!.expected[id] ?? 0;
    process.stdout.write(`    ${grade} ${id} ${d?.name} | ${d?.model ?? ''} | ${d?.manufacturer ?? ''}\n`);
  }
}
const round = (x: number) => Math.round(x * 1000) / 1000;
process.stdout.write(
  `${JSON.stringify({ queries: report.queries, recallAt10: round(report.recallAt10), ndcgAt10: round(report.ndcgAt10), corpus: docs.length, perRegion: RELEVANCE_CORPUS.perRegion, seed: RELEVANCE_CORPUS.seed })}\n`,
);
