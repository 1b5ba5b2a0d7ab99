import { QueryEvaluator } from './query-evaluator';
import { SearchIndex } from './search-index';
import type { SearchDocument, SearchQuery } from './types';
import { ids, makeDocument } from '../testing/make-document';

/**
 * A bulk load (the gateway's initial build, `SearchIndex.from`, compaction)
 * writes every posting once at the end instead of document by document; its
 * index must answer exactly (pages, scores, totals, facets) as the same
 * documents upserted one at a time, and go on answering so through later
 * changes.
 */
const NAMES = ['质谱仪', '液相色谱-质谱联用仪', 'ICP-MS', '扫描电子显微镜', 'mass spectrometer', '核磁共振波谱仪'];
const QUERIES: SearchQuery[] = [
  { q: '质谱', pageSize: 50 },
  { q: 'spectrometer', pageSize: 20, page: 2 },
  { q: '显微镜 分析', region: ['anhui'] },
  { q: '质谱', viewer: { unitId: 'ah-u002' }, pageSize: 50 },
  { q: '质谱', viewer: { seesAll: true }, pageSize: 50 },
  { pageSize: 30 },
  { region: ['jiaxing'], sort: 'freshness', pageSize: 30 },
];

/**
 * Descriptions grow along the catalog, so the average field lengths drift
 * (and the scores' length normalisation is re-settled) several times while
 * it is loaded.
 */
function catalog(count: number, version = 0): SearchDocument[] {
  return Array.from({ length: count }, (_, i) =>
    makeDocument(`doc-${String(i).padStart(5, '0')}`, {
      name: `${NAMES[i % NAMES.length]} ${i % 17}`,
      model: `M-${i % 23}`,
      region: i % 3 === 0 ? 'jiaxing' : 'anhui',
      unitId: i % 3 === 0 ? 'jx-u001' : `ah-u00${i % 4}`,
      description: i % 4 === 0 ? undefined : `${'分析 '.repeat(1 + Math.floor(i / 150))}测试 v${version}`,
      updatedAt: new Date(Date.UTC(2026, 0, 1 + (i % 300))).toISOString(),
      visibility: i % 7 === 0 ? 'unit' : 'public',
    }),
  );
}

/** The same documents upserted one at a time, then trimmed as the end of a load (scores from the exact statistics, not the last epoch's). */
function upserted(docs: readonly SearchDocument[]): SearchIndex {
  const index = new SearchIndex();
  for (const doc of docs) index.upsert(doc);
  index.trim();
  return index;
}

const answers = (index: SearchIndex) => QUERIES.map((q) => JSON.stringify(index.search(q)));

describe('bulk load', () => {
  it('answers exactly as the same documents upserted one at a time', () => {
    const docs = catalog(2000);
    const loaded = SearchIndex.from(docs);
    expect(loaded.size).toBe(2000);
    expect(answers(loaded)).toEqual(answers(upserted(docs)));
  });

  it('keeps the later of two versions given in one load, as upserts would', () => {
    const docs = catalog(1500);
    // Later versions of some documents in the same load: renamed, made unit-only, made public.
    const again = [docs[10], docs[14], docs[700]].map((d, k) => ({
      ...d,
      name: `renamed ${k} 显微镜`,
      visibility: d.visibility === 'public' ? ('unit' as const) : ('public' as const),
    }));
    // And the last document twice in a row: ids in ascending order until then, as the gateway's full read gives them.
    const last = { ...docs[1499], name: 'renamed last 显微镜' };
    const all = [...docs.slice(0, 800), ...again, ...docs.slice(800), last];
    const loaded = SearchIndex.from(all);
    expect(loaded.size).toBe(1500);
    expect(loaded.get(docs[10].id)?.name).toBe('renamed 0 显微镜');
    expect(loaded.get(last.id)?.name).toBe('renamed last 显微镜');
    expect(answers(loaded)).toEqual(answers(upserted(all)));
  });

  it('follows later changes exactly as an index built by upserts', () => {
    const docs = catalog(1500);
    const loaded = SearchIndex.from(docs);
    const twin = upserted(docs);
    const changed = catalog(1500, 1);
    for (const target of [loaded, twin]) {
      for (let i = 0; i < 1500; i += 3) target.upsert(changed[i]);
      for (let i = 1; i < 1500; i += 11) target.remove(docs[i].id);
      target.upsert(makeDocument('new-1', { name: '质谱仪 new', description: '分析' }));
    }
    expect(answers(loaded)).toEqual(answers(twin));
  });

  it('leaves searches on the content before it until it finishes, then replaces that content', () => {
    const index = SearchIndex.from([makeDocument('old', { name: '旧的质谱仪' })]);
    const load = index.load();
    load.add(makeDocument('new', { name: '新的质谱仪' }));
    expect(ids(index.search({ q: '质谱仪' }))).toEqual(['old']);
    const before = index.version;
    load.finish();
    expect(ids(index.search({ q: '质谱仪' }))).toEqual(['new']);
    expect(index.has('old')).toBe(false);
    expect(index.version).toBeGreaterThan(before);
    expect(() => load.add(makeDocument('late'))).toThrow();
  });

  it('refuses a malformed document and loads the rest', () => {
    const index = new SearchIndex();
    const target = index.load();
    expect(() => target.add({ ...makeDocument('bad'), updatedAt: 'yesterday' })).toThrow(/updatedAt/);
    target.add(makeDocument('good', { name: '质谱仪' }));
    target.finish();
    expect(ids(index.search({ q: '质谱仪' }))).toEqual(['good']);
    expect(index.size).toBe(1);
  });
});

/**
 * The work a query would otherwise pay once, at its first use after a load
 * (hundreds of milliseconds at 200,000 documents), is part of the load: the
 * listing orders, the id ranks and the broad synonym families' matches.
 */
describe('the end of a load', () => {
  it('leaves the listing orders and the id ranks built, so that the first listing sorts nothing', () => {
    const loaded = SearchIndex.from(catalog(2000));
    const gen = loaded['gen'];
    for (const listing of [gen.listings.freshness, gen.listings.fee]) {
      expect(listing.through).toBe(2000);
      expect(listing.ranked.length).toBe(2000);
    }
    expect(gen.order.ranked).toBe(2000);
  });

  it('keeps the broad families, so that their first queries read no postings, and answers as an index that never kept them', () => {
    const docs = catalog(6000);
    const loaded = SearchIndex.from(docs);
    const evaluate = jest.spyOn(QueryEvaluator.prototype as unknown as { evaluateClause: () => unknown }, 'evaluateClause');
    try {
      loaded.search({ q: '质谱' });
      loaded.search({ q: '质谱', region: ['jiaxing'], sort: 'fee' });
      expect(evaluate).not.toHaveBeenCalled();
    } finally {
      evaluate.mockRestore();
    }
    expect(answers(loaded)).toEqual(answers(upserted(docs)));
  });
});
