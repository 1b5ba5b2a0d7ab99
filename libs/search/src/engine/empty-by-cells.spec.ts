import { DocumentFilter } from './document-filter';
import { SearchIndex } from './search-index';
import { validateQuery } from './validate-query';
import type { QueryPlan } from './query-plan';
import { BROAD_TERM, TermCells, emptyByCells } from './term-cells';
import type { SearchDocument, SearchQuery } from './types';
import { makeDocument, seededRandom } from '../testing/make-document';

/**
 * A question whose cell filters (region, city, category, service mode,
 * customs) leave none of a broad word's documents answers nothing, and the
 * kept per-word counts show it before a posting is read. Such an answer must
 * be exactly the one reading every posting gives: for every viewer (a unit
 * sees its own unit-only documents, an administrator every one), every sort,
 * texts of several words, fee caps and radii on top, and while changes move
 * documents into and out of the filtered cells.
 */
const next = seededRandom(41);
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
const WORDS = ['goniometer', 'centrifuge'];

/**
 * Public goniometers only in categories 0101 and 0102 and regions jiaxing and anhui; unit u2's unit-only ones in
 * category 0201 too; centrifuges everywhere. Every document has a fee and a place.
 */
function documentOf(id: string, word: string): SearchDocument {
  const hidden = next() < 0.15;
  const goniometer = word === 'goniometer';
  return makeDocument(id, {
    nameEn: `${pick(['contact angle', 'optical', 'stage'])} ${word}`,
    categoryCode: goniometer ? (hidden && next() < 0.5 ? '0201' : pick(['0101', '0102'])) : pick(['0101', '0102', '0201', '0305']),
    region: goniometer ? pick(['jiaxing', 'anhui']) : pick(['jiaxing', 'anhui', 'shanghai']),
    city: pick(['嘉兴市', '合肥市', '上海市']),
    unitId: hidden ? 'u2' : pick(['u1', 'u3']),
    visibility: hidden ? 'unit' : 'public',
    serviceModes: [pick(['operator_assisted', 'sample_submission'])],
    feeExternalCny: 100 + Math.floor(next() * 900),
    location: { lat: 30 + next(), lon: 120 + next() },
    updatedAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(next() * 300) * 86_400_000).toISOString(),
  });
}

const docs = Array.from({ length: 2 * BROAD_TERM + 600 }, (_, i) => documentOf(`doc-${String(i).padStart(5, '0')}`, WORDS[i % 2]));

const VIEWERS: SearchQuery['viewer'][] = [undefined, { unitId: 'u2' }, { unitId: 'u1' }, { seesAll: true }];
const EMPTY_FOR_SOME = [
  { category: '0201' },
  { category: '03' },
  { region: ['shanghai'] },
  { region: ['shanghai'], category: '0201' },
  { category: '0201', feeMax: 500 },
  { category: '03', near: { lat: 30.5, lon: 120.5 }, radiusKm: 80, sort: 'distance' as const },
  { region: ['shanghai'], sort: 'freshness' as const },
  { category: '0201', sort: 'fee' as const },
];
const TEXTS = ['goniometer', 'optical goniometer', 'goniometer centrifuge', 'contact goniometer'];

/** The answer with no per-word counts kept (every posting read). */
function withoutCounts(index: SearchIndex, query: SearchQuery): string {
  const spies = [jest.spyOn(TermCells.prototype, 'of').mockReturnValue(undefined), jest.spyOn(TermCells.prototype, 'peek').mockReturnValue(undefined)];
  try {
    return JSON.stringify(index.search(query));
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

function expectAsReadingEveryPosting(index: SearchIndex): void {
  for (const q of TEXTS)
    for (const filters of EMPTY_FOR_SOME)
      for (const viewer of VIEWERS)
        for (const page of [1, 2]) {
          const query: SearchQuery = { q, ...filters, viewer, page, pageSize: 7 };
          expect([JSON.stringify(query), JSON.stringify(index.search(query))]).toEqual([JSON.stringify(query), withoutCounts(index, query)]);
        }
}

describe('a question its cell filters leave empty, shown by the kept per-word counts', () => {
  it('answers as reading every posting does, for every viewer, sort and text', () => {
    const index = SearchIndex.from(docs);
    // The words asked alone: their counts are kept from here on.
    for (const word of WORDS) expect(index.search({ q: word, viewer: { seesAll: true } }).total).toBeGreaterThan(BROAD_TERM);
    expectAsReadingEveryPosting(index);
  });

  it("reads none of the word's documents when the counts show no match, but reads them for the unit that sees its own", () => {
    const index = SearchIndex.from(docs);
    index.search({ q: 'goniometer' });
    const matches = jest.spyOn(DocumentFilter.prototype, 'matches');
    try {
      const none = index.search({ q: 'goniometer', category: '0201' });
      expect(none.total).toBe(0);
      expect(none.items).toEqual([]);
      expect(matches).not.toHaveBeenCalled();
      // Unit u2's unit-only goniometers are in 0201: its own question finds them.
      const own = index.search({ q: 'goniometer', category: '0201', viewer: { unitId: 'u2' } });
      expect(own.total).toBeGreaterThan(0);
      expect(own.items.length).toBeGreaterThan(0);
    } finally {
      matches.mockRestore();
    }
  });

  it('needs every alternative of a clause shown empty, and one such clause of several', () => {
    const index = SearchIndex.from(docs);
    for (const word of WORDS) index.search({ q: word });
    const gen = index['gen'];
    const [goniometer, centrifuge] = WORDS.map((w) => gen.index.terms.find(w));
    const clause = (...alternatives: number[][]) => ({
      label: '',
      cost: 0,
      alternatives: alternatives.map((terms) => ({ terms, idf: terms.map(() => 1), weight: 1 })),
    });
    const plan = (...clauses: ReturnType<typeof clause>[]): QueryPlan => ({ clauses, ignored: [], highlightTerms: new Set(), modelKeys: new Set() });
    // Category 0305 holds centrifuges only.
    const filter = new DocumentFilter(gen.columns, validateQuery({ category: '0305' }));
    const empty = (p: QueryPlan) => emptyByCells(p, filter, gen.columns, gen.termCells);
    expect(empty(plan(clause([goniometer])))).toBe(true);
    expect(empty(plan(clause([centrifuge])))).toBe(false);
    expect(empty(plan(clause([goniometer], [centrifuge])))).toBe(false);
    expect(empty(plan(clause([centrifuge, goniometer])))).toBe(true);
    expect(empty(plan(clause([centrifuge]), clause([goniometer])))).toBe(true);
    expect(empty(plan(clause([centrifuge]), clause()))).toBe(false);
  });

  it('follows changes that move the word into and out of the filtered cells', () => {
    const index = SearchIndex.from(docs);
    for (const word of WORDS) index.search({ q: word });
    const goniometers = docs.filter((d) => d.nameEn!.endsWith('goniometer') && d.visibility === 'public');
    const moved = goniometers.slice(0, 3).map((d) => ({ ...d, region: 'shanghai', city: '上海市', categoryCode: '0305' }));
    for (const d of moved) index.upsert(d);
    expect(index.search({ q: 'goniometer', region: ['shanghai'] }).total).toBe(3);
    expect(index.search({ q: 'optical goniometer', category: '03' }).total).toBe(moved.filter((d) => d.nameEn!.startsWith('optical')).length);
    expectAsReadingEveryPosting(index);
    // Hidden, then gone: the anonymous question answers none again, the unit's still finds it while it is there.
    index.upsert({ ...moved[0], visibility: 'unit', unitId: 'u2' });
    index.remove(moved[1].id);
    index.remove(moved[2].id);
    expect(index.search({ q: 'goniometer', region: ['shanghai'] }).total).toBe(0);
    expect(index.search({ q: 'goniometer', region: ['shanghai'], viewer: { unitId: 'u2' } }).total).toBe(1);
    expectAsReadingEveryPosting(index);
  });
});
