import { SearchQueryError } from './errors';
import { SEARCH_SORTS, type SearchSort } from './types';

/**
 * Position after the last hit of a page: its sort key and id. The next page
 * takes what sorts strictly after it, so pages never repeat or skip a hit
 * (the order is total: key, then id). `query` fingerprints the query, so a
 * cursor cannot be replayed against different filters.
 */
export interface CursorPosition {
  sort: SearchSort;
  /** Sort key as the index orders it (ascending); null stands for "no value" (sorted last). */
  key: number | null;
  id: string;
  query: string;
}

const MAX_CURSOR_LENGTH = 2048;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function encodeCursor(position: CursorPosition): string {
  const payload = JSON.stringify([1, position.sort, position.key, position.id, position.query]);
  return Buffer.from(payload, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: unknown): CursorPosition {
  const bad = () => new SearchQueryError('cursor is not a cursor of this search; start again from the first page', 'cursor');
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) throw bad();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(value) || value.length !== 5 || value[0] !== 1) throw bad();
  const [, sort, key, id, query] = value as unknown[];
  if (!(SEARCH_SORTS as readonly unknown[]).includes(sort)) throw bad();
  if (key !== null && (typeof key !== 'number' || !Number.isFinite(key))) throw bad();
  if (typeof id !== 'string' || typeof query !== 'string') throw bad();
  return { sort: sort as SearchSort, key, id, query };
}

/** FNV-1a of a canonical description of the query: enough to tell queries apart, not a security measure. */
export function fingerprint(parts: readonly unknown[]): string {
  const text = JSON.stringify(parts);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}
