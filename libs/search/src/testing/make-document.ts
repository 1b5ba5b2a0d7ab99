import type { SearchDocument } from '../engine/types';

/** A valid public document with neutral defaults; tests override what they exercise. */
export function makeDocument(id: string, overrides: Partial<SearchDocument> = {}): SearchDocument {
  return {
    id,
    name: '仪器',
    categoryCode: '0199',
    region: 'jiaxing',
    city: '嘉兴市',
    unitId: 'jx-u001',
    serviceModes: ['operator_assisted'],
    customsGated: false,
    updatedAt: '2026-01-01T00:00:00.000Z',
    visibility: 'public',
    ...overrides,
  };
}

/** Ids of the hits, in order. */
export function ids(result: { items: readonly { id: string }[] }): string[] {
  return result.items.map((h) => h.id);
}

/** A seeded generator of numbers in [0, 1): the same sequence every run, so a failing case can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}
