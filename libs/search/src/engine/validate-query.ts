import { decodeCursor, type CursorPosition } from './cursor';
import { SearchQueryError } from './errors';
import { SEARCH_SORTS, type GeoPoint, type SearchQuery, type SearchSort } from './types';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/** Deepest position reachable by page number; beyond it, walk with cursors (cost stays O(pageSize)). */
export const MAX_RESULT_WINDOW = 10_000;
const MAX_FILTER_LENGTH = 256;
const MAX_REGIONS = 32;

/** A query with every parameter checked and defaulted (sort is resolved later: it depends on the text). */
export interface ValidQuery {
  q: string;
  region: string[] | null;
  city: string | null;
  category: string | null;
  unitId: string | null;
  serviceMode: string | null;
  customsGated: boolean | null;
  feeMax: number | null;
  near: GeoPoint | null;
  radiusKm: number | null;
  sort: SearchSort | null;
  page: number;
  pageSize: number;
  cursor: CursorPosition | null;
  viewerUnitId: string | null;
  seesAll: boolean;
}

function optionalString(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new SearchQueryError(`${field} must be a string`, field);
  if (value.length > MAX_FILTER_LENGTH) throw new SearchQueryError(`${field} is longer than ${MAX_FILTER_LENGTH} characters`, field);
  return value;
}

function optionalNumber(value: unknown, field: string, min: number, max: number): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new SearchQueryError(`${field} must be a number from ${min} to ${max}`, field);
  }
  return value;
}

function integer(value: unknown, field: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new SearchQueryError(`${field} must be an integer from ${min} to ${max}`, field);
  }
  return value;
}

function regions(value: unknown): string[] | null {
  if (value === undefined || value === null) return null;
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length > MAX_REGIONS || list.some((r) => typeof r !== 'string' || r.length > MAX_FILTER_LENGTH)) {
    throw new SearchQueryError(`region must be a list of at most ${MAX_REGIONS} region names`, 'region');
  }
  return list.length > 0 ? [...new Set(list as string[])].sort() : null;
}

function point(value: unknown): GeoPoint | null {
  if (value === undefined || value === null) return null;
  const p = value as Partial<GeoPoint>;
  if (typeof value !== 'object') throw new SearchQueryError('near must be {lat, lon}', 'near');
  return { lat: optionalNumber(p.lat, 'near.lat', -90, 90) ?? fail(), lon: optionalNumber(p.lon, 'near.lon', -180, 180) ?? fail() };
  function fail(): never {
    throw new SearchQueryError('near must be {lat, lon}', 'near');
  }
}

/**
 * The engine's own invariants: the types it computes with, a radius or a
 * distance order only with a point, the result window, cursors of this
 * search. What a user may ask (category shape, radius bounds, lengths) is the
 * search use-case's input contract (`use-cases/search-instruments.input.ts`),
 * checked before a query reaches the engine. Throws {@link SearchQueryError},
 * never anything else.
 */
export function validateQuery(query: SearchQuery): ValidQuery {
  if (typeof query !== 'object' || query === null) throw new SearchQueryError('query must be an object');
  const q = query.q ?? '';
  if (typeof q !== 'string') throw new SearchQueryError('q must be a string', 'q');
  const sort = query.sort ?? null;
  if (sort !== null && !(SEARCH_SORTS as readonly unknown[]).includes(sort))
    throw new SearchQueryError(`sort must be one of ${SEARCH_SORTS.join(', ')}`, 'sort');
  const category = optionalString(query.category, 'category');
  const near = point(query.near);
  const radiusKm = optionalNumber(query.radiusKm, 'radiusKm', 0, Number.MAX_VALUE);
  if (radiusKm !== null && near === null) throw new SearchQueryError('radiusKm needs near', 'radiusKm');
  const customsGated = query.customsGated ?? null;
  if (customsGated !== null && typeof customsGated !== 'boolean') throw new SearchQueryError('customsGated must be a boolean', 'customsGated');
  const viewer = query.viewer ?? {};
  if (typeof viewer !== 'object' || viewer === null) throw new SearchQueryError('viewer must be an object', 'viewer');
  const pageSize = integer(query.pageSize, 'pageSize', DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
  const page = integer(query.page, 'page', 1, 1, Number.MAX_SAFE_INTEGER);
  if (page * pageSize > MAX_RESULT_WINDOW) {
    throw new SearchQueryError(`page × pageSize may not exceed ${MAX_RESULT_WINDOW}; continue from there with nextCursor`, 'page');
  }
  return {
    q,
    region: regions(query.region),
    city: optionalString(query.city, 'city'),
    category,
    unitId: optionalString(query.unitId, 'unitId'),
    serviceMode: optionalString(query.serviceMode, 'serviceMode'),
    customsGated,
    feeMax: optionalNumber(query.feeMax, 'feeMax', 0, Number.MAX_SAFE_INTEGER),
    near,
    radiusKm,
    sort,
    page,
    pageSize,
    cursor: query.cursor === undefined || query.cursor === null ? null : decodeCursor(query.cursor),
    viewerUnitId: optionalString(viewer.unitId, 'viewer.unitId'),
    seesAll: viewer.seesAll === true,
  };
}
