import { DocumentFilter } from './document-filter';
import { SearchIndex } from './search-index';
import { ids, makeDocument } from '../testing/make-document';
import type { SearchDocument } from './types';

// A query of several clauses narrows the first (cheapest) clause's documents by the later ones.
// When few documents are left in the running, a later clause's long list is searched for them
// instead of read whole, and a filter the caller applies anyway is applied to the first clause's
// documents before narrowing. Neither may change an answer: the same documents, scores, order,
// totals and facets as the query's definition gives, with retired and removed documents in the lists.
describe('narrowing a query of several clauses', () => {
  // A synonym family (Raman ↔ 拉曼 ↔ Raman spectrometer …): a clause of several alternatives, some of them conjunctions.
  const COMMON = 'Raman';
  const RARE = 'zorblax';
  const regionOf = (i: number) => (i % 2 === 0 ? 'shanghai' : 'jiaxing');
  const docs: SearchDocument[] = Array.from({ length: 400 }, (_, i) =>
    makeDocument(`doc-${String(i).padStart(3, '0')}`, {
      // Every document is of the family, in one language or both (different weights); one in 7 says the rare word too.
      name: i % 3 === 0 ? '拉曼光谱仪' : '仪器',
      nameEn: [i % 4 === 0 ? 'Raman spectrometer' : COMMON, i % 7 === 0 ? RARE : ''].filter(Boolean).join(' '),
      region: regionOf(i),
      categoryCode: i % 5 === 0 ? '0201' : '0101',
    }),
  );

  /** The index after updates that retire ordinals on both lists, and removals. */
  function changedIndex() {
    const index = SearchIndex.from(docs);
    const current = new Map(docs.map((d) => [d.id, d]));
    // Found once before the changes: the evaluator's scratch is sized, then outgrown.
    index.search({ q: `${RARE} ${COMMON}` });
    for (const i of [0, 21, 49, 98]) {
      const moved = { ...current.get(docs[i].id)!, region: i === 98 ? 'jiaxing' : 'shanghai', nameEn: `Raman spectrometer ${RARE}` };
      index.upsert(moved);
      current.set(moved.id, moved);
    }
    for (const i of [35, 140]) {
      index.remove(docs[i].id);
      current.delete(docs[i].id);
    }
    return { index, current: [...current.values()] };
  }

  it('finds exactly the documents with both words that pass the filter, scored as without the filter', () => {
    const { index, current } = changedIndex();
    const both = current.filter((d) => d.nameEn!.includes(RARE));
    const unfiltered = index.search({ q: `${RARE} ${COMMON}`, pageSize: 100 });
    expect(unfiltered.total).toBe(both.length);
    const scoreOf = new Map(unfiltered.items.map((h) => [h.id, h.score]));

    for (const filter of [{ region: ['shanghai'] }, { category: '02' }, { region: ['jiaxing'], category: '01' }]) {
      const expected = both.filter(
        (d) => (!filter.region || filter.region.includes(d.region)) && (!filter.category || d.categoryCode.startsWith(filter.category)),
      );
      const result = index.search({ q: `${RARE} ${COMMON}`, ...filter, pageSize: 100 });
      expect(result.total).toBe(expected.length);
      expect(new Set(ids(result))).toEqual(new Set(expected.map((d) => d.id)));
      for (const hit of result.items) expect(hit.score).toBe(scoreOf.get(hit.id));
      // Best first, ties by id.
      const order = [...result.items].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
      expect(ids(result)).toEqual(order.map((h) => h.id));
      const regions = Object.fromEntries(result.facets.region.map((b) => [b.value, b.count]));
      for (const region of ['shanghai', 'jiaxing']) expect(regions[region] ?? 0).toBe(expected.filter((d) => d.region === region).length);
    }
  });

  it('gives the same pages sorted by freshness and by distance, and pages after the first', () => {
    const { index, current } = changedIndex();
    const expected = current.filter((d) => d.nameEn!.includes(RARE) && d.region === 'shanghai').map((d) => d.id);
    const query = { q: `${RARE} ${COMMON}`, region: ['shanghai'], pageSize: 5 };
    const pages = Array.from({ length: Math.ceil(expected.length / 5) + 1 }, (_, i) => i + 1);
    const paged = pages.flatMap((page) => ids(index.search({ ...query, page })));
    expect(new Set(paged)).toEqual(new Set(expected));
    expect(paged).toHaveLength(expected.length);
    expect(new Set(ids(index.search({ ...query, sort: 'freshness', pageSize: 100 })))).toEqual(new Set(expected));
    const near = index.search({ ...query, near: { lat: 31.23, lon: 121.47 }, sort: 'distance', pageSize: 100 });
    expect(near.total).toBe(expected.length);
  });

  it.each(['relevance', 'freshness', 'fee'] as const)('sorted by %s, asks the filter once a document: the matches it admitted are not judged again', (sort) => {
    const { index, current } = changedIndex();
    const expected = current.filter((d) => d.nameEn!.includes(RARE) && d.region === 'shanghai');
    const matches = jest.spyOn(DocumentFilter.prototype, 'matches');
    try {
      const result = index.search({ q: `${RARE} ${COMMON}`, region: ['shanghai'], sort, pageSize: 100 });
      expect(result.total).toBe(expected.length);
      expect(Object.fromEntries(result.facets.region.map((b) => [b.value, b.count]))).toEqual({ shanghai: expected.length });
      const asked = matches.mock.calls.map(([d]) => d);
      expect(asked.length).toBeGreaterThan(0);
      expect(new Set(asked).size).toBe(asked.length);
    } finally {
      matches.mockRestore();
    }
  });

  it.each(['relevance', 'freshness', 'fee'] as const)('sorted by %s, counts and shows a unit-only match only to its own unit', (sort) => {
    const hide = (i: number) => i % 28 === 0;
    const index = SearchIndex.from(docs.map((d, i) => (hide(i) ? { ...d, visibility: 'unit' as const, unitId: 'sh-u009' } : d)));
    // With a region filter the evaluator filters as it narrows; without one (the viewer policy only) the ranking does.
    for (const region of [['shanghai'], undefined]) {
      const rare = docs.map((d, i) => ({ d, hidden: hide(i) })).filter(({ d }) => d.nameEn!.includes(RARE) && (!region || region.includes(d.region)));
      expect(rare.some((r) => r.hidden)).toBe(true);
      for (const [viewer, expected] of [
        [{ unitId: 'sh-u001' }, rare.filter((r) => !r.hidden)],
        [{ unitId: 'sh-u009' }, rare],
      ] as const) {
        const result = index.search({ q: `${RARE} ${COMMON}`, region, sort, pageSize: 100, viewer });
        expect(result.total).toBe(expected.length);
        expect(new Set(ids(result))).toEqual(new Set(expected.map((r) => r.d.id)));
        const byRegion = Object.fromEntries(result.facets.region.map((b) => [b.value, b.count]));
        for (const name of ['shanghai', 'jiaxing']) expect(byRegion[name] ?? 0).toBe(expected.filter((r) => r.d.region === name).length);
      }
    }
  });
});
