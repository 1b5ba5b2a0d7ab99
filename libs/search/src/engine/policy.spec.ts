import { SearchIndex } from './search-index';
import { ids, makeDocument } from '../testing/make-document';
import type { SearchQuery, SearchResult } from './types';

// jx-u001 owns a confidential NMR whose name has a word no public document has.
const docs = [
  makeDocument('public-nmr', { name: '核磁共振波谱仪', unitId: 'jx-u002', region: 'jiaxing', categoryCode: '0106' }),
  makeDocument('secret-nmr', {
    name: '核磁共振波谱仪 绝密型',
    nameEn: 'Classified NMR',
    unitId: 'jx-u001',
    region: 'shanghai',
    categoryCode: '0106',
    visibility: 'unit',
    customsGated: true,
  }),
  makeDocument('public-sem', { name: '扫描电子显微镜', unitId: 'jx-u001', region: 'jiaxing', categoryCode: '0101' }),
];
const index = SearchIndex.from(docs);
const anonymous = (q: SearchQuery = {}) => index.search(q);
const otherUnit = (q: SearchQuery = {}) => index.search({ ...q, viewer: { unitId: 'jx-u002' } });
const ownUnit = (q: SearchQuery = {}) => index.search({ ...q, viewer: { unitId: 'jx-u001' } });
const admin = (q: SearchQuery = {}) => index.search({ ...q, viewer: { seesAll: true } });
/** Everything a viewer can learn from an answer. */
const visible = (r: SearchResult) => ({ ids: ids(r), total: r.total, facets: r.facets, ignored: r.ignoredTerms, scores: r.items.map((h) => h.score) });

describe('viewer policy', () => {
  it.each([
    ['anonymous', anonymous],
    ['another unit', otherUnit],
  ])('hides unit-only documents from %s, in items, totals and facets', (_who, search) => {
    for (const q of [{}, { q: 'NMR' }, { q: '核磁', region: ['shanghai', 'jiaxing'] }, { customsGated: true }, { sort: 'fee' as const }]) {
      const result = search(q);
      expect(ids(result)).not.toContain('secret-nmr');
      expect(JSON.stringify(result.facets)).not.toContain('shanghai');
    }
    expect(search({ q: 'NMR' }).total).toBe(1);
    expect(search({ customsGated: true }).total).toBe(0);
    expect(search().facets.customsGated).toEqual([{ value: 'false', count: 2 }]);
  });

  it('answers a word found only in a hidden document exactly like a word found nowhere', () => {
    expect(visible(anonymous({ q: '绝密型' }))).toEqual({ ...visible(anonymous({ q: '无此词' })), ignored: ['绝密型'] });
    expect(visible(otherUnit({ q: 'NMR classified' }))).toEqual({ ...visible(otherUnit({ q: 'NMR nonexistent' })), ignored: ['classified'] });
  });

  it('scores public documents the same whether hidden ones exist or not', () => {
    const publicOnly = SearchIndex.from(docs.filter((d) => d.visibility === 'public'));
    expect(visible(anonymous({ q: '核磁共振' }))).toEqual(visible(publicOnly.search({ q: '核磁共振' })));
  });

  it.each([
    ['its own unit', ownUnit],
    ['a viewer who sees all', admin],
  ])('shows unit-only documents to %s, counted in totals and facets', (_who, search) => {
    expect(ids(search({ q: '绝密型' }))).toEqual(['secret-nmr']);
    expect(search({ q: 'NMR' }).total).toBe(2);
    const all = search();
    expect(all.total).toBe(3);
    expect(all.facets.region).toEqual([
      { value: 'jiaxing', count: 2 },
      { value: 'shanghai', count: 1 },
    ]);
    expect(search({ customsGated: true, region: ['shanghai'] }).total).toBe(1);
  });

  it('follows a document that becomes confidential, and back', () => {
    const live = SearchIndex.from(docs);
    live.upsert({ ...docs[0], visibility: 'unit' });
    expect(live.search({ q: 'NMR' }).total).toBe(0);
    expect(live.search({ q: 'NMR', viewer: { unitId: 'jx-u002' } }).total).toBe(1);
    live.upsert(docs[0]);
    expect(live.search({ q: 'NMR' }).total).toBe(1);
  });
});
