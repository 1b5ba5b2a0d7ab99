import { DocumentFilter } from './document-filter';
import { SearchIndex } from './search-index';
import type { FacetBucket, SearchDocument, SearchQuery } from './types';
import { makeDocument } from '../testing/make-document';

/**
 * Listings (no text, newest first or cheapest first) are answered from
 * per-cell counts and a walk in the listing's order; they must be exactly
 * what reading every document gives, for every viewer, filter and page, also
 * after updates and removals have left retired documents in that order and
 * new ones outside it.
 */
const REGIONS = ['jiaxing', 'anhui', 'shanghai'];
const CITIES = ['嘉兴市', '合肥市', '上海市', '芜湖市'];
const CATEGORIES = ['0101', '0102', '0201', '0305'];
const MODES = ['operator_assisted', 'sample_submission', 'self_service'];
const UNITS = ['u1', 'u2', 'u3'];

function random(seed: number) {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

function documentOf(id: string, next: () => number): SearchDocument {
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  // Few distinct days: many ties, broken by id.
  const day = 1 + Math.floor(next() * 20);
  return makeDocument(id, {
    region: pick(REGIONS),
    city: pick(CITIES),
    categoryCode: pick(CATEGORIES),
    serviceModes: next() < 0.3 ? [pick(MODES), pick(MODES)] : [pick(MODES)],
    customsGated: next() < 0.2,
    unitId: pick(UNITS),
    feeExternalCny: next() < 0.5 ? Math.floor(next() * 1000) : undefined,
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
      (q.customsGated === undefined || d.customsGated === q.customsGated),
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
];
const VIEWERS = [undefined, { unitId: 'u2' }, { seesAll: true }];

function expectAsRead(index: SearchIndex, docs: Map<string, SearchDocument>, sort: 'freshness' | 'fee') {
  for (const viewer of VIEWERS) {
    for (const q of QUERIES) {
      const query: SearchQuery = { ...q, viewer, ...(sort === 'fee' ? { sort } : {}) };
      const result = index.search(query);
      const want = expected(docs.values(), query);
      expect({ ids: result.items.map((h) => h.id), total: result.total, more: result.nextCursor !== null, facets: result.facets }).toEqual(want);
    }
  }
}

describe.each(['freshness', 'fee'] as const)('listings by %s', (sort) => {
  const next = random(17);
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
