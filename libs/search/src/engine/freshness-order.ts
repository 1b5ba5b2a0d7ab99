import type { DocumentColumns } from './document-columns';

/** Documents added since the last ordering, past which (and past 1/64 of the ordinals) they are merged in. */
const REORDER_MIN_PENDING = 1024;

/**
 * The ordinals in listing order (most recently updated first, then id), so
 * that a listing's page is the first few matches of a walk instead of a sort
 * of every document. Ordinals added since the last refresh (from
 * {@link through} on) are not in {@link ranked}: a listing scans them
 * beside the walk. Retired ordinals stay in {@link ranked} until the next
 * refresh; a walk skips them as it skips any document the filter refuses.
 */
export class FreshnessOrder {
  ranked = new Int32Array(0);
  /** Ordinals below this were ordered (or dead) at the last refresh. */
  through = 0;

  constructor(private readonly columns: DocumentColumns) {}

  /** Orders the ordinals added since the last refresh when there are enough of them: O(ordinals + new × log new). */
  refresh(): void {
    const { count, alive, updated, ids } = this.columns;
    const pending = count - this.through;
    if (pending < REORDER_MIN_PENDING || pending * 64 < count) return;
    // The freshness sort key (see sort-keys.ts): newest first, no date last.
    const key = (d: number) => (Number.isNaN(updated[d]) ? Number.POSITIVE_INFINITY : -updated[d]);
    const before = (a: number, b: number) => {
      const ka = key(a);
      const kb = key(b);
      if (ka !== kb) return ka < kb;
      return ids[a] < ids[b];
    };
    const fresh: number[] = [];
    for (let d = this.through; d < count; d++) if (alive[d] === 1) fresh.push(d);
    fresh.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    const old = this.ranked;
    const merged = new Int32Array(old.length + fresh.length);
    let n = 0;
    let from = 0;
    for (const d of fresh) {
      for (; from < old.length && before(old[from], d); from++) if (alive[old[from]] === 1) merged[n++] = old[from];
      merged[n++] = d;
    }
    for (; from < old.length; from++) if (alive[old[from]] === 1) merged[n++] = old[from];
    this.ranked = merged.subarray(0, n);
    this.through = count;
  }
}
