import { DocumentFilter } from './document-filter';
import { SearchIndex } from './search-index';
import { BROAD_TERM, TermCells } from './term-cells';
import type { SearchQuery } from './types';
import { BROAD_WORD_SHAPES, broadWordDocument, changeBroadWordDocuments } from '../testing/broad-word';
import { seededRandom } from '../testing/make-document';

/**
 * A one-term question on a broad word, filtered on cell values only, is
 * counted from the word's kept per-cell counts and its page taken by score
 * first: it must give exactly what keying every match gives (pages after a
 * cursor still do), for every viewer and cell filter, across pages, and stay
 * so while changes add, retire, hide and move documents carrying the word,
 * into cells that did not exist when the counts were taken.
 */
const documentOf = broadWordDocument;
const SHAPES = BROAD_WORD_SHAPES;

/**
 * Pages by number against the same pages from the one pass over every match
 * (the index without kept counts) and, after the first, against pages after
 * a cursor (every match keyed).
 */
function expectSameAsKeyingEveryMatch(index: SearchIndex, shape: SearchQuery, pageSize: number, pages: number, first = 1): void {
  let cursor: string | undefined;
  for (let page = first; page < first + pages; page++) {
    const byNumber = index.search({ ...shape, page, pageSize });
    const counted = jest.spyOn(TermCells.prototype, 'of').mockReturnValue(undefined);
    const onePass = index.search({ ...shape, page, pageSize });
    counted.mockRestore();
    expect(JSON.stringify(byNumber)).toBe(JSON.stringify(onePass));
    if (cursor !== undefined) {
      const byCursor = index.search({ ...shape, cursor, pageSize });
      expect(byNumber.items.map((h) => [h.id, h.score])).toEqual(byCursor.items.map((h) => [h.id, h.score]));
      expect([byNumber.total, byNumber.facets]).toEqual([byCursor.total, byCursor.facets]);
    }
    if (byNumber.nextCursor === null) break;
    cursor = byNumber.nextCursor;
  }
}

describe('a broad term counted from its kept per-cell counts', () => {
  const next = seededRandom(17);
  // More than BROAD_TERM documents carry the word, loaded out of id order.
  const docs = Array.from({ length: BROAD_TERM + 1500 }, (_, i) => documentOf(`doc-${String((i * 7919) % 9973).padStart(5, '0')}-${i}`, next));

  it.each(SHAPES.map((shape) => [JSON.stringify(shape), shape] as const))('%s: every page as keying every match gives', (_, shape) => {
    const index = SearchIndex.from(docs);
    expect(index.search({ q: 'goniometer' }).total).toBeGreaterThan(BROAD_TERM);
    expectSameAsKeyingEveryMatch(index, shape, 13, 6);
    // A deep page, past where the first pages' scores end.
    expectSameAsKeyingEveryMatch(index, shape, 50, 2, 40);
  });

  it('stays exact while documents carrying the word come, go, hide and move to new cells', () => {
    const index = SearchIndex.from(docs);
    // The counts are taken now; every change below must keep them exact.
    for (const shape of SHAPES) index.search(shape);
    const changes = seededRandom(5);
    const added = { n: 0 };
    for (let round = 0; round < 6; round++) {
      changeBroadWordDocuments(index, docs, changes, 40, added);
      for (const shape of SHAPES) expectSameAsKeyingEveryMatch(index, shape, 17, 3);
    }
  });

  it('reads only the matches that could enter the page', () => {
    const index = SearchIndex.from(docs);
    index.search({ q: 'goniometer', region: ['anhui'] });
    const matches = jest.spyOn(DocumentFilter.prototype, 'matches');
    try {
      const answer = index.search({ q: 'goniometer', region: ['jiaxing', 'shanghai'], pageSize: 10 });
      expect(answer.items).toHaveLength(10);
      // Keying every match reads each one's state: here a handful beyond the page do.
      expect(matches.mock.calls.length).toBeLessThan(answer.total / 10);
    } finally {
      matches.mockRestore();
    }
  });
});
