import type { SearchDocument, SearchQuery } from '../engine/types';
import { makeDocument, pickWith, randomCell } from './make-document';

/**
 * A catalog where one word, `goniometer`, is broad: few distinct texts carry it, so its weights tie by the hundred
 * and ties are broken by id across pages; one document in a hundred has it as its model designation (a question of
 * it finds those first, whatever their weight); cells, units and visibility drawn as `randomCell` draws them.
 */
export function broadWordDocument(
  id: string,
  next: () => number,
  overrides: Partial<SearchDocument> = {},
  names: readonly string[] = BROAD_WORD_NAMES,
): SearchDocument {
  const pick = pickWith(next);
  const named = next() < 0.9;
  return makeDocument(id, {
    nameEn: named ? pick(names) : 'centrifuge',
    model: next() < 0.01 ? 'goniometer' : undefined,
    description: named ? undefined : 'used beside a goniometer',
    ...randomCell(next),
    visibility: next() < 0.15 ? 'unit' : 'public',
    ...overrides,
  });
}

export const BROAD_WORD_NAMES = ['goniometer', 'contact angle goniometer', 'goniometer stage for a goniometer', 'optical goniometer 2'];

/** The broad word under every kind of cell filter and viewer: none, regions, a city, a category and mode, customs, units (one unknown). */
export const BROAD_WORD_SHAPES: SearchQuery[] = [
  { q: 'goniometer' },
  { q: 'goniometer', region: ['anhui', 'shanghai'] },
  { q: 'goniometer', city: '合肥市', viewer: { unitId: 'u2' } },
  { q: 'goniometer', category: '01', serviceMode: 'sample_submission' },
  { q: 'goniometer', customsGated: true, viewer: { seesAll: true } },
  { q: 'goniometer', viewer: { unitId: 'u1' } },
  { q: 'goniometer', viewer: { unitId: 'no-such-unit' }, region: ['jiaxing'] },
  { q: 'goniometer', city: '蚌埠市', viewer: { unitId: 'u3' } },
];

/**
 * `count` changes drawn with `next` to a catalog of broad-word documents: removals, visibility flipped, the word taken
 * out (left as a model designation or not), moves to a city no loaded document had (and so to new facet cells), and
 * new documents whose ids sort before, among and after the loaded ones (outside the load's id order). `added` counts
 * the new ones across calls, keeping their ids unique.
 */
export function changeBroadWordDocuments(
  index: { remove(id: string): unknown; upsert(document: SearchDocument): unknown },
  docs: readonly SearchDocument[],
  next: () => number,
  count: number,
  added: { n: number },
  make: (id: string, next: () => number) => SearchDocument = broadWordDocument,
): void {
  for (let k = 0; k < count; k++) {
    const roll = next();
    const victim = docs[Math.floor(next() * docs.length)];
    if (roll < 0.25) index.remove(victim.id);
    else if (roll < 0.45) index.upsert({ ...victim, visibility: victim.visibility === 'public' ? 'unit' : 'public' });
    else if (roll < 0.6) index.upsert({ ...victim, nameEn: 'centrifuge', description: undefined, model: roll < 0.5 ? 'goniometer' : undefined });
    else if (roll < 0.75) index.upsert({ ...victim, city: '蚌埠市', region: 'anhui' });
    else index.upsert(make(`${['a', 'doc-05', 'z'][added.n % 3]}-new-${added.n++}`, next));
  }
}
