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

const REGIONS = ['jiaxing', 'anhui', 'shanghai'];
const CITIES = ['嘉兴市', '合肥市', '上海市', '芜湖市'];
const CATEGORIES = ['0101', '0102', '0201', '0305'];
const MODES = ['operator_assisted', 'sample_submission', 'self_service'];
const UNITS = ['u1', 'u2', 'u3'];

/** One of `items`, drawn with `next`. */
export function pickWith(next: () => number): <T>(items: readonly T[]) => T {
  return (items) => items[Math.floor(next() * items.length)]!;
}

/**
 * Facet-cell values and a unit drawn from small sets (regions jiaxing, anhui,
 * shanghai; cities 嘉兴市, 合肥市, 上海市, 芜湖市 in any region; categories
 * 0101, 0102, 0201, 0305; one or two of three service modes; units u1–u3):
 * many documents share each cell, and a filter on any of them leaves a share.
 */
export function randomCell(next: () => number): Pick<SearchDocument, 'region' | 'city' | 'categoryCode' | 'serviceModes' | 'customsGated' | 'unitId'> {
  const pick = pickWith(next);
  return {
    region: pick(REGIONS),
    city: pick(CITIES),
    categoryCode: pick(CATEGORIES),
    serviceModes: next() < 0.3 ? [pick(MODES), pick(MODES)] : [pick(MODES)],
    customsGated: next() < 0.2,
    unitId: pick(UNITS),
  };
}
