import { haversineKm } from './geo';
import { SearchIndex } from './search-index';
import { ids, makeDocument } from '../testing/make-document';
import type { SearchDocument } from './types';

// A radius filter refuses a city lying wholly beyond it without measuring its documents: it must refuse
// exactly the documents a measure of each would, and follow a city that grows towards the point.
const CENTER = { lat: 30.75, lon: 120.76 };
const RADIUS_KM = 100;

function spread(city: string, region: string, lat: number, lon: number, n: number, step: number): SearchDocument[] {
  return Array.from({ length: n }, (_, i) =>
    makeDocument(`${region}-${i}`, {
      name: '质谱仪',
      region,
      city,
      unitId: `${region}-u`,
      location: i % 7 === 6 ? undefined : { lat: lat + ((i % 5) - 2) * step, lon: lon + ((i % 3) - 1) * step },
    }),
  );
}

const docs = [
  ...spread('嘉兴市', 'jiaxing', 30.75, 120.76, 30, 0.05),
  // Straddles the radius: some documents within, some beyond.
  ...spread('上海市', 'shanghai', 31.2, 121.47, 30, 0.3),
  // Wholly beyond.
  ...spread('合肥市', 'anhui', 31.82, 117.23, 30, 0.05),
];

const within = (d: SearchDocument) => d.location !== undefined && haversineKm(d.location, CENTER) <= RADIUS_KM;

describe('radius filter by city', () => {
  const queries = [
    { q: '质谱', near: CENTER, radiusKm: RADIUS_KM, sort: 'distance' as const, pageSize: 100 },
    { q: '质谱', near: CENTER, radiusKm: RADIUS_KM, pageSize: 100 },
    { near: CENTER, radiusKm: RADIUS_KM, pageSize: 100 },
  ];

  it.each(queries)('keeps exactly the documents within the radius (%o)', (query) => {
    const index = SearchIndex.from(docs);
    const result = index.search(query);
    expect(ids(result).sort()).toEqual(
      docs
        .filter(within)
        .map((d) => d.id)
        .sort(),
    );
    expect(result.total).toBe(docs.filter(within).length);
  });

  it('finds a document a city gains within the radius after its neighbours lay beyond it', () => {
    const index = SearchIndex.from(docs);
    expect(ids(index.search(queries[0])).filter((id) => id.startsWith('anhui'))).toEqual([]);
    index.upsert(makeDocument('anhui-near', { name: '质谱仪', region: 'anhui', city: '合肥市', unitId: 'anhui-u', location: { lat: 30.8, lon: 120.8 } }));
    for (const query of queries) expect(ids(index.search(query))).toContain('anhui-near');
  });
});

// A distance page counts a city lying wholly inside the radius without measuring its documents once they cannot
// beat the page: its documents without a location must still be left out, and the page must stay the nearest.
describe('distance pages and cities wholly inside the radius', () => {
  const near = spread('嘉兴市', 'jiaxing', 30.75, 120.76, 30, 0.01).map((d) => ({ ...d, location: d.location ?? { lat: 30.76, lon: 120.77 } }));
  // About 60 km away, a few kilometres across: wholly inside; every seventh document has no location.
  const inside = spread('苏州市', 'suzhou', 31.3, 120.6, 40, 0.01);
  const all = [...near, ...inside];
  const km = (d: SearchDocument) => haversineKm(d.location!, CENTER);
  // Distances, not ids: documents at the same spot tie, and ids break ties in the index's own order.
  const nearest = (documents: SearchDocument[], n: number) =>
    documents
      .filter(within)
      .map(km)
      .sort((a, b) => a - b)
      .slice(0, n);
  const distances = (documents: SearchDocument[], found: string[]) => found.map((id) => km(documents.find((d) => d.id === id)!));
  const query = { q: '质谱', near: CENTER, radiusKm: RADIUS_KM, sort: 'distance' as const, pageSize: 5 };

  it('counts only its located documents, in the total and the city facet', () => {
    const result = SearchIndex.from(all).search(query);
    expect(result.total).toBe(all.filter(within).length);
    expect(result.facets.city.find((b) => b.value === '苏州市')?.count).toBe(inside.filter(within).length);
    expect(distances(all, ids(result))).toEqual(nearest(all, 5));
  });

  it('still finds its documents when they are the nearest', () => {
    const index = SearchIndex.from(all);
    const closer = makeDocument('suzhou-close', { name: '质谱仪', region: 'suzhou', city: '苏州市', unitId: 'suzhou-u', location: { ...CENTER } });
    index.upsert(closer);
    expect(ids(index.search(query))).toContain('suzhou-close');
    expect(distances([...all, closer], ids(index.search({ ...query, page: 8 })))).toEqual(nearest([...all, closer], 40).slice(35));
  });
});
