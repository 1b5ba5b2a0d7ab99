import { DocumentFilter } from './document-filter';
import { SearchIndex } from './search-index';
import { BROAD_TERM, TermCells } from './term-cells';
import type { SearchDocument, SearchQuery } from './types';
import { makeDocument, pickWith, randomCell, seededRandom } from '../testing/make-document';

/**
 * A one-term question on a broad word, filtered on cell values only, is
 * counted from the word's kept per-cell counts and its page taken by score
 * first: it must give exactly what keying every match gives (pages after a
 * cursor still do), for every viewer and cell filter, across pages, and stay
 * so while changes add, retire, hide and move documents carrying the word,
 * into cells that did not exist when the counts were taken.
 */
// Few distinct texts: the word's scores tie by the hundred, and ties are broken by id across pages.
const NAMES = ['goniometer', 'contact angle goniometer', 'goniometer stage for a goniometer', 'optical goniometer 2'];

function documentOf(id: string, next: () => number, overrides: Partial<SearchDocument> = {}): SearchDocument {
  const pick = pickWith(next);
  const named = next() < 0.9;
  return makeDocument(id, {
    nameEn: named ? pick(NAMES) : 'centrifuge',
    // The word as a model designation too: a question of it finds those first, whatever their score.
    model: next() < 0.01 ? 'goniometer' : undefined,
    description: named ? undefined : 'used beside a goniometer',
    ...randomCell(next),
    visibility: next() < 0.15 ? 'unit' : 'public',
    ...overrides,
  });
}

const SHAPES: SearchQuery[] = [
  { q: 'goniometer' },
  { q: 'goniometer', region: ['anhui', 'shanghai'] },
  { q: 'goniometer', city: '合肥市', viewer: { unitId: 'u2' } },
  { q: 'goniometer', category: '01', serviceMode: 'sample_submission' },
  { q: 'goniometer', customsGated: true, viewer: { seesAll: true } },
  { q: 'goniometer', viewer: { unitId: 'u1' } },
  { q: 'goniometer', viewer: { unitId: 'no-such-unit' }, region: ['jiaxing'] },
  { q: 'goniometer', city: '蚌埠市', viewer: { unitId: 'u3' } },
];

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
    let added = 0;
    for (let round = 0; round < 6; round++) {
      for (let k = 0; k < 40; k++) {
        const roll = changes();
        const victim = docs[Math.floor(changes() * docs.length)];
        if (roll < 0.25) index.remove(victim.id);
        else if (roll < 0.45) index.upsert({ ...victim, visibility: victim.visibility === 'public' ? 'unit' : 'public' });
        else if (roll < 0.6) index.upsert({ ...victim, nameEn: 'centrifuge', description: undefined, model: roll < 0.5 ? 'goniometer' : undefined });
        // A city, and so cells, no document had when the counts were taken.
        else if (roll < 0.75) index.upsert({ ...victim, city: '蚌埠市', region: 'anhui' });
        // New ids, sorting before, among and after the loaded ones: outside the load's id order.
        else index.upsert(documentOf(`${['a', 'doc-05', 'z'][added % 3]}-new-${added++}`, changes));
      }
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
