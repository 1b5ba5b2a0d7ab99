import { DEFAULT_SYNONYMS, parseSynonymTable } from './synonyms';
import { SearchIndex } from './search-index';
import { makeDocument } from '../testing/make-document';

/**
 * Every instrument family of the table, proven to matter: for each family a
 * query that finds a document naming the family another way only through the
 * table (and fails when the table is left out), and every term of a family
 * finding every other.
 */
const families = DEFAULT_SYNONYMS.groups;
// One document per term of every family, named by that term alone.
const docs = families.flatMap((g) => g.terms.map((term, i) => makeDocument(`${g.id}#${i}`, { name: term })));
const withTable = SearchIndex.from(docs);
const withoutTable = SearchIndex.from(docs, { synonyms: null });
const found = (index: SearchIndex, q: string) => new Set(index.search({ q, pageSize: 100 }).items.map((h) => h.id));

/** The first (query term, document term) pair of a family that only the table connects. */
function failingPair(group: (typeof families)[number]): { query: string; doc: string } | undefined {
  for (const query of group.terms) {
    const hits = found(withoutTable, query);
    const missing = group.terms.findIndex((term, i) => term !== query && !hits.has(`${group.id}#${i}`));
    if (missing >= 0) return { query, doc: group.terms[missing] };
  }
  return undefined;
}

describe('synonym families', () => {
  describe.each(families.map((g) => [g.id, g] as const))('%s', (_id, group) => {
    const pair = failingPair(group);

    it(`has a query that finds the family only through the table (${pair ? `"${pair.query}" → "${pair.doc}"` : 'none'})`, () => {
      expect(pair).toBeDefined();
      const docId = `${group.id}#${group.terms.indexOf(pair!.doc)}`;
      expect(found(withoutTable, pair!.query).has(docId)).toBe(false);
      expect(found(withTable, pair!.query).has(docId)).toBe(true);
    });

    it('finds every term of the family from every other', () => {
      const misses = group.terms.flatMap((query) => {
        const hits = found(withTable, query);
        return group.terms.filter((_, i) => !hits.has(`${group.id}#${i}`)).map((doc) => `${query} → ${doc}`);
      });
      expect(misses).toEqual([]);
    });
  });
});

describe('the families the issue names', () => {
  it.each([
    ['电镜', '扫描电子显微镜'],
    ['SEM', '扫描电子显微镜'],
    ['扫描电镜', '扫描电子显微镜'],
    ['scanning electron microscope', '扫描电子显微镜'],
    ['TEM', '透射电子显微镜'],
    ['透射电镜', '透射电子显微镜'],
    ['NMR', '核磁共振波谱仪'],
    ['核磁', 'Nuclear magnetic resonance spectrometer'],
    ['HPLC', '高效液相色谱仪'],
    ['液相', 'HPLC'],
    ['GC', '气相色谱仪'],
    ['气相', 'Gas chromatograph'],
    ['MS', '质谱仪'],
    ['质谱', 'mass spectrometer'],
    ['ICP-MS', '电感耦合等离子体质谱仪'],
    ['XRD', 'X射线衍射仪'],
    ['XPS', 'X射线光电子能谱仪'],
    ['confocal', '激光共聚焦显微镜'],
    ['共聚焦', 'confocal microscope'],
    ['FCM', '流式细胞仪'],
    ['flow cytometer', '流式细胞仪'],
    ['AFM', '原子力显微镜'],
  ])('%s finds %s only with the table', (q, name) => {
    const index = (options: { synonyms?: null }) => SearchIndex.from([makeDocument('d', { name })], options);
    expect(index({ synonyms: null }).search({ q }).total).toBe(0);
    expect(index({}).search({ q }).total).toBe(1);
  });

  it('expands a broader term to its narrower families, never the other way round', () => {
    const index = SearchIndex.from([makeDocument('sem', { name: '扫描电子显微镜' }), makeDocument('tem', { name: '透射电子显微镜' })]);
    expect(index.search({ q: '电镜' }).total).toBe(2);
    expect(index.search({ q: 'SEM' }).items.map((h) => h.id)).toEqual(['sem']);
  });
});

describe('the table as data', () => {
  it('rejects malformed tables', () => {
    expect(() => parseSynonymTable({ groups: [{ id: 'a', terms: ['x'] }] })).toThrow(/at least two terms/);
    expect(() => parseSynonymTable({ groups: [{ id: 'a', terms: ['x', 'y'], includes: ['nope'] }] })).toThrow(/unknown group/);
    expect(() =>
      parseSynonymTable({
        groups: [
          { id: 'a', terms: ['x', 'y'] },
          { id: 'a', terms: ['z', 'w'] },
        ],
      }),
    ).toThrow(/duplicate/);
  });

  it('can be injected: a test table replaces the bundled one', () => {
    const table = parseSynonymTable({ groups: [{ id: 'probe', terms: ['探针台', 'probe station'] }] });
    const index = SearchIndex.from([makeDocument('p', { name: '探针台' })], { synonyms: table });
    expect(index.search({ q: 'probe station' }).total).toBe(1);
    expect(index.search({ q: 'SEM' }).ignoredTerms).toEqual(['sem']);
  });
});
