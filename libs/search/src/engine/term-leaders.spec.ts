import { SearchIndex } from './search-index';
import { BROAD_TERM, TermCells } from './term-cells';
import { LEADERS, TermLeaders } from './term-leaders';
import type { SearchDocument, SearchQuery } from './types';
import { BROAD_WORD_NAMES, BROAD_WORD_SHAPES, broadWordDocument, changeBroadWordDocuments } from '../testing/broad-word';
import { makeDocument, seededRandom } from '../testing/make-document';

/**
 * A one-term question on a broad word, filtered on cell values only, takes
 * its page from the word's first postings in page order (its leaders) once
 * the word has been asked before: it must give exactly what walking every
 * posting gives, for every viewer and cell filter, on shallow pages and on
 * pages too deep for the leaders, and stay so while changes add, retire,
 * hide and move documents carrying the word and the weights are computed
 * again.
 */
// One long name more: the word's weights tie by the hundred at several values, so the leaders end inside a run of ties.
const NAMES = [...BROAD_WORD_NAMES, 'a goniometer with a long and descriptive name'];
const documentOf = (id: string, next: () => number, overrides: Partial<SearchDocument> = {}) => broadWordDocument(id, next, overrides, NAMES);
const SHAPES = BROAD_WORD_SHAPES;

/** The answer with the leaders out of play (every posting walked), or with the counts too (every match keyed). */
function answerWithout(index: SearchIndex, query: SearchQuery, what: 'leaders' | 'counts'): string {
  const spy =
    what === 'leaders' ? jest.spyOn(TermLeaders.prototype, 'of').mockReturnValue(undefined) : jest.spyOn(TermCells.prototype, 'of').mockReturnValue(undefined);
  try {
    return JSON.stringify(index.search(query));
  } finally {
    spy.mockRestore();
  }
}

function expectSameAsWalkingEveryPosting(index: SearchIndex, shape: SearchQuery, pageSize: number, pages: number, first = 1): void {
  for (let page = first; page < first + pages; page++) {
    const query = { ...shape, page, pageSize };
    const led = JSON.stringify(index.search(query));
    expect(led).toBe(answerWithout(index, query, 'leaders'));
    expect(led).toBe(answerWithout(index, query, 'counts'));
  }
}

/** The broad word's posting list in the index's current generation. */
function postingsOf(index: SearchIndex, word: string): { weights: Float32Array; length: number } {
  const gen = index['gen'];
  return gen.index.postings[gen.index.terms.find(word)];
}

describe("a broad term's page from its leaders", () => {
  const next = seededRandom(23);
  // More than BROAD_TERM documents and more than LEADERS carry the word, loaded out of id order.
  const docs = Array.from({ length: BROAD_TERM + 1500 }, (_, i) => documentOf(`doc-${String((i * 7919) % 9973).padStart(5, '0')}-${i}`, next));

  it.each(SHAPES.map((shape) => [JSON.stringify(shape), shape] as const))('%s: every page as walking every posting gives', (_, shape) => {
    const index = SearchIndex.from(docs);
    expect(index.search({ q: 'goniometer' }).total).toBeGreaterThan(LEADERS);
    // Asked before: the leaders are taken at the term's second question.
    index.search(shape);
    expectSameAsWalkingEveryPosting(index, shape, 13, 6);
    // Deep pages, past what the leaders can show under most filters.
    expectSameAsWalkingEveryPosting(index, shape, 50, 2, 40);
    expectSameAsWalkingEveryPosting(index, shape, 100, 1, 20);
  });

  it('reads the weights of the postings added since the leaders were taken, not of every posting', () => {
    const index = SearchIndex.from(docs);
    index.search({ q: 'goniometer' });
    index.search({ q: 'goniometer' });
    const fresh = seededRandom(3);
    for (let i = 0; i < 20; i++) index.upsert(documentOf(`new-${i}`, fresh, { nameEn: 'goniometer' }));
    const list = postingsOf(index, 'goniometer');
    const original = list.weights;
    let reads = 0;
    list.weights = new Proxy(original, {
      get(target, key) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key) as unknown;
      },
    });
    try {
      const led = index.search({ q: 'goniometer', region: ['anhui'], pageSize: 20 });
      const ledReads = reads;
      reads = 0;
      const walked = answerWithout(index, { q: 'goniometer', region: ['anhui'], pageSize: 20 }, 'leaders');
      expect(JSON.stringify(led)).toBe(walked);
      expect(led.items).toHaveLength(20);
      // The 20 added since, and the exact-model matches' weights looked up; walking reads every live posting's.
      expect(ledReads).toBeLessThan(100);
      expect(reads).toBeGreaterThan(list.length / 2);
    } finally {
      list.weights = original;
    }
  });

  /**
   * Ids that grow, older ones removed: a retired leader keeps the rank it had at the last refresh before it retired,
   * too high once more ids before it are gone and the ranks are taken again. It must neither end the walk early nor
   * prove a page, where it ties the page's last.
   */
  it.each([
    ['ends the walk', 'm-0001', ['m-0000']],
    ['proves the page', 'm-2048', ['m-2047']],
  ])('a retired leader never %s by its stale rank', (_, inAnhui, retired) => {
    const filler = (id: string) => makeDocument(id, { nameEn: 'centrifuge' });
    const word = (id: string) =>
      makeDocument(id, { nameEn: 'goniometer', region: id === inAnhui ? 'anhui' : 'jiaxing', city: id === inAnhui ? '合肥市' : '嘉兴市' });
    const loaded = [
      ...Array.from({ length: 2000 }, (_, i) => filler(`a-${String(i).padStart(4, '0')}`)),
      ...Array.from({ length: 5000 }, (_, i) => word(`m-${String(i).padStart(4, '0')}`)),
    ];
    const index = SearchIndex.from(loaded);
    const query = { q: 'goniometer', region: ['anhui'], pageSize: 1 };
    index.search(query);
    index.search(query);
    // A later version of another word document, in anhui, sorting just after the one the page should show.
    index.upsert(makeDocument(`${inAnhui}x`, { nameEn: 'goniometer', region: 'anhui', city: '合肥市' }));
    for (const id of [...retired, ...Array.from({ length: 10 }, (_, i) => `a-${String(i).padStart(4, '0')}`)]) index.remove(id);
    // Enough new ordinals for the id ranks to be taken again.
    for (let i = 0; i < 1100; i++) index.upsert(filler(`y-${String(i).padStart(4, '0')}`));
    const led = index.search(query);
    expect(led.items.map((h) => h.id)).toEqual([inAnhui]);
    expect(JSON.stringify(led)).toBe(answerWithout(index, query, 'leaders'));
  });

  it('stays exact while documents carrying the word come, go, hide and move, and when the weights are computed again', () => {
    const index = SearchIndex.from(docs);
    for (const shape of SHAPES) index.search(shape);
    for (const shape of SHAPES) index.search(shape);
    const changes = seededRandom(9);
    const added = { n: 0 };
    for (let round = 0; round < 7; round++) {
      changeBroadWordDocuments(index, docs, changes, 60, added, documentOf);
      if (round === 4) {
        // Long names on many documents without the word move the average length: every posting's weight is computed
        // again, while the word's postings added since stay too few to take its leaders again for that.
        const before = index['gen'].index.normalisation;
        for (let i = 0; i < 1500; i++)
          index.upsert(documentOf(`long-${i}`, changes, { nameEn: `centrifuge ${'with many more words than the others '.repeat(6)}`, description: undefined }));
        expect(index['gen'].index.normalisation).toBeGreaterThan(before);
      }
      for (const shape of SHAPES) expectSameAsWalkingEveryPosting(index, shape, 17, 3);
    }
  });
});
