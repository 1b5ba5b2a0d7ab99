import { ensureCapacity } from './columns';

/** Documents added since the last ranking, past which (and past 1/64 of the ordinals) the ranks are brought up to date. */
const RERANK_MIN_PENDING = 1024;

/**
 * Id order as integers: every ordinal ranked at the last refresh has its
 * position among the ids in {@link rank}, so breaking a tie between two
 * candidates is one integer comparison instead of a string comparison (scores
 * tie a lot: instruments of one family and model score alike). Ordinals are
 * only ever appended, so the ones added since the last refresh are exactly
 * those from {@link through} on; they compare by their id strings until the
 * next refresh ranks them. Either way the order is the ids' code-unit order,
 * the order `<` gives.
 */
export class IdOrder {
  private rank = new Int32Array(16);
  /** Ordinals below this are ranked (or were dead when ranked, and are never compared). */
  private through = 0;
  /** Ranked ordinals in id order. */
  private sorted = new Int32Array(0);
  /**
   * Ordinals below this have strictly ascending ids (a load adds its documents in id order): two of them
   * compare as ordinals, without reading either rank (at 1,000,000 documents, two cache misses a tie).
   * Ids and ordinals never change, so the prefix stays in order whatever is added or retired later.
   */
  private inOrder = 0;

  constructor(private readonly ids: readonly string[]) {}

  /**
   * Ranks the ordinals added since the last refresh when there are enough of
   * them to be worth it, or any at all when `always`: O(ordinals + new × log ordinals).
   */
  refresh(count: number, alive: Uint8Array, always = false): void {
    const pending = count - this.through;
    if (pending <= 0 || (!always && (pending < RERANK_MIN_PENDING || pending * 64 < count))) return;
    const ids = this.ids;
    if (this.inOrder === this.through) {
      let n = Math.max(1, this.inOrder);
      while (n < count && ids[n - 1] < ids[n]) n++;
      this.inOrder = n;
    }
    const byId = (a: number, b: number) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0);
    const fresh: number[] = [];
    for (let d = this.through; d < count; d++) if (alive[d] === 1) fresh.push(d);
    fresh.sort(byId);
    const old = this.sorted;
    const merged = new Int32Array(old.length + fresh.length);
    let n = 0;
    let from = 0;
    for (const d of fresh) {
      // Where d's id goes among the ranked ids: a binary search, then the run before it is copied as is.
      let low = from;
      let high = old.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (ids[old[mid]] < ids[d]) low = mid + 1;
        else high = mid;
      }
      for (; from < low; from++) if (alive[old[from]] === 1) merged[n++] = old[from];
      merged[n++] = d;
    }
    for (; from < old.length; from++) if (alive[old[from]] === 1) merged[n++] = old[from];
    this.sorted = merged.subarray(0, n);
    this.rank = ensureCapacity(this.rank, count);
    for (let r = 0; r < n; r++) this.rank[this.sorted[r]] = r;
    this.through = count;
  }

  /** Ordinals below this have a {@link rankOf}. */
  get ranked(): number {
    return this.through;
  }

  /** Position of a ranked ordinal among the live ids at the last refresh (stale for one retired since). */
  rankOf(ord: number): number {
    return this.rank[ord];
  }

  /** The ordinal ranked `rank` at the last refresh. */
  ordinalAt(rank: number): number {
    return this.sorted[rank];
  }

  /** Negative when ordinal a's id sorts before b's, positive after, 0 for the same id. */
  compare(a: number, b: number): number {
    const inOrder = this.inOrder;
    if (a < inOrder && b < inOrder) return a - b;
    if (a < this.through && b < this.through) return this.rank[a] - this.rank[b];
    const x = this.ids[a];
    const y = this.ids[b];
    return x < y ? -1 : x > y ? 1 : 0;
  }

  /** A test for "id sorts strictly after `id`", with one binary search up front instead of a string comparison per candidate. */
  after(id: string): (ord: number) => boolean {
    const { ids, sorted, rank, through } = this;
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (ids[sorted[mid]] <= id) low = mid + 1;
      else high = mid;
    }
    const bound = low;
    return (ord) => (ord < through ? rank[ord] >= bound : ids[ord] > id);
  }
}
