import { ClauseMatchCache } from './clause-match-cache';
import { QueryEvaluator } from './query-evaluator';
import type { PlannedClause } from './query-plan';
import { SearchIndex } from './search-index';
import type { SearchDocument, SearchQuery } from './types';
import { makeDocument } from '../testing/make-document';

/**
 * A broad synonym family's matches are kept between queries; every change
 * that could move its answer (a document of the family added, replaced or
 * removed, the number of public documents behind every idf) must show in the
 * very next query, exactly as an index with the same history that was
 * never asked before answers it. Changes that leave every score standing (a
 * record rewritten with its family words, a unit's own record added or
 * removed) keep the matches and bring them up to date.
 */
const NAMES = ['质谱仪', '液相色谱-质谱联用仪', 'ICP-MS', '气质联用仪', 'mass spectrometer', '同位素比质谱仪', '扫描电子显微镜'];
const QUERIES: SearchQuery[] = [
  { q: '质谱', pageSize: 100 },
  { q: 'MS', pageSize: 20, page: 3 },
  { q: '质谱 jiaxing', region: ['jiaxing'] },
  { q: '质谱', viewer: { unitId: 'jx-u009' }, pageSize: 100 },
];

function catalog(count: number): Map<string, SearchDocument> {
  const docs = new Map<string, SearchDocument>();
  for (let i = 0; i < count; i++) {
    const id = `doc-${String(i).padStart(5, '0')}`;
    docs.set(
      id,
      makeDocument(id, {
        name: `${NAMES[i % NAMES.length]} ${i % 13}`,
        region: i % 3 === 0 ? 'jiaxing' : 'anhui',
        description: i % 5 === 0 ? '质谱分析' : undefined,
      }),
    );
  }
  return docs;
}

const answers = (index: SearchIndex) => QUERIES.map((q) => JSON.stringify(index.search(q)));

describe('kept clause matches', () => {
  const initial = catalog(3000);
  const index = SearchIndex.from(initial.values());
  const changes: ((target: SearchIndex) => unknown)[] = [];
  const change = (apply: (target: SearchIndex) => unknown) => {
    changes.push(apply);
    apply(index);
  };
  const expectFresh = () => {
    const twin = SearchIndex.from(initial.values());
    for (const apply of changes) apply(twin);
    expect(answers(index)).toEqual(answers(twin));
  };
  const upsert = (doc: SearchDocument) => change((target) => target.upsert(doc));

  beforeEach(() => {
    // Asked twice before every change (a clause is kept at its second use with nothing changed), so that
    // the family's matches are kept when the change comes.
    answers(index);
    answers(index);
  });

  it('answer as a fresh index does before any change', () => expectFresh());

  it('find a document of the family added since', () => {
    const before = index.search({ q: '质谱' }).total;
    upsert(makeDocument('doc-new-1', { name: '飞行时间质谱仪 TOF' }));
    expect(index.search({ q: '质谱' }).total).toBe(before + 1);
    expectFresh();
  });

  it('lose a document renamed out of the family', () => {
    upsert(makeDocument('doc-00000', { name: '离心机' }));
    expectFresh();
  });

  it('lose a removed document', () => {
    change((target) => target.remove('doc-00002'));
    expectFresh();
  });

  it('rescore when a document outside the family changes every idf', () => {
    upsert(makeDocument('doc-new-2', { name: '离心机' }));
    expectFresh();
  });

  it('find a rewritten document of the family once, under its new text', () => {
    upsert({ ...initial.get('doc-00001')!, description: '仪器状态良好，可预约' });
    expect(index.search({ q: '质谱 预约' }).items.map((h) => h.id)).toEqual(['doc-00001']);
    expectFresh();
  });

  it('find a document of the family added for its unit only, and lose it once removed', () => {
    const seen = () => index.search({ q: '质谱', viewer: { unitId: 'jx-u009' } }).total;
    const before = seen();
    upsert(makeDocument('doc-unit-1', { name: '四极杆质谱仪', unitId: 'jx-u009', visibility: 'unit' }));
    expect(seen()).toBe(before + 1);
    expectFresh();
    answers(index);
    change((target) => target.remove('doc-unit-1'));
    expect(seen()).toBe(before);
    expectFresh();
  });

  it('hide a document that became visible to its unit only', () => {
    upsert({ ...initial.get('doc-00007')!, visibility: 'unit' });
    expectFresh();
  });
});

describe('kept clause matches at the size limit', () => {
  it('find a unit-only document added to a family that then outgrows what is kept', () => {
    // Half the catalog in the family: the kept matches are at their limit (a quarter of twice the
    // documents), so one more match from a unit's own record drops them.
    const docs = Array.from({ length: 40_000 }, (_, i) =>
      makeDocument(`doc-${String(i).padStart(5, '0')}`, { name: i % 2 === 0 ? `质谱仪 ${i % 13}` : `离心机 ${i % 13}` }),
    );
    const index = SearchIndex.from(docs);
    const seen = () => index.search({ q: '质谱', viewer: { unitId: 'jx-u009' } }).total;
    const before = seen();
    seen();
    index.upsert(makeDocument('doc-unit-1', { name: '四极杆质谱仪', unitId: 'jx-u009', visibility: 'unit' }));
    expect(seen()).toBe(before + 1);
    expect(index.search({ q: '质谱' }).total).toBe(before);
  });
});

describe('a broad first clause', () => {
  it('is kept at its first use, so that the next query of its family evaluates no clause and answers the same', () => {
    // Too small a catalog for the load to keep the families: only queries keep them.
    const index = SearchIndex.from(catalog(3000).values());
    const query: SearchQuery = { q: '质谱', region: ['jiaxing'], pageSize: 5, page: 2 };
    index.search({ q: '质谱' });
    const evaluate = jest.spyOn(QueryEvaluator.prototype as unknown as { evaluateClause: () => unknown }, 'evaluateClause');
    let answer: string;
    try {
      answer = JSON.stringify(index.search(query));
      expect(evaluate).not.toHaveBeenCalled();
    } finally {
      evaluate.mockRestore();
    }
    expect(answer).toEqual(JSON.stringify(SearchIndex.from(catalog(3000).values()).search(query)));
  });
});

describe('kept clause matches between never-asked questions', () => {
  // The index as the cache reads it: one epoch of statistics, nothing retired.
  const index = { statistics: 1, retired: 0 } as unknown as ConstructorParameters<typeof ClauseMatchCache>[0];
  const ordinals = 200_000;
  const clause = (word: number): PlannedClause => ({
    label: `w${word}`,
    alternatives: [0, 1].map((t) => ({ terms: [2 * word + t], idf: [1], weight: 1 })),
    cost: 100_000,
  });
  const keep = (cache: ClauseMatchCache, word: number, count: number) => {
    const docs = Int32Array.from({ length: count }, (_, i) => i);
    cache.set(cache.keyOf(clause(word))!, docs, new Float64Array(count), count, ordinals);
  };

  it('keep a family while broad clauses holding several pairs an ordinal are asked beside it', () => {
    const cache = new ClauseMatchCache(index);
    keep(cache, 0, 15_000);
    // Lone characters' bigrams (分, 光, 测…): 50,000-100,000 matches each at 200,000 documents.
    for (let word = 1; word <= 10; word++) keep(cache, word, 100_000);
    expect(cache.get(cache.keyOf(clause(0))!)?.count).toBe(15_000);
  });

  it('keep beforehand no more than a load did before', () => {
    const cache = new ClauseMatchCache(index);
    for (let word = 0; word < 4; word++) keep(cache, word, 100_000);
    expect(cache.fits(1, ordinals)).toBe(false);
  });
});
