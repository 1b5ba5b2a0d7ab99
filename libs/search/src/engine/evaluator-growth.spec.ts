import { SearchIndex } from './search-index';
import { makeDocument } from '../testing/make-document';

// The evaluator sizes its per-ordinal scratch at the first search; ordinals added afterwards
// (every update takes a new one) must still get their own clause bookkeeping.
describe('evaluator scratch after the index grows', () => {
  it('returns an updated document once when two alternatives of one clause match it', () => {
    const models = ['QZX-1357', 'DRW-2468', 'SKT-9753', 'HJN-1122', 'MFP-5566'];
    const index = SearchIndex.from(models.map((model, i) => makeDocument(`doc-${i}`, { model })));
    // Searched while small: the scratch is sized for five ordinals.
    expect(index.search({ q: 'MFP-5566' }).items.map((h) => h.id)).toEqual(['doc-4']);
    // Updates retire ordinals and append new ones, past what the first search prepared for.
    index.upsert(makeDocument('doc-0', { model: 'VLM-8642' }));
    index.upsert(makeDocument('doc-2', { model: 'SKT-9753' }));
    index.upsert(makeDocument('doc-4', { model: 'RTY-7788' }));
    expect(index.search({ q: 'MFP-5566' }).items).toEqual([]);
    for (const q of ['RTY-7788', 'SKT-9753', 'VLM-8642']) {
      const ids = index.search({ q }).items.map((h) => h.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(1);
    }
    const hit = index.search({ q: 'RTY-7788' }).items[0];
    expect(Number.isFinite(hit.score)).toBe(true);
  });

  it('keeps growing after a trim gave back the room kept for growth', () => {
    const index = SearchIndex.from(['QZX-1357', 'DRW-2468'].map((model, i) => makeDocument(`doc-${i}`, { model, name: '质谱仪' })));
    index.trim();
    for (let i = 2; i < 40; i++)
      index.upsert(
        makeDocument(`doc-${i}`, { model: `MFP-${1000 + i}`, name: '质谱仪', updatedAt: `2026-02-${String((i % 28) + 1).padStart(2, '0')}T00:00:00.000Z` }),
      );
    index.upsert(makeDocument('doc-0', { model: 'VLM-8642', name: '离心机' }));
    expect(index.search({ q: '质谱仪', pageSize: 100 }).total).toBe(39);
    expect(index.search({ q: 'VLM-8642' }).items.map((h) => h.id)).toEqual(['doc-0']);
    expect(index.search({ pageSize: 1 }).items.map((h) => h.id)).toEqual(['doc-27']);
  });
});
