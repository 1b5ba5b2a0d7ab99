import type { DocumentColumns } from './document-columns';
import type { IdOrder } from './id-order';
import { columnKey } from './sort-keys';

/** Documents added since the last ordering, past which (and past 1/64 of the ordinals) they are merged in. */
const REORDER_MIN_PENDING = 1024;

/** The listings walked in an order kept for them: their sort key is one column of the document. */
export type ListingSort = 'freshness' | 'fee';

/**
 * The ordinals in a listing's order (most recently updated first, or
 * cheapest external fee first; then id), so that a listing's page is the
 * first few matches of a walk instead of a sort of every document. Ordinals
 * added since the last refresh (from {@link through} on) are not in
 * {@link ranked}: a listing scans them beside the walk. Retired ordinals stay
 * in {@link ranked} until the next refresh; a walk skips them as it skips any
 * document the filter refuses.
 */
export class ListingOrder {
  ranked = new Int32Array(0);
  /** Ordinals below this were ordered (or dead) at the last refresh. */
  through = 0;

  constructor(
    private readonly columns: DocumentColumns,
    private readonly order: IdOrder,
    private readonly sort: ListingSort,
  ) {}

  /**
   * Orders the ordinals added since the last refresh when there are enough
   * of them: O(ordinals + new × log new), on numbers only (the id order's
   * ranks break ties, so no id string is compared here).
   */
  refresh(): void {
    const { count, alive } = this.columns;
    const pending = count - this.through;
    if (pending < REORDER_MIN_PENDING || pending * 64 < count) return;
    const order = this.order;
    order.refresh(count, alive, true);
    // The sort's key as a page of it is keyed (sort-keys.ts): no date or no fee last.
    const { column, sign } = columnKey(this.sort, this.columns);
    const last = Number.POSITIVE_INFINITY;
    const key = (d: number) => (Number.isNaN(column[d]) ? last : sign * column[d]);
    const fresh = sortByKeyThenRank(this.through, count, alive, key, order);
    const before = (a: number, b: number) => {
      const ka = key(a);
      const kb = key(b);
      return ka !== kb ? ka < kb : order.rankOf(a) < order.rankOf(b);
    };
    const old = this.ranked;
    const merged = new Int32Array(old.length + fresh.length);
    let n = 0;
    let from = 0;
    for (const d of fresh) {
      // A retired ordinal's rank is stale: it is dropped without being compared.
      for (; from < old.length && (alive[old[from]] !== 1 || before(old[from], d)); from++) if (alive[old[from]] === 1) merged[n++] = old[from];
      merged[n++] = d;
    }
    for (; from < old.length; from++) if (alive[old[from]] === 1) merged[n++] = old[from];
    this.ranked = merged.subarray(0, n);
    this.through = count;
  }
}

/**
 * The live ordinals in [from, to) by key, then id rank: each packed into one
 * exact double (the key's position among the distinct keys × ranks + the id
 * rank) and sorted natively, instead of a comparator called n log n times.
 */
function sortByKeyThenRank(from: number, to: number, alive: Uint8Array, key: (d: number) => number, order: IdOrder): Int32Array {
  let n = 0;
  const keys = new Float64Array(to - from);
  for (let d = from; d < to; d++) if (alive[d] === 1) keys[n++] = key(d);
  const distinct = keys.subarray(0, n).sort();
  const position = new Map<number, number>();
  for (let i = 0; i < n; i++) if (i === 0 || distinct[i] !== distinct[i - 1]) position.set(distinct[i], position.size);
  const m = position.size;
  // Ranks are below the number of ordinals ranked.
  const span = Math.max(1, order.ranked);
  if (m * span >= Number.MAX_SAFE_INTEGER) throw new RangeError('too many documents for the packed listing sort');
  const packed = new Float64Array(n);
  n = 0;
  for (let d = from; d < to; d++) if (alive[d] === 1) packed[n++] = position.get(key(d))! * span + order.rankOf(d);
  packed.sort();
  const sorted = new Int32Array(n);
  for (let i = 0; i < n; i++) sorted[i] = order.ordinalAt(packed[i] % span);
  return sorted;
}
