import { compactingCollection } from '../indexing/compacting-collection';
import { makeDocument } from '../testing/make-document';
import { SearchIndex } from './search-index';
import type { SearchDocument } from './types';

/** Every field of a document present, in the order the index keeps them, as JSON would show it. */
const FULL = makeDocument('jiaxing:full', {
  name: '场发射扫描电子显微镜',
  nameEn: 'Field emission SEM',
  model: 'JSM-7800F',
  manufacturer: 'JEOL',
  categoryName: '电子光学仪器',
  description: '高分辨形貌观察',
  serviceModes: ['operator_assisted', 'sample_submission'],
  customsGated: true,
  feeExternalCny: 500.5,
  feeInternalCny: 0,
  feeUnit: 'hour',
  location: { lat: 30.7486, lon: -120.7381 },
  updatedAt: '2026-03-01T08:00:00Z',
});
const BARE = makeDocument('anhui:bare', { region: 'anhui', city: '合肥市', unitId: 'ah-u001', visibility: 'unit' });

/** What the index gives back for a document: every field, absent ones as undefined, in a fixed order. */
function kept(doc: SearchDocument): SearchDocument {
  return {
    id: doc.id,
    name: doc.name,
    nameEn: doc.nameEn,
    model: doc.model,
    manufacturer: doc.manufacturer,
    categoryCode: doc.categoryCode,
    categoryName: doc.categoryName,
    description: doc.description,
    region: doc.region,
    city: doc.city,
    unitId: doc.unitId,
    serviceModes: doc.serviceModes,
    customsGated: doc.customsGated,
    feeExternalCny: doc.feeExternalCny,
    feeInternalCny: doc.feeInternalCny,
    feeUnit: doc.feeUnit,
    location: doc.location,
    updatedAt: doc.updatedAt,
    visibility: doc.visibility,
  };
}

/** Loads 50 documents and upserts one again; weak references to each document and location given. */
function loadWatched(index: SearchIndex): WeakRef<object>[] {
  const refs: WeakRef<object>[] = [];
  const watched = (doc: SearchDocument) => {
    refs.push(new WeakRef(doc), new WeakRef(doc.location!));
    return doc;
  };
  const load = index.load();
  for (let i = 0; i < 50; i++) load.add(watched(makeDocument(`doc-${i}`, { location: { lat: 30 + i / 100, lon: 120 } })));
  load.finish();
  index.upsert(watched(makeDocument('doc-0', { name: '离心机', location: { lat: 1, lon: 2 } })));
  return refs;
}

describe('documents kept as columns', () => {
  it('gives back each document as it was added (every field, absent ones too, in order), in pages, by id, after a load and a compaction', () => {
    const index = SearchIndex.from([FULL, BARE]);
    for (const doc of [FULL, BARE]) {
      expect(index.get(doc.id)).toStrictEqual(kept(doc));
      expect(JSON.stringify(index.get(doc.id))).toBe(JSON.stringify(kept(doc)));
    }
    const page = index.search({ q: '显微镜' });
    expect(page.items.map((h) => h.document)).toStrictEqual([kept(FULL)]);
    expect(index.search({ viewer: { seesAll: true }, sort: 'freshness' }).items.map((h) => JSON.stringify(h.document))).toEqual(
      [FULL, BARE].map((d) => JSON.stringify(kept(d))),
    );

    // A replaced version's texts go with it; the new one's come back, also after the index is rebuilt.
    const moved = { ...FULL, description: '低真空模式', location: undefined, feeExternalCny: undefined };
    index.upsert(moved);
    expect(index.get(FULL.id)).toStrictEqual(kept(moved));
    index.compact();
    expect(index.get(FULL.id)).toStrictEqual(kept(moved));
    expect(index.get(BARE.id)).toStrictEqual(kept(BARE));
    expect(index.search({ q: '低真空' }).items.map((h) => h.id)).toEqual([FULL.id]);
  });

  it('keeps no object of the documents it was given: one per document (and its location) was most of the heap at 1,000,000', async () => {
    const index = new SearchIndex();
    // Made in a function of their own: a suspended async test would keep its last loop variables.
    const refs = loadWatched(index);
    // WeakRefs hold their targets until the job that made them is over.
    await new Promise((resolve) => setImmediate(resolve));
    compactingCollection();
    expect(refs.filter((r) => r.deref() !== undefined)).toHaveLength(0);
    expect(index.get('doc-7')!.location).toEqual({ lat: 30.07, lon: 120 });
  });

  it('files a service-mode list as it is when given, even one its caller changed after giving it before', () => {
    const index = new SearchIndex();
    const modes = ['operator_assisted'];
    index.upsert(makeDocument('doc-1', { serviceModes: modes }));
    modes.push('sample_submission');
    index.upsert(makeDocument('doc-2', { serviceModes: modes }));
    expect(index.get('doc-1')!.serviceModes).toEqual(['operator_assisted']);
    expect(index.get('doc-2')!.serviceModes).toEqual(['operator_assisted', 'sample_submission']);
    expect(index.search({ serviceMode: 'sample_submission' }).items.map((hit) => hit.id)).toEqual(['doc-2']);
  });
});
