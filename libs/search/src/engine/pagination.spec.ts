import { DocumentFilter } from './document-filter';
import { SearchQueryError } from './errors';
import { SearchIndex } from './search-index';
import { makeDocument } from '../testing/make-document';
import type { SearchQuery, SearchResult, SearchSort } from './types';

// 60 documents in a few identical groups: most sort keys tie, so only the id tie-break keeps pages apart.
const docs = Array.from({ length: 60 }, (_, i) =>
  makeDocument(`doc-${String((i * 37) % 60).padStart(2, '0')}`, {
    name: i % 3 === 0 ? '扫描电子显微镜' : '场发射扫描电子显微镜',
    feeExternalCny: i % 4 === 0 ? undefined : 100 * (i % 2),
    location: i % 5 === 0 ? undefined : { lat: 30 + (i % 2), lon: 120 },
    updatedAt: `2026-0${1 + (i % 3)}-01T00:00:00Z`,
  }),
);
const index = SearchIndex.from(docs);

function walkPages(query: SearchQuery): string[] {
  const seen: string[] = [];
  for (let page = 1; ; page++) {
    const result = index.search({ ...query, page, pageSize: 7 });
    seen.push(...result.items.map((h) => h.id));
    if (result.items.length < 7) return seen;
  }
}

function walkCursor(query: SearchQuery): string[] {
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const result = index.search({ ...query, cursor, pageSize: 7 });
    seen.push(...result.items.map((h) => h.id));
    cursor = result.nextCursor ?? undefined;
  } while (cursor);
  return seen;
}

describe('pagination', () => {
  const queries: [string, SearchQuery][] = [
    ['relevance', { q: 'SEM' }],
    ['freshness', {}],
    ['fee', { sort: 'fee' as SearchSort }],
    ['distance', { sort: 'distance' as SearchSort, near: { lat: 30.2, lon: 120 } }],
    ['distance with text', { q: 'SEM', sort: 'distance' as SearchSort, near: { lat: 30.2, lon: 120 } }],
    ['relevance without text', { sort: 'relevance' as SearchSort }],
  ];

  it.each(queries)('walks every page of a %s sort by page number and by cursor: same order, nothing repeated or skipped', (_name, query) => {
    const total = index.search({ ...query, pageSize: 1 }).total;
    const byPage = walkPages(query);
    const byCursor = walkCursor(query);
    expect(total).toBe(60);
    expect(new Set(byPage).size).toBe(total);
    expect(byCursor).toEqual(byPage);
    expect(index.search({ ...query, pageSize: 100 }).items.map((h) => h.id)).toEqual(byPage);
  });

  it('takes a nearest-first page of text in one pass (no second chord per match), counted as the page after a cursor counts it', () => {
    // Half the located documents within the radius, the rest farther or without a location; pages by number take the one pass, pages after a cursor key every match.
    const query: SearchQuery = { q: 'SEM', sort: 'distance', near: { lat: 30.2, lon: 120 }, radiusKm: 50, pageSize: 5 };
    const keyed = jest.spyOn(DocumentFilter.prototype, 'chords2');
    let pages: SearchResult[];
    try {
      pages = [1, 2, 3].map((page) => index.search({ ...query, page }));
      expect(keyed).not.toHaveBeenCalled();
    } finally {
      keyed.mockRestore();
    }
    const afterCursor = index.search({ ...query, cursor: pages[0].nextCursor! });
    expect(pages[0].total).toBe(24);
    expect(pages[1].items).toEqual(afterCursor.items);
    for (const page of pages) {
      expect(page.total).toBe(afterCursor.total);
      expect(page.facets).toEqual(afterCursor.facets);
    }
  });

  it('breaks ties by id', () => {
    const page = index.search({ q: '扫描电子显微镜', pageSize: 100 }).items;
    for (let i = 1; i < page.length; i++) {
      if (page[i].score === page[i - 1].score) expect(page[i].id > page[i - 1].id).toBe(true);
    }
  });

  it('gives no cursor after the last page', () => {
    expect(index.search({ pageSize: 60 }).nextCursor).toBeNull();
    expect(index.search({ pageSize: 59 }).nextCursor).not.toBeNull();
  });

  it('refuses a cursor of another search, a forged cursor, and out-of-range pages', () => {
    const cursor = index.search({ q: 'SEM', pageSize: 5 }).nextCursor!;
    expect(() => index.search({ q: 'TEM', cursor })).toThrow(SearchQueryError);
    expect(() => index.search({ q: 'SEM', sort: 'fee', cursor })).toThrow(SearchQueryError);
    for (const forged of ['', 'not a cursor', 'eyJ4Ijox', Buffer.from('[1,"fee",1e999,"x","y"]').toString('base64url'), 'A'.repeat(5000)]) {
      expect(() => index.search({ q: 'SEM', cursor: forged })).toThrow(SearchQueryError);
    }
    for (const bad of [{ page: 0 }, { page: 1.5 }, { pageSize: 0 }, { pageSize: 101 }, { page: 501, pageSize: 20 }]) {
      expect(() => index.search(bad)).toThrow(SearchQueryError);
    }
  });

  it('keeps id order among tied hits in a catalog large enough to rank its ids, before and after it changes', () => {
    // Thousands of identical documents added in scrambled id order, then replaced, removed and added to:
    // hits that were ranked at the last refresh and hits added since must interleave by id.
    const name = (n: number) => `iso-${String((n * 7919) % 5000).padStart(4, '0')}`;
    const large = SearchIndex.from(Array.from({ length: 3000 }, (_, i) => makeDocument(name(i), { name: '扫描电子显微镜' })));
    const expectIdOrder = (expected: number) => {
      const all = Array.from({ length: Math.ceil(expected / 100) }, (_, p) =>
        large.search({ q: 'SEM', page: p + 1, pageSize: 100 }).items.map((h) => h.id),
      ).flat();
      expect(all).toEqual([...all].sort());
      expect(all).toHaveLength(expected);
      let cursor: string | undefined = large.search({ q: 'SEM', page: 5, pageSize: 100 }).nextCursor!;
      const walked = all.slice(0, 500);
      while (cursor) {
        const page = large.search({ q: 'SEM', cursor, pageSize: 100 });
        walked.push(...page.items.map((h) => h.id));
        cursor = page.nextCursor ?? undefined;
      }
      expect(walked).toEqual(all);
    };
    expectIdOrder(3000);
    for (let i = 3000; i < 3500; i++) large.upsert(makeDocument(name(i), { name: '扫描电子显微镜' }));
    for (let i = 0; i < 300; i++) large.upsert(makeDocument(name(i * 3), { name: '扫描电子显微镜', model: 'X' }));
    for (let i = 1; i < 200; i += 2) large.remove(name(i));
    expectIdOrder(3400);
    for (let i = 3500; i < 5000; i++) large.upsert(makeDocument(name(i), { name: '扫描电子显微镜' }));
    expectIdOrder(4900);
  });
});
