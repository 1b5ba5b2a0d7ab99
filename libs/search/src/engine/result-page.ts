import type { CursorPosition } from './cursor';
import type { IdOrder } from './id-order';
import { selectFirst, type Ranked } from './top-k';

export interface PageRequest {
  page: number;
  pageSize: number;
  cursor: CursorPosition | null;
}

export interface Page {
  entries: Ranked[];
  /** Something sorts after the last entry. */
  more: boolean;
}

/**
 * The requested page of `ords[0..total)` in (key, id) order: by page number
 * (the first page × pageSize, minus the earlier pages), or strictly after a
 * cursor's (key, id). Reorders `keys` and `ords` in place.
 */
export function cutPage(keys: Float64Array, ords: Int32Array, total: number, order: IdOrder, request: PageRequest): Page {
  const { page, pageSize, cursor } = request;
  if (!cursor) {
    const first = selectFirst(keys, ords, total, page * pageSize, order);
    return { entries: first.slice((page - 1) * pageSize), more: total > page * pageSize };
  }
  const cursorKey = cursor.key ?? Number.POSITIVE_INFINITY;
  const afterCursor = order.after(cursor.id);
  let after = 0;
  for (let i = 0; i < total; i++) {
    const key = keys[i];
    if (key < cursorKey || (key === cursorKey && !afterCursor(ords[i]))) continue;
    keys[after] = key;
    ords[after++] = ords[i];
  }
  return { entries: selectFirst(keys, ords, after, pageSize, order), more: after > pageSize };
}
