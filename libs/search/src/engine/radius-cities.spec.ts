import { DocumentFilter } from './document-filter';
import { chordSquared, haversineKm, kmToChordSquared, toUnitVector } from './geo';
import { SearchIndex } from './search-index';
import { ids, makeDocument, seededRandom } from '../testing/make-document';
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

  it.each([query, { near: CENTER, radiusKm: RADIUS_KM, sort: 'distance' as const, pageSize: 5 }])(
    'still finds its documents when they are the nearest (%o)',
    (asked) => {
      const index = SearchIndex.from(all);
      const closer = makeDocument('suzhou-close', { name: '质谱仪', region: 'suzhou', city: '苏州市', unitId: 'suzhou-u', location: { ...CENTER } });
      index.upsert(closer);
      expect(ids(index.search(asked))).toContain('suzhou-close');
      expect(distances([...all, closer], ids(index.search({ ...asked, page: 8 })))).toEqual(nearest([...all, closer], 40).slice(35));
      const result = index.search(asked);
      expect(result.total).toBe([...all, closer].filter(within).length);
      expect(result.facets.city.find((b) => b.value === '苏州市')?.count).toBe([...inside, closer].filter(within).length);
    },
  );
});

// Inside a city, grid squares (about 2 km a side) lying wholly inside or beyond a radius are counted or refused without
// measuring their documents: the answers must be those of a measure of every document, whatever the squares hold.
describe('grid squares inside a city', () => {
  // West of the square lat [30.74, 30.76) × lon [120.76, 120.78), by about 50 m.
  const POINT = { lat: 30.75, lon: 120.7595 };
  const R_KM = 2.5;
  const here = toUnitVector(POINT);
  const limit = kmToChordSquared(R_KM);
  const chord2 = (d: SearchDocument) => (d.location ? chordSquared(...toUnitVector(d.location), here) : NaN);
  const inRadius = (d: SearchDocument) => chord2(d) <= limit;
  const doc = (id: string, location?: { lat: number; lon: number }) =>
    makeDocument(id, { name: '质谱仪', nameEn: 'mass spectrometer', region: 'jiaxing', city: '嘉兴市', unitId: 'jiaxing-u', location });
  // A lattice across the radius's edge, four points to a square, every seventh without a location.
  const lattice = Array.from({ length: 11 * 11 }, (_, i) =>
    doc(`grid-${i}`, i % 7 === 3 ? undefined : { lat: 30.75 + (Math.floor(i / 11) - 5) * 0.0041, lon: 120.7595 + ((i % 11) - 5) * 0.0043 }),
  );
  const queries = [
    { q: '质谱', near: POINT, radiusKm: R_KM, sort: 'distance' as const, pageSize: 7 },
    { q: '质谱', near: POINT, radiusKm: R_KM, pageSize: 100 },
    { q: '质谱 spectrometer', near: POINT, radiusKm: R_KM, pageSize: 100 },
    { near: POINT, radiusKm: R_KM, pageSize: 100 },
  ];
  const sortedChords = (documents: SearchDocument[]) =>
    documents
      .filter(inRadius)
      .map(chord2)
      .sort((a, b) => a - b);
  const pageChords = (documents: SearchDocument[], found: string[]) => found.map((id) => chord2(documents.find((d) => d.id === id)!));

  it('keeps exactly the located documents within the radius, in the total and the city facet', () => {
    const index = SearchIndex.from(lattice);
    const within = lattice.filter(inRadius);
    expect(within.length).toBeGreaterThan(20);
    expect(within.length).toBeLessThan(lattice.filter((d) => d.location).length);
    for (const query of queries) {
      const result = index.search(query);
      expect(result.total).toBe(within.length);
      expect(result.facets.city).toEqual([{ value: '嘉兴市', count: within.length }]);
      if (query.sort !== 'distance') expect(ids(result).sort()).toEqual(within.map((d) => d.id).sort());
    }
  });

  it.each([queries[0], { near: POINT, radiusKm: R_KM, sort: 'distance' as const, pageSize: 7 }])(
    'walks the nearest first, page by page, as a measure of every document orders them (%o)',
    (query) => {
      const index = SearchIndex.from(lattice);
      const expected = sortedChords(lattice);
      const found: string[] = [];
      for (let page = 1; (page - 1) * 7 < expected.length; page++) found.push(...ids(index.search({ ...query, page })));
      expect(pageChords(lattice, found)).toEqual(expected);
      expect(index.search(query).total).toBe(expected.length);
    },
  );

  it('pages a listing nearest first in one pass over the documents, as a text is (no list of candidates keyed and heaped)', () => {
    const index = SearchIndex.from(lattice);
    const nearMatch = jest.spyOn(DocumentFilter.prototype, 'nearMatch');
    const chords = jest.spyOn(DocumentFilter.prototype, 'chords2');
    try {
      const result = index.search({ near: POINT, radiusKm: R_KM, sort: 'distance', pageSize: 7, viewer: { unitId: 'jiaxing-u' } });
      expect(pageChords(lattice, ids(result))).toEqual(sortedChords(lattice).slice(0, 7));
      expect(nearMatch).toHaveBeenCalledTimes(lattice.length);
      expect(chords).not.toHaveBeenCalled();
    } finally {
      nearMatch.mockRestore();
      chords.mockRestore();
    }
  });

  // Square lat [30.74, 30.76) × lon [120.76, 120.78) holds documents at its centre only (1 km from the point) while the
  // page's are 0.8 km away: until it gains one, it lies wholly inside the radius and cannot beat the page.
  const page = [doc('page-0', { lat: 30.7572, lon: 120.7595 }), doc('page-1', { lat: 30.7572, lon: 120.7594 }), doc('page-2', { lat: 30.7572, lon: 120.7596 })];
  const centre = Array.from({ length: 5 }, (_, i) => doc(`centre-${i}`, { lat: 30.75, lon: 120.77 }));
  // Square lat [30.74, 30.76) × lon [120.78, 120.80): its centre 2.9 km away, its west edge 2.0 km.
  const east = Array.from({ length: 5 }, (_, i) => doc(`east-${i}`, { lat: 30.75, lon: 120.79 }));
  const world = [...page, ...centre, ...east, doc('nowhere')];
  const first = { q: '质谱', near: POINT, radiusKm: R_KM, sort: 'distance' as const, pageSize: 3 };

  it('finds the nearest document a square gains at its corner nearest the point', () => {
    const index = SearchIndex.from(world);
    expect(ids(index.search(first)).sort()).toEqual(['page-0', 'page-1', 'page-2']);
    index.upsert(doc('corner', { lat: 30.75, lon: 120.7605 }));
    expect(ids(index.search(first))[0]).toBe('corner');
    expect(index.search(first).total).toBe(page.length + centre.length + 1);
  });

  it('finds a document a square lying beyond the radius gains within it', () => {
    const index = SearchIndex.from(world);
    expect(index.search(first).total).toBe(page.length + centre.length);
    index.upsert(doc('east-edge', { lat: 30.75, lon: 120.7805 }));
    const result = index.search({ ...first, pageSize: 20 });
    expect(ids(result)).toContain('east-edge');
    expect(result.total).toBe(page.length + centre.length + 1);
  });

  it('judges each square for the question asked: radii around other points, asked in turn on one index', () => {
    // Squares are judged when a match first reaches them and kept for that question only: the next question,
    // around another point or with another radius, must not read what the one before found.
    const index = SearchIndex.from(lattice);
    const questions = [
      { point: POINT, km: R_KM },
      { point: { lat: 30.7295, lon: 120.738 }, km: 1.2 },
      { point: POINT, km: 0.9 },
      { point: { lat: 30.771, lon: 120.781 }, km: 4 },
    ];
    for (const round of [0, 1])
      for (const { point, km } of questions) {
        const centre = toUnitVector(point);
        const expected = lattice
          .filter((d) => d.location && chordSquared(...toUnitVector(d.location), centre) <= kmToChordSquared(km))
          .map((d) => d.id)
          .sort();
        const result = index.search({ near: point, radiusKm: km, pageSize: 100 });
        expect({ round, km, found: ids(result).sort() }).toEqual({ round, km, found: expected });
        expect(index.search({ q: '质谱', near: point, radiusKm: km, sort: 'distance', pageSize: 100 }).total).toBe(expected.length);
      }
  });

  it('follows located documents moved across squares and removed', () => {
    const index = SearchIndex.from(world);
    // Out of the radius, into it next to the point, out of a location altogether, and gone.
    const moved = [doc('page-0', { lat: 30.75, lon: 120.79 }), doc('east-0', { lat: 30.7501, lon: 120.7595 }), doc('centre-0')];
    for (const d of moved) index.upsert(d);
    index.remove('centre-1');
    const now = world.filter((d) => !moved.some((m) => m.id === d.id) && d.id !== 'centre-1').concat(moved);
    const result = index.search({ ...first, pageSize: 20 });
    expect(ids(result)[0]).toBe('east-0');
    expect(result.total).toBe(now.filter(inRadius).length);
    expect(pageChords(now, ids(result))).toEqual(sortedChords(now));
    for (const query of queries.slice(1))
      expect(ids(index.search(query)).sort()).toEqual(
        now
          .filter(inRadius)
          .map((d) => d.id)
          .sort(),
      );
  });
});

// A listing nearest first within a radius reads only the cities across the radius's edge and the nearest ones inside
// it, and counts the rest by facet cell: page, total and facets must be those of measuring every document, for every
// viewer and cell filter, after changes too (documents moved, removed, hidden, unlocated).
describe('listings nearest first by city', () => {
  const CITY_SITES: [string, string, number, number][] = [
    ['嘉兴市', 'jiaxing', 30.75, 120.76],
    ['上海市', 'shanghai', 31.2, 121.47],
    ['苏州市', 'jiangsu', 31.3, 120.6],
    ['杭州市', 'zhejiang', 30.27, 120.15],
    ['合肥市', 'anhui', 31.82, 117.23],
    ['湖州市', 'zhejiang', 30.87, 120.09],
    ['无锡市', 'jiangsu', 31.49, 120.31],
  ];
  const UNITS = ['u1', 'u2', 'u3'];
  const next = seededRandom(29);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const documentOf = (id: string): SearchDocument => {
    const [city, region, lat, lon] = pick(CITY_SITES);
    // In Shanghai and Hangzhou one document in twenty has no location (those cities are then measured); elsewhere all have one.
    const located = !['上海市', '杭州市'].includes(city) || next() > 0.05;
    const spread = city === '上海市' ? 0.3 : 0.08;
    return makeDocument(id, {
      name: '质谱仪',
      region,
      city,
      categoryCode: pick(['0101', '0102', '0201']),
      serviceModes: [pick(['operator_assisted', 'sample_submission'])],
      unitId: pick(UNITS),
      visibility: next() < 0.15 ? 'unit' : 'public',
      // A few share one spot: ties broken by id.
      location: located ? (next() < 0.1 ? { lat, lon } : { lat: lat + (next() - 0.5) * spread, lon: lon + (next() - 0.5) * spread }) : undefined,
    });
  };
  const buckets = (values: string[]) => {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  };
  const docs = new Map<string, SearchDocument>();
  for (let i = 0; i < 2500; i++) docs.set(`d-${String(i).padStart(5, '0')}`, documentOf(`d-${String(i).padStart(5, '0')}`));
  const index = SearchIndex.from(docs.values());
  const viewers = [undefined, { unitId: 'u2' }, { seesAll: true }];
  const asks = [
    { near: { lat: 30.75, lon: 120.76 }, radiusKm: 60 },
    { near: { lat: 31.0, lon: 120.5 }, radiusKm: 150, page: 3, pageSize: 7 },
    { near: { lat: 31.2, lon: 121.47 }, radiusKm: 25, region: ['shanghai', 'jiangsu'] },
    { near: { lat: 31.82, lon: 117.23 }, radiusKm: 400, category: '01', serviceMode: 'sample_submission', pageSize: 50 },
    { near: { lat: 30.5, lon: 120.4 }, radiusKm: 5 },
    { near: { lat: 30.3, lon: 120.2 }, radiusKm: 90, customsGated: false, page: 2 },
    // Every city inside but Hefei: pages reaching from the nearest city inside into the next ones.
    { near: { lat: 31.0, lon: 120.6 }, radiusKm: 300, pageSize: 50, page: 8 },
    { near: { lat: 31.0, lon: 120.6 }, radiusKm: 300, pageSize: 50, page: 15, serviceMode: 'operator_assisted' },
    { near: { lat: 30.8, lon: 120.4 }, radiusKm: 700, pageSize: 50, page: 30 },
  ];

  function expectMeasured() {
    for (const viewer of viewers) {
      for (const ask of asks) {
        const here = toUnitVector(ask.near);
        const limit = kmToChordSquared(ask.radiusKm);
        const chord = (d: SearchDocument) => (d.location ? chordSquared(...toUnitVector(d.location), here) : NaN);
        const passing = [...docs.values()].filter(
          (d) =>
            (d.visibility === 'public' || viewer?.seesAll === true || d.unitId === viewer?.unitId) &&
            chord(d) <= limit &&
            (!ask.region || ask.region.includes(d.region)) &&
            (!ask.category || d.categoryCode.startsWith(ask.category)) &&
            (!ask.serviceMode || d.serviceModes.includes(ask.serviceMode)),
        );
        passing.sort((a, b) => chord(a) - chord(b) || (a.id < b.id ? -1 : 1));
        const size = ask.pageSize ?? 20;
        const page = ask.page ?? 1;
        const result = index.search({ ...ask, viewer, sort: 'distance' });
        expect({
          ask,
          viewer,
          ids: ids(result),
          total: result.total,
          region: result.facets.region,
          city: result.facets.city,
          category: result.facets.category,
        }).toEqual({
          ask,
          viewer,
          ids: passing.slice((page - 1) * size, page * size).map((d) => d.id),
          total: passing.length,
          region: buckets(passing.map((d) => d.region)),
          city: buckets(passing.map((d) => d.city)),
          category: buckets(passing.map((d) => d.categoryCode)),
        });
      }
    }
  }

  it('are what measuring every document gives', () => expectMeasured());

  it('read the documents of the cities near the point only', () => {
    const nearMatch = jest.spyOn(DocumentFilter.prototype, 'nearMatch');
    try {
      // Hefei's ~360 documents at most: the other cities lie beyond 30 km.
      const hefei = index.search({ near: { lat: 31.82, lon: 117.23 }, radiusKm: 30, sort: 'distance', pageSize: 5 });
      expect(hefei.total).toBeGreaterThan(100);
      expect(nearMatch.mock.calls.length).toBeLessThan(docs.size / 4);
      // Every city inside, the point in Jiaxing: its documents and those of Shanghai and Hangzhou (not all located), not Hefei's or Wuxi's.
      nearMatch.mockClear();
      const all = index.search({ near: { lat: 30.75, lon: 120.76 }, radiusKm: 700, sort: 'distance', pageSize: 5 });
      expect(all.total).toBeGreaterThan(docs.size * 0.7);
      expect(nearMatch.mock.calls.length).toBeLessThan(docs.size / 2);
    } finally {
      nearMatch.mockRestore();
    }
  });

  it('stay so after documents are moved, hidden, removed and added', () => {
    for (let i = 0; i < 600; i++) {
      const id = `d-${String(Math.floor(next() * 2500)).padStart(5, '0')}`;
      if (next() < 0.2) {
        docs.delete(id);
        index.remove(id);
      } else {
        const doc = documentOf(next() < 0.6 ? id : `n-${i}`);
        docs.set(doc.id, doc);
        index.upsert(doc);
      }
    }
    expectMeasured();
  });
});
