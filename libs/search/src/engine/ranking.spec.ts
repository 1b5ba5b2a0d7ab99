import { SearchIndex } from './search-index';
import { EXACT_MODEL_BOOST } from './sort-keys';
import { ids, makeDocument } from '../testing/make-document';

describe('ranking', () => {
  it('weighs fields name > model > category > manufacturer > description', () => {
    // The word sits in exactly one field of each document, fields have the same length in every document,
    // so only the field weight differs. (`zeta 1`, not `zeta`, as a model: a whole-model match would win outright.)
    const fields = ['name', 'model', 'categoryName', 'manufacturer', 'description'] as const;
    const docs = fields.map((field) => {
      const doc = makeDocument(`in-${field}`, { name: 'alpha 1', model: 'beta 1', categoryName: 'gamma 1', manufacturer: 'delta 1', description: 'epsilon 1' });
      return { ...doc, [field]: 'zeta 1' };
    });
    const index = SearchIndex.from([...docs].reverse());
    expect(ids(index.search({ q: 'zeta' }))).toEqual(fields.map((f) => `in-${f}`));
  });

  it('counts nameEn as the name', () => {
    const index = SearchIndex.from([
      makeDocument('desc', { name: '拉曼', description: 'Raman microscope for carbon materials' }),
      makeDocument('en', { name: '拉曼', nameEn: 'Raman microscope' }),
    ]);
    expect(ids(index.search({ q: 'microscope' }))).toEqual(['en', 'desc']);
  });

  it('puts an exact model match first, before documents that merely mention it', () => {
    const index = SearchIndex.from([
      makeDocument('mentions', { name: 'JSM-7800F 场发射扫描电子显微镜', model: 'JSM-7800F Prime', description: 'JSM-7800F JSM-7800F' }),
      makeDocument('exact', { name: '场发射扫描电子显微镜', model: 'JSM-7800F' }),
      makeDocument('other', { name: '场发射扫描电子显微镜', model: 'JSM-7900F' }),
    ]);
    for (const q of ['JSM-7800F', 'jsm7800f', 'JSM 7800F', 'jsm-7800f', 'ＪＳＭ－７８００Ｆ']) {
      const result = index.search({ q });
      expect(ids(result)).toEqual(['exact', 'mentions']);
      expect(result.items[0].score).toBeGreaterThan(EXACT_MODEL_BOOST);
    }
  });

  it('finds a model by its joined designation, and by a prefix of its pieces', () => {
    const index = SearchIndex.from([makeDocument('r', { model: 'Regulus 8100' }), makeDocument('c', { model: 'CFX96 Touch' })]);
    expect(ids(index.search({ q: 'regulus8100' }))).toEqual(['r']);
    expect(ids(index.search({ q: 'CFX 96' }))).toEqual(['c']);
  });

  it('ranks the document that expresses a family in more ways higher', () => {
    const index = SearchIndex.from([
      makeDocument('both', { name: '扫描电子显微镜', nameEn: 'Scanning electron microscope (SEM)' }),
      makeDocument('one', { name: '扫描电子显微镜' }),
    ]);
    expect(ids(index.search({ q: 'SEM' }))).toEqual(['both', 'one']);
  });

  it('finds two-character Chinese words inside longer names (character bigrams)', () => {
    const index = SearchIndex.from([makeDocument('sem', { name: '扫描电子显微镜' }), makeDocument('nmr', { name: '核磁共振波谱仪' })], { synonyms: null });
    expect(ids(index.search({ q: '显微' }))).toEqual(['sem']);
    expect(ids(index.search({ q: '共振' }))).toEqual(['nmr']);
    expect(ids(index.search({ q: '镜' }))).toEqual(['sem']);
  });

  it('requires every query term (unknown terms are reported and left out)', () => {
    const index = SearchIndex.from([
      makeDocument('a', { name: '原子力显微镜', manufacturer: 'Bruker' }),
      makeDocument('b', { name: '原子力显微镜', manufacturer: 'Park Systems' }),
    ]);
    expect(ids(index.search({ q: 'Bruker AFM' }))).toEqual(['a']);
    const result = index.search({ q: 'AFM 报价单' });
    expect(result.total).toBe(2);
    expect(result.ignoredTerms).toEqual(['报价单']);
    expect(index.search({ q: '报价单' }).total).toBe(0);
  });
});

describe('highlighting', () => {
  const index = SearchIndex.from([
    makeDocument('sem', { name: '扫描电子显微镜', nameEn: 'Scanning electron microscope <b>&</b>', model: 'ＪＳＭ－７８００Ｆ' }),
  ]);

  it('marks the matched stretches of name, nameEn and model in the original characters', () => {
    const { highlights } = index.search({ q: 'JSM-7800F scanning' }).items[0];
    expect(highlights.model).toBe('<em>ＪＳＭ－７８００Ｆ</em>');
    expect(highlights.nameEn).toBe('<em>Scanning</em> electron microscope &lt;b&gt;&amp;&lt;/b&gt;');
    expect(highlights.name).toBeUndefined();
  });

  it('marks Chinese matches found through bigrams and synonyms', () => {
    expect(index.search({ q: '显微' }).items[0].highlights.name).toBe('扫描电子<em>显微</em>镜');
    expect(index.search({ q: '描电' }).items[0].highlights.name).toBe('扫<em>描电</em>子显微镜');
    expect(index.search({ q: 'SEM' }).items[0].highlights.name).toBe('<em>扫描电子显微镜</em>');
  });
});

describe('upsert and remove', () => {
  const base = () =>
    SearchIndex.from([makeDocument('a', { name: '透射电子显微镜', region: 'jiaxing' }), makeDocument('b', { name: '核磁共振波谱仪', region: 'shanghai' })]);

  it('replaces a document: its old text no longer finds it, its new text does', () => {
    const index = base();
    index.upsert(makeDocument('a', { name: '原子力显微镜', region: 'anhui' }));
    expect(index.search({ q: '透射' }).total).toBe(0);
    expect(ids(index.search({ q: '原子力' }))).toEqual(['a']);
    expect(index.size).toBe(2);
    expect(index.search({}).facets.region).toEqual([
      { value: 'anhui', count: 1 },
      { value: 'shanghai', count: 1 },
    ]);
  });

  it('moves its version on every change and only then, so cached answers know when they are stale', () => {
    const index = base();
    const start = index.version;
    index.search({ q: '核磁' });
    expect(index.version).toBe(start);
    index.upsert(makeDocument('c', { name: '流式细胞仪' }));
    expect(index.version).toBeGreaterThan(start);
    const afterUpsert = index.version;
    expect(index.remove('missing')).toBe(false);
    expect(index.version).toBe(afterUpsert);
    index.remove('c');
    expect(index.version).toBeGreaterThan(afterUpsert);
  });

  it('removes a document everywhere, and says whether there was one', () => {
    const index = base();
    expect(index.remove('b')).toBe(true);
    expect(index.remove('b')).toBe(false);
    expect(index.search({ q: '核磁' }).total).toBe(0);
    expect(index.search({}).total).toBe(1);
    expect(index.get('b')).toBeUndefined();
    index.upsert(makeDocument('b', { name: '核磁共振波谱仪' }));
    expect(ids(index.search({ q: 'NMR' }))).toEqual(['b']);
  });

  it('answers exactly like an index built from the final documents, after heavy churn and after compaction', () => {
    const names = ['扫描电子显微镜', '透射电子显微镜', '核磁共振波谱仪', '高效液相色谱仪', '气相色谱-质谱联用仪', 'X射线衍射仪', '流式细胞仪'];
    const regions = ['jiaxing', 'shanghai', 'anhui'];
    const churned = new SearchIndex();
    const final = new Map<string, ReturnType<typeof makeDocument>>();
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    for (let step = 0; step < 3000; step++) {
      const id = `d${next(200)}`;
      if (next(5) === 0) {
        churned.remove(id);
        final.delete(id);
      } else {
        const doc = makeDocument(id, {
          name: names[next(names.length)],
          region: regions[next(3)],
          visibility: next(10) === 0 ? 'unit' : 'public',
          feeExternalCny: next(1000),
        });
        churned.upsert(doc);
        final.set(id, doc);
      }
    }
    const fresh = SearchIndex.from(final.values());
    const compare = (index: SearchIndex) => {
      for (const q of ['电镜', 'NMR', '色谱', 'XRD', '显微', '']) {
        const got = index.search({ q, pageSize: 100, sort: 'fee' });
        const want = fresh.search({ q, pageSize: 100, sort: 'fee' });
        expect({ q, ids: ids(got), total: got.total, facets: got.facets }).toEqual({ q, ids: ids(want), total: want.total, facets: want.facets });
      }
    };
    compare(churned);
    expect(churned.stats().ordinals).toBeGreaterThan(churned.size);
    churned.compact();
    expect(churned.stats().ordinals).toBe(churned.size);
    compare(churned);
  });

  it('keeps what replaced versions leave behind bounded while a small catalog is edited without end', () => {
    const catalog = 200;
    const doc = (i: number, revision: number) => makeDocument(`d${i}`, { name: '扫描电子显微镜', description: `形貌观察 revision ${revision}` });
    const index = SearchIndex.from(Array.from({ length: catalog }, (_, i) => doc(i, 0)));
    let largest = 0;
    for (let revision = 1; revision <= 6_000; revision++) {
      index.upsert(doc(revision % catalog, revision));
      if (revision % 100 === 0) largest = Math.max(largest, index.stats().ordinals, index.stats().terms);
    }
    // Every edit brought a word of its own: without a rebuild, 6,000 dead versions and their words stay.
    expect(largest).toBeLessThanOrEqual(2_500);
    expect(index.size).toBe(catalog);
    expect(ids(index.search({ q: '6000' }))).toEqual([`d${6_000 % catalog}`]);
    expect(index.search({ q: '5000' }).total).toBe(0);
  });

  it('refuses malformed documents and leaves the index unchanged', () => {
    const index = base();
    expect(() => index.upsert({ ...makeDocument('a'), visibility: 'secret' as never })).toThrow(/visibility/);
    expect(() => index.upsert({ ...makeDocument('a'), location: { lat: 91, lon: 0 } })).toThrow(/location/);
    expect(() => index.upsert({ ...makeDocument(''), name: 'x' })).toThrow(/id/);
    expect(ids(index.search({ q: '透射' }))).toEqual(['a']);
  });
});
