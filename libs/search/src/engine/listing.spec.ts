import { DocumentFilter } from './document-filter';
import { ListingOrder } from './listing-order';
import { SearchIndex } from './search-index';
import type { FacetBucket, SearchDocument, SearchQuery } from './types';
import { makeDocument, pickWith, randomCell, seededRandom } from '../testing/make-document';

/**
 * Listings (no text, newest first or cheapest first) are answered from
 * per-cell counts and a walk in the listing's order, and so are the pages of
 * other filters and of a text sorted that way, once their matches are
 * counted (unless the walk would be long: few matches, or matches all at the
 * far end of the order); they must be exactly what reading every document
 * gives, for every viewer, filter and page, also after updates and removals
 * have left retired documents in that order and new ones outside it.
 */
const REGIONS = ['jiaxing', 'anhui', 'shanghai'];
const CITIES = ['嘉兴市', '合肥市', '上海市', '芜湖市'];

function documentOf(id: string, next: () => number): SearchDocument {
  const pick = pickWith(next);
  // A rare kind of instrument, all of them dear and old: the far end of both orders, where a walk gives up.
  if (next() < 0.06) {
    return makeDocument(id, {
      nameEn: 'centrifuge',
      region: pick(REGIONS),
      city: pick(CITIES),
      unitId: 'u9',
      feeExternalCny: 900 + Math.floor(next() * 100),
      updatedAt: `2026-02-0${1 + Math.floor(next() * 3)}T00:00:00.000Z`,
      visibility: next() < 0.15 ? 'unit' : 'public',
    });
  }
  // Few distinct days: many ties, broken by id.
  const day = 1 + Math.floor(next() * 20);
  return makeDocument(id, {
    nameEn: next() < 0.5 ? 'spectrometer' : 'microscope',
    ...randomCell(next),
    feeExternalCny: next() < 0.5 ? Math.floor(next() * 800) : undefined,
    updatedAt: `2026-03-${String(day).padStart(2, '0')}T00:00:00.000Z`,
    visibility: next() < 0.15 ? 'unit' : 'public',
  });
}

function buckets(values: string[]): FacetBucket[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/** The answer by reading every document. */
function expected(docs: Iterable<SearchDocument>, q: SearchQuery) {
  const viewer = q.viewer ?? {};
  const matches = [...docs].filter(
    (d) =>
      (d.visibility === 'public' || viewer.seesAll === true || d.unitId === viewer.unitId) &&
      (!q.region || q.region.includes(d.region)) &&
      (!q.city || d.city === q.city) &&
      (!q.category || d.categoryCode.startsWith(q.category)) &&
      (!q.serviceMode || d.serviceModes.includes(q.serviceMode)) &&
      (q.customsGated === undefined || d.customsGated === q.customsGated) &&
      (!q.unitId || d.unitId === q.unitId) &&
      (q.feeMax === undefined || (d.feeExternalCny !== undefined && d.feeExternalCny <= q.feeMax)) &&
      (!q.q || d.nameEn === q.q),
  );
  const byId = (a: SearchDocument, b: SearchDocument) => (a.id < b.id ? -1 : 1);
  if (q.sort === 'fee') {
    // Cheapest first, no fee last.
    const fee = (d: SearchDocument) => d.feeExternalCny ?? Number.POSITIVE_INFINITY;
    matches.sort((a, b) => fee(a) - fee(b) || byId(a, b));
  } else matches.sort((a, b) => (a.updatedAt > b.updatedAt ? -1 : a.updatedAt < b.updatedAt ? 1 : byId(a, b)));
  const size = q.pageSize ?? 20;
  const page = q.page ?? 1;
  return {
    ids: matches.slice((page - 1) * size, page * size).map((d) => d.id),
    total: matches.length,
    more: matches.length > page * size,
    facets: {
      region: buckets(matches.map((d) => d.region)),
      categoryClass: buckets(matches.map((d) => d.categoryCode.slice(0, 2))),
      category: buckets(matches.map((d) => d.categoryCode)),
      city: buckets(matches.map((d) => d.city)),
      serviceMode: buckets(matches.flatMap((d) => [...new Set(d.serviceModes)])),
      customsGated: buckets(matches.map((d) => String(d.customsGated))),
    },
  };
}

const QUERIES: SearchQuery[] = [
  {},
  { region: ['anhui'] },
  { region: ['jiaxing', 'shanghai'], category: '01', pageSize: 7, page: 3 },
  { city: '芜湖市', serviceMode: 'self_service' },
  { customsGated: true, pageSize: 50 },
  { category: '0305', customsGated: false, page: 2, pageSize: 9 },
  { region: ['nowhere'] },
  { feeMax: 400 },
  { feeMax: 950, region: ['anhui'], page: 4, pageSize: 10 },
  { unitId: 'u3', pageSize: 30 },
  { feeMax: 1000, customsGated: false, page: 2 },
  // Caps few documents meet (newest first: read from the cheapest-first order's stretch under the cap), at a fee
  // some documents have exactly, at zero, past the last match.
  { feeMax: 3 },
  { feeMax: 0, pageSize: 5 },
  { feeMax: 6, region: ['anhui'], pageSize: 50 },
  { feeMax: 10, page: 3, pageSize: 4 },
  { feeMax: 500, serviceMode: 'self_service', page: 2, pageSize: 13 },
  { feeMax: 999, customsGated: true, city: '合肥市' },
  { feeMax: 40, category: '03', page: 9, pageSize: 50 },
  { q: 'microscope' },
  { q: 'spectrometer', region: ['shanghai'], page: 3, pageSize: 9 },
  { q: 'microscope', feeMax: 300, unitId: 'u1' },
  { q: 'centrifuge' },
  { q: 'centrifuge', page: 2, pageSize: 5 },
  { q: 'spectrometer', page: 40, pageSize: 50 },
];
const VIEWERS = [undefined, { unitId: 'u2' }, { seesAll: true }];

function expectAsRead(index: SearchIndex, docs: Map<string, SearchDocument>, sort: 'freshness' | 'fee') {
  for (const viewer of VIEWERS) {
    for (const q of QUERIES) {
      // A text sorts by relevance unless told otherwise.
      const query: SearchQuery = { ...q, viewer, ...(sort === 'fee' || q.q ? { sort } : {}) };
      const result = index.search(query);
      const want = expected(docs.values(), query);
      expect({ ids: result.items.map((h) => h.id), total: result.total, more: result.nextCursor !== null, facets: result.facets }).toEqual(want);
    }
  }
}

describe.each(['freshness', 'fee'] as const)('listings by %s', (sort) => {
  const next = seededRandom(17);
  const docs = new Map<string, SearchDocument>();
  for (let i = 0; i < 3000; i++) docs.set(`d-${i}`, documentOf(`d-${i}`, next));
  const index = SearchIndex.from(docs.values());

  it('are what reading every document gives', () => expectAsRead(index, docs, sort));

  it('read only the documents their walk reaches, not every one', () => {
    const matches = jest.spyOn(DocumentFilter.prototype, 'matches');
    try {
      const result = index.search({ region: ['anhui'], pageSize: 20, ...(sort === 'fee' ? { sort } : {}) });
      expect(result.items).toHaveLength(20);
      expect(result.total).toBeGreaterThan(500);
      // A third of the documents are Anhui's: about 60 walked for a page of 20, not 3,000.
      expect(matches.mock.calls.length).toBeLessThan(300);
    } finally {
      matches.mockRestore();
    }
  });

  it('with a fee cap, count each cell by its fees in order and read only what the walk, or the stretch under the cap, reaches', () => {
    const matches = jest.spyOn(DocumentFilter.prototype, 'matches');
    try {
      for (const feeMax of [2, 400]) {
        matches.mockClear();
        const query: SearchQuery = { feeMax, pageSize: 20, ...(sort === 'fee' ? { sort } : {}) };
        const result = index.search(query);
        const want = expected(docs.values(), query);
        expect({ ids: result.items.map((h) => h.id), total: result.total, facets: result.facets }).toEqual({
          ids: want.ids,
          total: want.total,
          facets: want.facets,
        });
        expect(want.total).toBeGreaterThan(feeMax === 2 ? 0 : 500);
        // Not 3,000: a few hundred positions of a walk at most, or the handful of documents under a cap of 2.
        expect(matches.mock.calls.length).toBeLessThan(feeMax === 2 ? 60 : 300);
      }
    } finally {
      matches.mockRestore();
    }
  });

  it('page a text newest first by a walk of the order (cheapest first: keyed, a kind of instrument lying together in fees), and key every match when the walk would be long', () => {
    const refresh = jest.spyOn(ListingOrder.prototype, 'refresh');
    try {
      const broad = index.search({ q: 'microscope', sort, pageSize: 20 });
      expect(broad.total).toBeGreaterThan(1000);
      expect(refresh).toHaveBeenCalledTimes(sort === 'freshness' ? 1 : 0);
      // Fewer matches than the order holds pages' worth of them: keyed, no walk.
      refresh.mockClear();
      const rare = index.search({ q: 'centrifuge', sort, pageSize: 20 });
      expect(rare.total).toBeGreaterThan(20);
      expect(refresh).not.toHaveBeenCalled();
      expect(rare.items.map((h) => h.id)).toEqual(expected(docs.values(), { q: 'centrifuge', sort, pageSize: 20 }).ids);
    } finally {
      refresh.mockRestore();
    }
  });

  it('key every match when their walk gives up at the far end of the order, without text too', () => {
    // The rare kind is unit u9's, dear and old: the walk tries (enough matches for a short page) and finds none of
    // them in the first half of the order, where it stops looking.
    const refresh = jest.spyOn(ListingOrder.prototype, 'refresh');
    try {
      const texts = sort === 'freshness' ? [{ q: 'centrifuge' }, { q: 'centrifuge', region: ['anhui', 'shanghai', 'jiaxing'] }] : [];
      for (const q of [{ unitId: 'u9' }, { unitId: 'u9', page: 2 }, ...texts]) {
        refresh.mockClear();
        const query: SearchQuery = { ...q, sort, pageSize: 3 };
        const result = index.search(query);
        expect(refresh).toHaveBeenCalledTimes(1);
        const want = expected(docs.values(), query);
        expect(want.total).toBeGreaterThan(80);
        expect({ ids: result.items.map((h) => h.id), total: result.total, facets: result.facets }).toEqual({
          ids: want.ids,
          total: want.total,
          facets: want.facets,
        });
      }
    } finally {
      refresh.mockRestore();
    }
  });

  it('stay so after updates, removals and new documents', () => {
    for (let i = 0; i < 400; i++) {
      const id = `d-${Math.floor(next() * 3000)}`;
      if (next() < 0.25) {
        docs.delete(id);
        index.remove(id);
      } else {
        const doc = documentOf(next() < 0.5 ? id : `n-${i}`, next);
        docs.set(doc.id, doc);
        index.upsert(doc);
      }
    }
    expectAsRead(index, docs, sort);
  });

  it('stay so once the updates are many enough to be ordered in', () => {
    for (let i = 0; i < 1500; i++) {
      const doc = documentOf(`d-${i}`, next);
      docs.set(doc.id, doc);
      index.upsert(doc);
    }
    expectAsRead(index, docs, sort);
  });
});
