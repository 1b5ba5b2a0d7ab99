import { SearchIndex } from './search-index';
import type { SearchDocument, SearchQuery } from './types';
import { makeDocument } from '../testing/make-document';

/**
 * A synonym family's kept matches rank a one-clause relevance query without
 * reading every match: totals and facets from their per-cell counts, the page
 * from a walk in score order. Every answer must be the one an index that
 * never kept the family gives: ties (many documents score alike) broken by
 * id across page boundaries, exact model designations first, each viewer's
 * own hidden documents counted, filters on regions, categories, cities,
 * service modes and customs (counted per cell), fees, distance and units
 * (counted match by match).
 */
const NAMES = ['质谱仪', '液相色谱-质谱联用仪', '电感耦合等离子体质谱仪', '气质联用仪', 'mass spectrometer', '同位素比质谱仪', '扫描电子显微镜', '离心机'];
const REGIONS = ['jiaxing', 'anhui', 'shanghai'];
const CITIES: Record<string, string[]> = { jiaxing: ['嘉兴市', '海宁市'], anhui: ['合肥市'], shanghai: ['上海市'] };

function catalog(count: number): SearchDocument[] {
  return Array.from({ length: count }, (_, i) => {
    const region = REGIONS[i % 3];
    return makeDocument(`doc-${String((i * 7919) % count).padStart(5, '0')}`, {
      name: `${NAMES[i % NAMES.length]} ${i % 5}`,
      // A handful carry the designation `MS` (found first by the query `MS`); a few more mention it elsewhere.
      model: i % 97 === 0 ? 'MS' : i % 89 === 0 ? `QMS-${i % 3}` : undefined,
      description: i % 101 === 0 ? 'MS 质谱分析' : i % 5 === 0 ? '质谱分析' : undefined,
      region,
      city: CITIES[region][i % CITIES[region].length],
      categoryCode: i % 4 === 0 ? '0301' : '0199',
      unitId: `u-${i % 4}`,
      serviceModes: i % 2 === 0 ? ['operator_assisted'] : ['operator_assisted', 'sample_submission'],
      customsGated: i % 6 === 0,
      visibility: i % 9 === 0 ? 'unit' : 'public',
      feeExternalCny: i % 3 === 1 ? undefined : 100 + (i % 7) * 100,
      location: i % 10 === 0 ? undefined : { lat: 30 + (i % 11) * 0.1, lon: 120 + (i % 13) * 0.1 },
    });
  });
}

const queries: SearchQuery[] = [];
for (const q of ['质谱', 'MS', 'mass spectrometer']) {
  for (const page of [1, 2, 3, 40]) queries.push({ q, page, pageSize: 7 });
  queries.push(
    { q, pageSize: 50 },
    { q, region: ['anhui', 'shanghai'], pageSize: 9, page: 2 },
    { q, city: '海宁市', pageSize: 5 },
    { q, category: '03', pageSize: 11 },
    { q, serviceMode: 'sample_submission', customsGated: false, pageSize: 13, page: 3 },
    { q, viewer: { unitId: 'u-0' }, pageSize: 8, page: 2 },
    { q, viewer: { unitId: 'u-0' }, region: ['jiaxing'], pageSize: 8 },
    { q, viewer: { seesAll: true }, pageSize: 6, page: 5 },
    { q, feeMax: 400, pageSize: 12, page: 2 },
    // Deeper than the best matches put in order first, and a filter few of them pass.
    { q, pageSize: 100, page: 12 },
    { q, city: '海宁市', customsGated: true, serviceMode: 'sample_submission', pageSize: 20, page: 4 },
    { q, near: { lat: 30.3, lon: 120.4 }, radiusKm: 40, pageSize: 10 },
    { q, unitId: 'u-1', viewer: { unitId: 'u-1' }, pageSize: 10, page: 2 },
  );
}

describe('ranking from kept clause matches', () => {
  const docs = catalog(4000);
  const answers = (index: SearchIndex) => queries.map((q) => JSON.stringify(index.search(q)));

  it('gives every answer an index that never kept the family gives', () => {
    const index = SearchIndex.from(docs);
    // A family is kept at its first use (once kept at its second): the third round is answered from its kept matches.
    answers(index);
    answers(index);
    const kept = answers(index);
    const fresh = queries.map((q) => JSON.stringify(SearchIndex.from(docs).search(q)));
    expect(kept).toEqual(fresh);
  });

  it('stays exact while documents of the family come and go for their units only', () => {
    // Changes no public score depends on: the family's matches stay kept and are brought up to date.
    const changes: ((target: SearchIndex) => unknown)[] = [
      (t) => t.upsert(makeDocument('doc-new-1', { name: '飞行时间质谱仪 3', model: 'MS', unitId: 'u-0', visibility: 'unit' })),
      (t) => t.upsert(makeDocument('doc-new-2', { name: '质谱仪 2', region: 'anhui', city: '合肥市', unitId: 'u-0', visibility: 'unit' })),
      (t) => t.remove(docs[9].id),
      (t) => t.upsert({ ...docs[18], name: '离心机 1' }),
    ];
    const index = SearchIndex.from(docs);
    const fresh = (q: SearchQuery) => {
      const twin = SearchIndex.from(docs);
      for (const apply of changes) apply(twin);
      return JSON.stringify(twin.search(q));
    };
    answers(index);
    answers(index);
    for (const apply of changes) {
      apply(index);
      answers(index);
    }
    expect(answers(index)).toEqual(queries.map(fresh));
  });
});

describe('ranking by relevance in one pass', () => {
  // Pages by number are ranked in one pass (filter, facet counts and heap together); pages after a
  // cursor still key every match and cut the page from them. Both must give the same hits in the
  // same order, and the same totals and facets, whatever the query's shape.
  const index = SearchIndex.from(catalog(3000));
  const shapes: SearchQuery[] = [
    { q: '离心机' },
    { q: '离心机 3' },
    { q: '质谱 jiaxing' },
    { q: 'mass spectrometr' },
    { q: 'MS' },
    { q: '离心机', region: ['anhui'], viewer: { unitId: 'u-0' } },
    { q: '质谱仪 1', feeMax: 300, serviceMode: 'sample_submission' },
    { q: '离心机', near: { lat: 30.3, lon: 120.4 }, radiusKm: 60, viewer: { seesAll: true } },
  ];

  it.each(shapes.map((shape) => [JSON.stringify(shape), shape] as const))('%s: pages by number equal pages by cursor', (_, shape) => {
    const pageSize = 6;
    let cursor: string | undefined;
    for (let page = 1; page <= 8; page++) {
      const byNumber = index.search({ ...shape, page, pageSize });
      const byCursor = page === 1 ? byNumber : index.search({ ...shape, cursor, pageSize });
      expect(byCursor.items.map((h) => [h.id, h.score])).toEqual(byNumber.items.map((h) => [h.id, h.score]));
      expect([byCursor.total, byCursor.facets]).toEqual([byNumber.total, byNumber.facets]);
      if (byCursor.nextCursor === null) {
        expect(page * pageSize).toBeGreaterThanOrEqual(byNumber.total);
        break;
      }
      cursor = byCursor.nextCursor;
    }
  });
});
