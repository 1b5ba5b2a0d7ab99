import { generatedDocuments } from './corpus';
import { evaluateRelevance, labelQuery, loadRelevanceQueries, type RelevanceQuery } from './relevance-set';
import { SearchIndex } from '@app/search';

/** The relevance set (tools/search-relevance/queries.json) on its fixed generated corpus. */
const docs = generatedDocuments();
const specs = loadRelevanceQueries();
const queries = specs.map((q) => ({ ...q, expected: q.expected ?? {} }) as RelevanceQuery);

describe('relevance set', () => {
  it('has at least 60 labelled queries of every kind', () => {
    expect(queries.length).toBeGreaterThanOrEqual(60);
    expect(new Set(queries.map((q) => q.kind))).toEqual(new Set(['zh', 'en', 'abbreviation', 'model', 'mixed', 'misspelt', 'filtered']));
    expect(queries.filter((q) => Object.keys(q.expected).length === 0).map((q) => q.id)).toEqual([]);
  });

  it('holds the labels its rules give on the current generator (regenerate with tools/search-relevance/label.ts)', () => {
    const stale = queries.filter((q) => JSON.stringify(Object.entries(q.expected).sort()) !== JSON.stringify(Object.entries(labelQuery(q, docs)).sort()));
    expect(stale.map((q) => q.id)).toEqual([]);
  });

  it('reaches recall@10 ≥ 0.95', () => {
    const engine = SearchIndex.from(docs);
    const report = evaluateRelevance(queries, (q) => engine.search({ q: q.q, ...q.filters, pageSize: 10 }).items.map((h) => h.id));
    expect(report.failures.filter((f) => f.recallAt10 < 0.5)).toEqual([]);
    expect(report.recallAt10).toBeGreaterThanOrEqual(0.95);
  });
});
