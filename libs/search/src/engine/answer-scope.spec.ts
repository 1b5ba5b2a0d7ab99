import { SearchIndex, type SearchIndexOptions } from './search-index';
import type { SearchDocument, SearchQuery } from './types';
import { makeDocument } from '../testing/make-document';

/**
 * Kept answers under a stream of changes: an answer that no change since it
 * was computed concerns (SearchIndex.unaffected) must be exactly what an
 * index with the same history, never asked before, answers now; and most
 * answers must survive a change that is not about them.
 */
const NAMES = [
  '质谱仪',
  '液相色谱-质谱联用仪',
  'ICP-MS',
  '扫描电子显微镜',
  'scanning electron microscope',
  '离心机',
  'centrifuge',
  '核磁共振波谱仪',
  'X射线衍射仪',
];
const MAKERS = ['Thermo Fisher', 'Bruker', '岛津', 'Hitachi', undefined];
const DESCRIPTIONS = ['仪器状态良好，可预约', '质谱分析 专用', 'high resolution imaging', '样品前处理', undefined];
const REGIONS = ['jiaxing', 'anhui', 'suzhou'];
const UNITS = ['jx-u001', 'jx-u002', 'ah-u001'];
const CATEGORIES = ['0101', '0102', '0201', '0303'];
const MODES = ['operator_assisted', 'self_service', 'sample_mailing'];

const QUERIES: SearchQuery[] = [
  { q: '质谱' },
  { q: '质谱', pageSize: 3 },
  { q: '质谱 分析', pageSize: 3, page: 2 },
  { q: 'MS', pageSize: 5, page: 2 },
  { q: '离心机', sort: 'fee', pageSize: 4 },
  { q: '显微镜', near: { lat: 31, lon: 120 }, sort: 'distance', pageSize: 4, page: 2 },
  { region: ['jiaxing'], sort: 'fee', pageSize: 5 },
  { q: '电镜' },
  { q: 'microscope', region: ['jiaxing'] },
  { q: 'centrifuge', sort: 'fee' },
  { q: 'centrifug' },
  { q: '离心机 Bruker' },
  { q: '预约' },
  { q: 'imaging', viewer: { unitId: 'jx-u002' } },
  { q: '质谱', viewer: { seesAll: true } },
  { q: '质谱', near: { lat: 30.7, lon: 120.7 }, radiusKm: 200, sort: 'distance' },
  { q: '核磁', feeMax: 500 },
  { q: '衍射 样品', serviceMode: 'self_service' },
  { q: 'nothinglikeit' },
  {},
  { region: ['anhui'] },
  { category: '01', pageSize: 10 },
  { unitId: 'jx-u001', sort: 'fee' },
  { viewer: { unitId: 'ah-u001' }, customsGated: true },
  { sort: 'relevance', city: 'city-1' },
];

/** Deterministic: a failure replays. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function documentFor(id: string, next: () => number): SearchDocument {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const region = pick(REGIONS);
  return makeDocument(id, {
    name: `${pick(NAMES)} ${Math.floor(next() * 7)}`,
    manufacturer: pick(MAKERS),
    description: pick(DESCRIPTIONS),
    model: next() < 0.5 ? `M-${Math.floor(next() * 40)}` : undefined,
    region,
    city: `city-${Math.floor(next() * 3)}`,
    unitId: pick(UNITS),
    categoryCode: pick(CATEGORIES),
    serviceModes: MODES.filter(() => next() < 0.5),
    customsGated: next() < 0.2,
    feeExternalCny: next() < 0.8 ? Math.floor(next() * 1000) : undefined,
    feeUnit: 'hour',
    location: next() < 0.9 ? { lat: 30 + next() * 3, lon: 118 + next() * 4 } : undefined,
    updatedAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(next() * 3e10)).toISOString(),
    visibility: next() < 0.1 ? 'unit' : 'public',
  });
}

function pick(doc: SearchDocument, fields: (keyof SearchDocument)[]): Partial<SearchDocument> {
  return Object.fromEntries(fields.map((field) => [field, doc[field]]));
}

describe('kept answers under a stream of changes', () => {
  // Statistics taken again after a twentieth of the documents changed (the default), and after a half.
  it.each([
    [1, 0.05],
    [2, 0.05],
    [3, 0.5],
    [4, 0.5],
  ])('are exactly what an index with the same history answers (seed %i, statistics drift %d)', (seed, statisticsDrift) => {
    const next = random(seed);
    const options: SearchIndexOptions = { statisticsDrift };
    const initial = Array.from({ length: 400 }, (_, i) => documentFor(`doc-${i}`, next));
    const index = SearchIndex.from(initial, options);
    const history: ((target: SearchIndex) => unknown)[] = [];
    const kept = QUERIES.map((q) => ({ ...index.answer(q), version: index.version }));
    let survived = 0;
    let compared = 0;
    for (let step = 0; step < 120; step++) {
      const id = `doc-${Math.floor(next() * 420)}`;
      const current = index.get(id);
      // Half the changes rewrite a record as a partner's sync does: its text, fee and date, in the same facet cell.
      const doc =
        current && next() < 0.5
          ? { ...current, ...pick(documentFor(id, next), next() < 0.5 ? ['description', 'feeExternalCny', 'updatedAt'] : ['name', 'manufacturer', 'model']) }
          : documentFor(id, next);
      const apply = next() < 0.15 ? (target: SearchIndex) => target.remove(id) : (target: SearchIndex) => target.upsert(doc);
      history.push(apply);
      apply(index);
      if (step % 2 !== 1) continue;
      // Never asked before: no kept clause matches, nothing remembered from earlier questions.
      const fresh = SearchIndex.from(initial, options);
      for (const change of history) change(fresh);
      QUERIES.forEach((q, i) => {
        const entry = kept[i];
        if (index.unaffected(entry.scope, entry.version)) {
          survived++;
          expect({ q, result: entry.result }).toEqual({ q, result: fresh.search(q) });
          entry.version = index.version;
        } else kept[i] = { ...index.answer(q), version: index.version };
        compared++;
      });
    }
    // Many answers outlive the two changes between checks: a change concerns few of them.
    expect(survived).toBeGreaterThan(compared / 3);
  });

  it('keep an answer through changes it is not about, and drop it for one it is about', () => {
    const docs = Array.from({ length: 1000 }, (_, i) =>
      makeDocument(`doc-${i}`, {
        name: i % 2 === 0 ? `离心机 ${i % 7}` : `扫描电子显微镜 ${i % 7}`,
        region: i % 3 === 0 ? 'anhui' : 'jiaxing',
        description: i % 5 === 0 ? '样品前处理' : '仪器状态良好',
      }),
    );
    const index = SearchIndex.from(docs);
    const asked = (q: SearchQuery) => ({ ...index.answer(q), version: index.version });
    const centrifuges = asked({ q: '离心机', region: ['anhui'] });
    const listing = asked({});
    const stillHolds = (kept: ReturnType<typeof asked>) => index.unaffected(kept.scope, kept.version);

    // Words every index already has: a partner rewriting descriptions, as the bench's writer does.
    index.upsert({ ...docs[1], description: '样品前处理' });
    index.upsert({ ...docs[2], description: '样品前处理' });
    expect(stillHolds(centrifuges)).toBe(true);
    expect(stillHolds(listing)).toBe(false);
    expect(index.search({ q: '离心机', region: ['anhui'] })).toEqual(centrifuges.result);

    index.upsert({ ...docs[2], region: 'anhui' });
    expect(stillHolds(centrifuges)).toBe(false);
  });

  it('drop an answer an instrument leaves by becoming visible to its unit only', () => {
    const docs = Array.from({ length: 1000 }, (_, i) => makeDocument(`doc-${i}`, { name: i % 2 === 0 ? `离心机 ${i % 7}` : `扫描电子显微镜 ${i % 7}` }));
    const index = SearchIndex.from(docs);
    const { scope } = index.answer({ q: '离心机' });
    const version = index.version;
    index.upsert({ ...docs[0], visibility: 'unit' });
    expect(index.unaffected(scope, version)).toBe(false);
  });

  it('count why each kept answer stopped being exact: a change on its page, a new generation, a statistics epoch', () => {
    const docs = Array.from({ length: 200 }, (_, i) =>
      makeDocument(`doc-${i}`, { name: i % 2 === 0 ? `离心机 ${i % 7}` : `扫描电子显微镜 ${i % 7}`, description: i % 5 === 0 ? '样品前处理' : '仪器状态良好' }),
    );
    const index = SearchIndex.from(docs);
    const asked = () => ({ ...index.answer({ q: '离心机' }), version: index.version });
    const first = asked();
    expect(first.result.items[0].id).toBe('doc-0');
    index.upsert({ ...docs[0], description: '样品前处理' });
    expect(index.unaffected(first.scope, first.version)).toBe(false);
    const second = asked();
    index.compact();
    expect(index.unaffected(second.scope, second.version)).toBe(false);
    expect(index.concerns).toMatchObject({ onPage: 1, generation: 1, statistics: 0 });

    const retaken = SearchIndex.from(docs, { statisticsDrift: 0 });
    const { scope } = retaken.answer({ q: '离心机' });
    const version = retaken.version;
    retaken.upsert({ ...docs[1], description: '样品前处理' });
    expect(retaken.unaffected(scope, version)).toBe(false);
    expect(retaken.concerns).toMatchObject({ statistics: 1, onPage: 0 });
  });

  it('keep an answer through a word new to the index when its query plans the same, and drop one whose plan the word changes', () => {
    const docs = Array.from({ length: 200 }, (_, i) =>
      makeDocument(`doc-${i}`, { name: i % 2 === 0 ? `离心机 ${i % 7}` : `扫描电子显微镜 ${i % 7}`, description: i % 5 === 0 ? '样品前处理' : '仪器状态良好' }),
    );
    const index = SearchIndex.from(docs);
    const asked = (q: SearchQuery) => ({ ...index.answer(q), version: index.version });
    const centrifuges = asked({ q: '离心机' });
    const withUnknownWord = asked({ q: '离心机 zebrafish' });
    expect(withUnknownWord.result.ignoredTerms).toEqual(['zebrafish']);
    // A microscope's description brings a word no document had: the vocabulary moves.
    index.upsert({ ...docs[1], description: 'zebrafish imaging' });
    expect(index.unaffected(centrifuges.scope, centrifuges.version)).toBe(true);
    expect(index.search({ q: '离心机' })).toEqual(centrifuges.result);
    expect(index.unaffected(withUnknownWord.scope, withUnknownWord.version)).toBe(false);
    expect(index.concerns).toMatchObject({ vocabulary: 1 });
  });

  it("keep a synonym family's page when a rewritten match scores below it, by the score's dis-max bound", () => {
    // Mass spectrometers by name in both languages, the first ten also by their description's MS; then centrifuges.
    const docs = Array.from({ length: 200 }, (_, i) =>
      makeDocument(`doc-${String(i).padStart(3, '0')}`, {
        name: i < 20 ? '质谱仪' : '离心机',
        nameEn: i < 20 ? 'mass spectrometer' : 'centrifuge',
        description: i < 10 ? '质谱 MS' : i < 20 ? '质谱 样品前处理' : '仪器状态良好 样品前处理',
      }),
    );
    const index = SearchIndex.from(docs);
    const page = { ...index.answer({ q: '质谱', pageSize: 5 }), version: index.version };
    // A partner rewrites a record without MS: its score moves (a longer description), but stays below every record with MS.
    index.upsert({ ...docs[15], description: '质谱 样品前处理 仪器状态良好' });
    expect(index.unaffected(page.scope, page.version)).toBe(true);
    expect(index.search({ q: '质谱', pageSize: 5 })).toEqual(page.result);
  });
});
