import { MAX_QUERY_CHARS } from './analyzer';
import { SearchDocumentError, SearchQueryError } from './errors';
import { SearchIndex } from './search-index';
import { makeDocument } from '../testing/make-document';
import type { SearchQuery } from './types';

const index = SearchIndex.from([
  makeDocument('sem', { name: '扫描电子显微镜', nameEn: 'Scanning electron microscope (SEM)', model: 'JSM-7800F', manufacturer: 'JEOL' }),
  makeDocument('odd', { name: '100% <script>alert(1)</script> 仪器', nameEn: "O'Reilly & Sons \\ path_name", model: '.*+?^${}()|[]' }),
]);

/** Runs a query; anything but a result or a SearchQueryError fails the test. */
function attempt(query: SearchQuery): 'ok' | 'rejected' {
  try {
    const result = index.search(query);
    expect(result.total).toBeGreaterThanOrEqual(0);
    return 'ok';
  } catch (error) {
    expect(error).toBeInstanceOf(SearchQueryError);
    return 'rejected';
  }
}

const hostile = [
  '',
  '   ',
  "' OR 1=1 --",
  "'; DROP TABLE instruments; --",
  '%_\\',
  '%%%___\\\\\\',
  '.*+?^${}()|[]\\/',
  '(?<x>a)\\1',
  '🔬🧪 electron 🙂',
  '\ud800\udc00\ud83d',
  'abc\ud800def\udfff',
  '\u0000\u0001\u0007\u001b[31m\u007f',
  '\u200e\u200f\u202e\ufeff SEM',
  '<script>alert(1)</script>',
  '&lt;em&gt;',
  'SEM'.repeat(4000),
  '电'.repeat(10_000),
  'a'.repeat(10_000),
  Array.from({ length: 2000 }, (_, i) => `w${i}`).join(' '),
  '镜',
  '的',
  '-',
  '-SEM-',
  'ＳＥＭ',
  '100%',
  'NaN Infinity undefined null',
  '__proto__ constructor prototype hasOwnProperty',
];

describe('hostile queries', () => {
  it.each(hostile.map((q) => [q.length > 40 ? `${q.slice(0, 40)}… (${q.length} chars)` : JSON.stringify(q), q]))('answers %s without throwing', (_label, q) => {
    expect(attempt({ q })).toBe('ok');
    expect(attempt({ q, sort: 'fee', region: ['jiaxing'], near: { lat: 30, lon: 120 }, radiusKm: 1000, page: 2, pageSize: 5 })).toBe('ok');
  });

  it('finds what a mangled query still says', () => {
    expect(index.search({ q: '🔬🧪 electron 🙂' }).total).toBe(1);
    expect(index.search({ q: '\u200e\u200f\u202e\ufeff SEM' }).total).toBe(1);
    // Nothing searchable left: the same as no text at all.
    expect(index.search({ q: '.*+?^${}()|[]' })).toMatchObject({ total: 2, sort: 'freshness' });
  });

  it('reads only the start of a 10,000-character query and says so', () => {
    const result = index.search({ q: `SEM ${'x'.repeat(10_000)}` });
    expect(result.truncated).toBe(true);
    expect(result.total).toBe(1);
    expect(MAX_QUERY_CHARS).toBeLessThan(10_000);
  });

  it('escapes HTML in highlights', () => {
    const [hit] = index.search({ q: 'script' }).items;
    expect(hit.highlights.name).toBe('100% &lt;<em>script</em>&gt;alert(1)&lt;/<em>script</em>&gt; 仪器');
    expect(index.search({ q: "O'Reilly" }).items[0].highlights.nameEn).toBe('<em>O&#39;Reilly</em> &amp; Sons \\ path_name');
  });

  it('survives random text', () => {
    const pool = [
      'a',
      'Z',
      '7',
      '-',
      '/',
      ' ',
      '电',
      '镜',
      '谱',
      'é',
      'ß',
      '\u0000',
      '\ud800',
      '\udc00',
      '🔬',
      '%',
      '_',
      '\\',
      "'",
      '"',
      '*',
      '(',
      ')',
      '\u3000',
      'Ｓ',
    ];
    let seed = 42;
    const next = (n: number) => ((seed = (seed * 48271) % 2147483647), seed % n);
    for (let i = 0; i < 500; i++) {
      const q = Array.from({ length: next(60) }, () => pool[next(pool.length)]).join('');
      expect(attempt({ q })).toBe('ok');
    }
  });

  it.each([
    [{ q: 42 }],
    [{ q: { $ne: null } }],
    [{ region: 'jiaxing' as unknown as string[], pageSize: 'ten' }],
    [{ region: [1, 2] }],
    [{ sort: 'random' }],
    [{ feeMax: -1 }],
    [{ feeMax: Number.NaN }],
    [{ category: 1 }],
    [{ near: { lat: 'x', lon: 0 } }],
    [{ radiusKm: 10 }],
    [{ cursor: 12 }],
    [{ viewer: 'admin' }],
  ])('rejects %j with a SearchQueryError', (query) => {
    expect(() => index.search(query as unknown as SearchQuery)).toThrow(SearchQueryError);
  });

  it('rejects a query that is not an object', () => {
    expect(() => index.search(null as unknown as SearchQuery)).toThrow(SearchQueryError);
  });
});

describe('a document the index cannot hold', () => {
  const tooManyModes = Array.from({ length: 32 }, (_, i) => `mode-${i}`);

  it('refuses a replacement with more distinct service modes than a cell holds, and keeps the version it had', () => {
    const changing = SearchIndex.from([makeDocument('a', { name: '扫描电子显微镜' }), makeDocument('b')]);
    const before = changing.get('a');
    expect(() => changing.upsert(makeDocument('a', { name: '透射电子显微镜', serviceModes: tooManyModes }))).toThrow(SearchDocumentError);
    expect(changing.size).toBe(2);
    expect(changing.get('a')).toEqual(before);
    expect(changing.search({}).total).toBe(2);
    expect(changing.search({ q: '扫描' }).items.map((h) => h.id)).toEqual(['a']);
  });

  it('refuses a new document with too many service modes without taking a place for it', () => {
    const changing = SearchIndex.from([makeDocument('a'), makeDocument('b')]);
    expect(() => changing.upsert(makeDocument('c', { name: '核磁共振波谱仪', serviceModes: tooManyModes }))).toThrow(SearchDocumentError);
    expect(changing.has('c')).toBe(false);
    expect(changing.search({}).total).toBe(2);
    expect(changing.search({ q: '核磁' }).total).toBe(0);
    // The modes it brought were not kept either: a document with a few of them still fits.
    changing.upsert(makeDocument('d', { serviceModes: tooManyModes.slice(0, 20) }));
    expect(changing.search({ serviceMode: 'mode-19' }).items.map((h) => h.id)).toEqual(['d']);
  });
});
