import type { IdOrder } from './id-order';

/**
 * The first k candidates in (key ascending, id ascending) order, the order
 * every page is cut from: ids break ties, so pages are stable and a cursor
 * (key, id) is unambiguous.
 *
 * One pass with a bounded max-heap of candidate positions: most candidates
 * lose to the heap's root on the key alone, and a tie costs an integer
 * comparison of id ranks ({@link IdOrder}), not of id strings.
 */
export interface Ranked {
  key: number;
  ord: number;
}

/** The first `k` of `count` candidates (`keys[i]` is the key of `ords[i]`), sorted. */
export function selectFirst(keys: Float64Array, ords: Int32Array, count: number, k: number, order: IdOrder): Ranked[] {
  const size = Math.min(k, count);
  if (size <= 0) return [];
  // Does candidate i sort after candidate j?
  const after = (i: number, j: number) => keys[i] > keys[j] || (keys[i] === keys[j] && order.compare(ords[i], ords[j]) > 0);
  const heap = new Int32Array(size);
  let n = 0;
  for (let i = 0; i < count; i++) {
    if (n < size) {
      let j = n++;
      while (j > 0) {
        const parent = (j - 1) >> 1;
        if (!after(i, heap[parent])) break;
        heap[j] = heap[parent];
        j = parent;
      }
      heap[j] = i;
    } else if (keys[i] <= keys[heap[0]] && after(heap[0], i)) {
      let j = 0;
      for (;;) {
        const l = 2 * j + 1;
        if (l >= size) break;
        const r = l + 1;
        const big = r < size && after(heap[r], heap[l]) ? r : l;
        if (!after(heap[big], i)) break;
        heap[j] = heap[big];
        j = big;
      }
      heap[j] = i;
    }
  }
  return Array.from(heap)
    .sort((i, j) => (after(i, j) ? 1 : -1))
    .map((i) => ({ key: keys[i], ord: ords[i] }));
}
