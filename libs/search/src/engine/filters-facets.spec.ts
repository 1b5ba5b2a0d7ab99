import { SearchQueryError } from './errors';
import { haversineKm } from './geo';
import { SearchIndex } from './search-index';
import { ids, makeDocument } from '../testing/make-document';
import type { SearchDocument } from './types';

const JIAXING = { lat: 30.7522, lon: 120.7555 };
const SHANGHAI = { lat: 31.2304, lon: 121.4737 };
const HEFEI = { lat: 31.8206, lon: 117.2272 };

const docs: SearchDocument[] = [
  makeDocument('jx-sem', {
    name: '扫描电子显微镜',
    categoryCode: '0101',
    region: 'jiaxing',
    city: '嘉兴市',
    unitId: 'jx-u001',
    serviceModes: ['self_operated', 'operator_assisted'],
    feeExternalCny: 300,
    location: JIAXING,
  }),
  makeDocument('jx-tem', {
    name: '透射电子显微镜',
    categoryCode: '0101',
    region: 'jiaxing',
    city: '嘉兴市',
    unitId: 'jx-u002',
    serviceModes: ['operator_assisted'],
    customsGated: true,
    feeExternalCny: 900,
    location: JIAXING,
  }),
  makeDocument('sh-sem', {
    name: '扫描电子显微镜',
    categoryCode: '0101',
    region: 'shanghai',
    city: '上海市',
    unitId: 'sh-u001',
    serviceModes: ['sample_submission'],
    feeExternalCny: 500,
    location: SHANGHAI,
  }),
  makeDocument('sh-nmr', {
    name: '核磁共振波谱仪',
    categoryCode: '0106',
    region: 'shanghai',
    city: '上海市',
    unitId: 'sh-u001',
    serviceModes: ['sample_submission'],
    location: SHANGHAI,
  }),
  makeDocument('ah-xrd', {
    name: 'X射线衍射仪',
    categoryCode: '0103',
    region: 'anhui',
    city: '合肥市',
    unitId: 'ah-u001',
    serviceModes: ['sample_submission'],
    feeExternalCny: 100,
    location: HEFEI,
  }),
  makeDocument('ah-cmm', {
    name: '三坐标测量机',
    categoryCode: '0301',
    region: 'anhui',
    city: '合肥市',
    unitId: 'ah-u001',
    serviceModes: ['operator_assisted'],
    feeExternalCny: 200,
  }),
];
const index = SearchIndex.from(docs);
const sorted = (xs: string[]) => [...xs].sort();

describe('filters', () => {
  it.each([
    [{ region: ['jiaxing', 'anhui'] }, ['ah-cmm', 'ah-xrd', 'jx-sem', 'jx-tem']],
    [{ city: '上海市' }, ['sh-nmr', 'sh-sem']],
    [{ category: '01' }, ['ah-xrd', 'jx-sem', 'jx-tem', 'sh-nmr', 'sh-sem']],
    [{ category: '0101' }, ['jx-sem', 'jx-tem', 'sh-sem']],
    [{ unitId: 'sh-u001' }, ['sh-nmr', 'sh-sem']],
    [{ serviceMode: 'operator_assisted' }, ['ah-cmm', 'jx-sem', 'jx-tem']],
    [{ customsGated: true }, ['jx-tem']],
    [{ customsGated: false, region: ['jiaxing'] }, ['jx-sem']],
    [{ feeMax: 300 }, ['ah-cmm', 'ah-xrd', 'jx-sem']],
    [{ region: ['nowhere'] }, []],
    [{ serviceMode: 'teleportation' }, []],
  ])('%j → %j', (filters, expected) => {
    const result = index.search({ ...filters, pageSize: 100 });
    expect(sorted(ids(result))).toEqual(expected);
    expect(result.total).toBe(expected.length);
  });

  it('applies filters together with the text', () => {
    expect(sorted(ids(index.search({ q: '电镜', region: ['jiaxing'] })))).toEqual(['jx-sem', 'jx-tem']);
    expect(ids(index.search({ q: 'SEM', feeMax: 400 }))).toEqual(['jx-sem']);
  });

  it('applies the same filters again after a change adds a city, category or service mode no earlier document had', () => {
    // Each question's passing cells are kept for the next with the same filters; a value new to the catalog is a new cell.
    const changing = SearchIndex.from(docs);
    const shanghai = { region: ['shanghai'], serviceMode: 'sample_submission' };
    for (const q of [{}, { q: '显微镜' }]) expect(sorted(ids(changing.search({ ...q, ...shanghai })))).toEqual(q.q ? ['sh-sem'] : ['sh-nmr', 'sh-sem']);
    changing.upsert(
      makeDocument('ah-new-city', { name: '场发射扫描电子显微镜', categoryCode: '0101', region: 'anhui', city: '芜湖市', serviceModes: ['sample_submission'] }),
    );
    changing.upsert(
      makeDocument('sh-new-city', {
        name: '场发射扫描电子显微镜',
        categoryCode: '0101',
        region: 'shanghai',
        city: '浦东新区',
        serviceModes: ['sample_submission'],
      }),
    );
    changing.upsert(
      makeDocument('sh-new-mode', { name: '扫描电子显微镜', categoryCode: '0101', region: 'shanghai', city: '上海市', serviceModes: ['remote_operation'] }),
    );
    const listing = changing.search({ ...shanghai });
    expect(sorted(ids(listing))).toEqual(['sh-new-city', 'sh-nmr', 'sh-sem']);
    expect(listing.total).toBe(3);
    expect(listing.facets.city).toEqual(expect.arrayContaining([{ value: '浦东新区', count: 1 }]));
    expect(listing.facets.city.map((b) => b.value)).not.toContain('芜湖市');
    expect(sorted(ids(changing.search({ q: '显微镜', ...shanghai })))).toEqual(['sh-new-city', 'sh-sem']);
    expect(sorted(ids(changing.search({ region: ['anhui'], serviceMode: 'sample_submission' })))).toEqual(['ah-new-city', 'ah-xrd']);
  });
});

describe('facets', () => {
  it('counts every facet over the whole result of text and filters', () => {
    const { facets, total } = index.search({ q: '电镜', pageSize: 1 });
    expect(total).toBe(3);
    expect(facets).toEqual({
      region: [
        { value: 'jiaxing', count: 2 },
        { value: 'shanghai', count: 1 },
      ],
      categoryClass: [{ value: '01', count: 3 }],
      category: [{ value: '0101', count: 3 }],
      city: [
        { value: '嘉兴市', count: 2 },
        { value: '上海市', count: 1 },
      ],
      serviceMode: [
        { value: 'operator_assisted', count: 2 },
        { value: 'sample_submission', count: 1 },
        { value: 'self_operated', count: 1 },
      ],
      customsGated: [
        { value: 'false', count: 2 },
        { value: 'true', count: 1 },
      ],
    });
  });

  it('counts the same whether the listing has filters or not (kept counters and scans agree)', () => {
    const all = index.search({});
    // Every code here starts with 0: a filter that keeps everything, so facets come from a scan.
    const scanned = index.search({ category: '0', pageSize: 1 });
    expect(all.facets).toEqual(scanned.facets);
    expect(all.total).toBe(docs.length);
    expect(index.search({ region: ['anhui'] }).facets.categoryClass).toEqual([
      { value: '01', count: 1 },
      { value: '03', count: 1 },
    ]);
  });
});

describe('distance', () => {
  it('computes great-circle distances (haversine)', () => {
    expect(haversineKm({ lat: 0, lon: 0 }, { lat: 0, lon: 1 })).toBeCloseTo(111.195, 3);
    expect(haversineKm(JIAXING, SHANGHAI)).toBeGreaterThan(80);
    expect(haversineKm(JIAXING, SHANGHAI)).toBeLessThan(90);
  });

  it('gives each hit its distance from near, and sorts nearest first with located documents before the rest', () => {
    const result = index.search({ near: SHANGHAI, sort: 'distance', pageSize: 100 });
    expect(ids(result)).toEqual(['sh-nmr', 'sh-sem', 'jx-sem', 'jx-tem', 'ah-xrd', 'ah-cmm']);
    const jx = result.items.find((h) => h.id === 'jx-sem')!;
    expect(jx.distanceKm).toBeCloseTo(haversineKm(SHANGHAI, JIAXING), 2);
    expect(result.items.find((h) => h.id === 'sh-sem')!.distanceKm).toBe(0);
    expect(result.items.find((h) => h.id === 'ah-cmm')!.distanceKm).toBeUndefined();
  });

  it('keeps only documents within radiusKm (documents without a location are outside)', () => {
    expect(sorted(ids(index.search({ near: SHANGHAI, radiusKm: 100 })))).toEqual(['jx-sem', 'jx-tem', 'sh-nmr', 'sh-sem']);
    expect(sorted(ids(index.search({ near: SHANGHAI, radiusKm: 10 })))).toEqual(['sh-nmr', 'sh-sem']);
    expect(ids(index.search({ q: 'XRD', near: SHANGHAI, radiusKm: 300 }))).toEqual([]);
    expect(ids(index.search({ q: 'XRD', near: SHANGHAI, radiusKm: 500 }))).toEqual(['ah-xrd']);
  });

  it('refuses a radius without a point and a distance sort without one', () => {
    expect(() => index.search({ radiusKm: 5 })).toThrow(SearchQueryError);
    expect(() => index.search({ sort: 'distance' })).toThrow(SearchQueryError);
    expect(() => index.search({ near: { lat: 100, lon: 0 } })).toThrow(SearchQueryError);
  });
});

describe('other sorts', () => {
  it('sorts by external fee, cheapest first, documents without a fee last', () => {
    expect(ids(index.search({ sort: 'fee', pageSize: 100 }))).toEqual(['ah-xrd', 'ah-cmm', 'jx-sem', 'sh-sem', 'jx-tem', 'sh-nmr']);
  });

  it('lists by freshness when there is no text, by relevance when there is', () => {
    const fresh = SearchIndex.from([
      makeDocument('old', { name: '核磁', updatedAt: '2025-01-01T00:00:00Z' }),
      makeDocument('new', { name: '核磁共振', updatedAt: '2026-06-01T00:00:00Z' }),
    ]);
    expect(fresh.search({})).toMatchObject({ sort: 'freshness' });
    expect(ids(fresh.search({}))).toEqual(['new', 'old']);
    expect(fresh.search({ q: '核磁' }).sort).toBe('relevance');
    expect(ids(fresh.search({ q: '核磁', sort: 'freshness' }))).toEqual(['new', 'old']);
  });
});
