import { DomainError } from '@app/common';
import { MAX_RADIUS_KM, MIN_RADIUS_KM, searchInstrumentsInput } from './search-instruments.input';

const violations = (query: Record<string, unknown>) => {
  try {
    searchInstrumentsInput.parseQuery(query);
    return [];
  } catch (error) {
    return (error as DomainError).details.violations!;
  }
};
const fields = (query: Record<string, unknown>) => violations(query).map((v) => v.field);

describe('the search input contract (HTTP query and gRPC SearchInstruments alike)', () => {
  it('types a query string: numbers, booleans, a single region as a list, defaults for the page', () => {
    expect(
      searchInstrumentsInput.parseQuery({
        q: 'SEM',
        region: 'jiaxing',
        customsGated: 'true',
        feeMax: '200.5',
        radiusKm: '50',
        near: '30.75,120.76',
        pageSize: '5',
      }),
    ).toEqual({
      q: 'SEM',
      region: ['jiaxing'],
      customsGated: true,
      feeMax: 200.5,
      radiusKm: 50,
      near: '30.75,120.76',
      page: 1,
      pageSize: 5,
    });
  });

  it.each(['0', '01', '0101', '15'])('takes the category code or start of one %j', (category) => {
    expect(fields({ category })).toEqual([]);
  });

  it.each(['010101', '01010', 'x1', "01' OR '1'='1", ''])('refuses the category %j, saying what a code is', (category) => {
    expect(violations({ category })).toEqual([{ field: 'category', message: expect.stringContaining('1–4 digits') }]);
  });

  it(`takes a radius from ${MIN_RADIUS_KM} to ${MAX_RADIUS_KM} km with near, and nothing beyond`, () => {
    for (const radiusKm of [MIN_RADIUS_KM, 2001, MAX_RADIUS_KM]) expect(fields({ near: '30,120', radiusKm: String(radiusKm) })).toEqual([]);
    for (const radiusKm of ['0', '0.05', String(MAX_RADIUS_KM + 1), '-1']) {
      expect(violations({ near: '30,120', radiusKm })).toEqual([
        { field: 'radiusKm', message: `must be a number from ${MIN_RADIUS_KM} to ${MAX_RADIUS_KM}, got ${Number(radiusKm)}` },
      ]);
    }
  });

  it('needs near for a radius or a distance order, naming the parameter that needs it', () => {
    expect(violations({ radiusKm: '10' })).toEqual([{ field: 'radiusKm', message: 'needs near=lat,lon' }]);
    expect(violations({ sort: 'distance' })).toEqual([{ field: 'sort', message: 'distance needs near=lat,lon' }]);
    expect(fields({ sort: 'distance', near: '-90,180' })).toEqual([]);
  });

  it.each(['91,0', '0,181', '30.75', '30.75,120.76,1', 'north,east', '-90.5,0'])('refuses near=%j', (near) => {
    expect(fields({ near })).toEqual(['near']);
  });

  it('refuses text that is no number or boolean instead of guessing, and an unknown parameter', () => {
    expect(fields({ feeMax: '1e309', customsGated: 'yes', page: '1.5', pageSize: '1000', region: ['jiaxing', 'mars'], color: 'red' }).sort()).toEqual([
      'color',
      'customsGated',
      'feeMax',
      'page',
      'pageSize',
      'region[1]',
    ]);
    expect(violations({ color: 'red' })).toEqual([{ field: 'color', message: expect.stringMatching(/^is not a known field; allowed: q, region, /) }]);
  });

  it('refuses a q longer than 200 characters or with control characters', () => {
    expect(fields({ q: 'a'.repeat(200) })).toEqual([]);
    expect(fields({ q: 'a'.repeat(201) })).toEqual(['q']);
    expect(fields({ q: 'SEM\u0001' })).toEqual(['q']);
  });

  it('holds a typed caller (gRPC) to the same rules, without reading text as numbers', () => {
    expect(() => searchInstrumentsInput.parse({ pageSize: '5' })).toThrow(DomainError);
    expect(searchInstrumentsInput.parse({ category: '01', page: 2, pageSize: 5 })).toEqual({ category: '01', page: 2, pageSize: 5 });
  });
});
