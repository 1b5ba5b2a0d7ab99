import { QueryEvaluator } from './query-evaluator';
import { SearchIndex } from './search-index';
import type { SearchDocument, SearchQuery } from './types';
import { BROAD_WORD_NAMES, BROAD_WORD_SHAPES, broadWordDocument, changeBroadWordDocuments } from '../testing/broad-word';
import { makeDocument, seededRandom } from '../testing/make-document';

/**
 * A text of several words, asked again with other filters, sorts and pages, is ranked from its kept matches (every
 * word's documents, unfiltered) instead of evaluating its words again: it must give exactly what evaluating them
 * gives, for every viewer and filter, on shallow and deep pages, while documents come, go, hide and move and the
 * weights are computed again.
 */
const NAMES = [...BROAD_WORD_NAMES, 'contact goniometer with a wide stage', 'wide angle stage'];
const documentOf = (id: string, next: () => number, overrides: Partial<SearchDocument> = {}) => broadWordDocument(id, next, overrides, NAMES);
// 'goniometer' is some documents' model designation too (those sort first): texts with and without it.
const TEXTS = ['contact goniometer', 'angle stage', 'wide angle stage', 'wide angle goniometer stage'];
/** Every cell filter and viewer of the broad-word shapes, and a fee cap and a unit (filters that are no cell value). */
const SHAPES: SearchQuery[] = [
  ...BROAD_WORD_SHAPES.map(({ q: _, ...filters }) => filters),
  { feeMax: 400 },
  { unitId: 'u2', viewer: { seesAll: true } },
  { region: ['zhejiang'], feeMax: 900, viewer: { unitId: 'u1' } },
];

/** The answer with no text kept: its words evaluated for the question, as before texts were kept. */
function evaluated(index: SearchIndex, query: SearchQuery): string {
  const spy = jest.spyOn(QueryEvaluator.prototype, 'keptText').mockReturnValue(undefined);
  try {
    return JSON.stringify(index.search(query));
  } finally {
    spy.mockRestore();
  }
}

function expectSameAsEvaluating(index: SearchIndex, q: string, pageSize: number, pages: number, first = 1): void {
  for (const shape of SHAPES)
    for (let page = first; page < first + pages; page++) {
      const query = { ...shape, q, page, pageSize };
      expect(JSON.stringify(index.search(query))).toBe(evaluated(index, query));
    }
}

describe("a text's kept matches", () => {
  const next = seededRandom(41);
  const docs = Array.from({ length: 6000 }, (_, i) => documentOf(`doc-${String((i * 7919) % 9973).padStart(5, '0')}-${i}`, next));

  it.each(TEXTS)('%s: every filter, viewer and page as evaluating its words gives', (q) => {
    const index = SearchIndex.from(docs);
    // Kept at once by the question without filters, and by a filtered one at its second use.
    index.search({ q });
    index.search({ q, region: ['anhui'] });
    index.search({ q, region: ['anhui'] });
    expectSameAsEvaluating(index, q, 13, 3);
    expectSameAsEvaluating(index, q, 50, 2, 30);
  });

  it('answers a text asked before without evaluating its words again, and one asked first by evaluating them', () => {
    const index = SearchIndex.from(docs);
    const evaluate = jest.spyOn(QueryEvaluator.prototype, 'evaluate');
    try {
      index.search({ q: 'contact goniometer', category: '01' });
      expect(evaluate).toHaveBeenCalledTimes(1);
      // Without filters it is evaluated whole anyway: kept, and ranked in the same pass.
      index.search({ q: 'contact goniometer' });
      index.search({ q: 'contact goniometer', region: ['jiangsu'], pageSize: 5 });
      index.search({ q: 'contact goniometer', feeMax: 300, page: 2 });
      index.search({ q: 'contact goniometer', viewer: { unitId: 'u3' }, sort: 'relevance' });
      expect(evaluate).toHaveBeenCalledTimes(1);
    } finally {
      evaluate.mockRestore();
    }
  });

  it('stays exact while documents come, go, hide and move, and when the weights are computed again', () => {
    const index = SearchIndex.from(docs);
    for (const q of TEXTS) index.search({ q });
    const changes = seededRandom(17);
    const added = { n: 0 };
    for (let round = 0; round < 5; round++) {
      changeBroadWordDocuments(index, docs, changes, 80, added, (id, n) => documentOf(id, n, { nameEn: NAMES[added.n % NAMES.length] }));
      if (round === 2) {
        // Long names move the average length: every weight is computed again, and no kept score may outlive that.
        const before = index['gen'].index.normalisation;
        for (let i = 0; i < 2000; i++)
          index.upsert(documentOf(`long-${i}`, changes, { nameEn: `centrifuge ${'with many more words than the others '.repeat(6)}`, description: undefined }));
        expect(index['gen'].index.normalisation).toBeGreaterThan(before);
      }
      if (round === 3) {
        // 'stage' becomes commoner than 'goniometer': the words are evaluated in another order, which a text kept in the
        // first order must not be extended or served in.
        for (let i = 0; i < 3000; i++) index.upsert(documentOf(`stage-${i}`, changes, { nameEn: 'wide angle stage', description: undefined }));
      }
      for (const q of TEXTS) expectSameAsEvaluating(index, q, 17, 2);
    }
  });

  it('counts without the documents removed since it was kept, nothing added', () => {
    const index = SearchIndex.from(docs);
    const query = { q: 'angle stage', region: ['anhui', 'shanghai'] };
    index.search({ q: 'angle stage' });
    index.search(query);
    const before = index.search(query).total;
    for (const d of docs.filter((d) => d.nameEn === 'wide angle stage' && d.region === 'anhui' && d.visibility === 'public').slice(0, 25)) index.remove(d.id);
    const after = index.search(query);
    expect(after.total).toBe(before - 25);
    expect(JSON.stringify(after)).toBe(evaluated(index, query));
    expectSameAsEvaluating(index, 'angle stage', 20, 2);
  });

  it('answers the same once its words are evaluated in another order, though the weights stand', () => {
    // Four words whose lists grow from alpha to delta, gamma one document short of delta: two more documents with
    // gamma alone swap the two, too few for the weights to be computed again. A document's score sums its words'
    // in the evaluation's order; a text is kept under that order, so one kept before the swap is kept again after.
    const random = seededRandom(5);
    const words = ['alpha', 'beta', 'gamma', 'delta'];
    const counts = [1500, 2500, 3499, 3500];
    const catalog = Array.from({ length: 3600 }, (_, i) => {
      const name = words.filter((_, w) => i < counts[w]).flatMap((w) => Array<string>(1 + Math.floor(random() * 3)).fill(w));
      const filler = (most: number) => Array.from({ length: Math.floor(random() * most) }, (_, k) => `filler${k}`);
      return makeDocument(`w-${String(i).padStart(4, '0')}`, {
        name: '光谱仪',
        nameEn: [...name, ...filler(40)].join(' '),
        description: filler(80).join(' '),
      });
    });
    const index = SearchIndex.from(catalog);
    const q = 'alpha beta gamma delta';
    index.search({ q });
    const statistics = index['gen'].index.statistics;
    const texts = () => [...index['gen'].evaluator['texts']['entries'].keys()];
    expect(texts()).toHaveLength(1);
    for (let i = 0; i < 2; i++) index.upsert(makeDocument(`x-${i}`, { name: '光谱仪', nameEn: 'gamma' }));
    expect(index['gen'].index.statistics).toBe(statistics);
    index.search({ q });
    // The text in its new order beside the old one (which ages out).
    expect(texts()).toHaveLength(2);
    expect(new Set(texts().map((key) => key.split('&').sort().join('&'))).size).toBe(1);
    for (let page = 1; page <= 30; page++) expect(JSON.stringify(index.search({ q, page, pageSize: 50 }))).toBe(evaluated(index, { q, page, pageSize: 50 }));
  });

  it('evaluates a text too broad to keep once a question, not twice', () => {
    // More than half the catalog (and more than a small catalog's floor) matches: not kept.
    const catalog = Array.from({ length: 20_000 }, (_, i) =>
      makeDocument(`b-${String(i).padStart(5, '0')}`, { name: '光谱仪', nameEn: i < 18_000 ? `alpha beta ${'x'.repeat(i % 7)}` : 'gamma' }),
    );
    const index = SearchIndex.from(catalog);
    const run = jest.spyOn(QueryEvaluator.prototype as unknown as { run: () => number }, 'run');
    try {
      for (const query of [
        { q: 'alpha beta' },
        { q: 'alpha beta', page: 2 },
        { q: 'alpha beta', region: ['jiaxing'] },
        { q: 'alpha beta', region: ['jiaxing'] },
      ]) {
        run.mockClear();
        const answer = JSON.stringify(index.search(query));
        expect(run).toHaveBeenCalledTimes(1);
        expect(answer).toBe(evaluated(index, query));
      }
      expect(index['gen'].evaluator['texts']['entries'].size).toBe(0);
    } finally {
      run.mockRestore();
    }
  });
});
