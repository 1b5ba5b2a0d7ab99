/**
 * The first k candidates in (key ascending, id ascending) order, the order
 * every page is cut from: ids break ties, so pages are stable and a cursor
 * (key, id) is unambiguous.
 *
 * Scores tie a lot (instruments of one family and model score alike), so
 * comparing ids for every candidate would dominate a query. Selection is in
 * two passes instead: a purely numeric bounded heap finds the k-th smallest
 * key, then only the candidates tied on exactly that key are ordered by id.
 */
export interface Ranked {
  key: number;
  ord: number;
}

/** Bounded max-heap over numbers: the k smallest of a stream, its root the largest kept. */
function kthSmallest(keys: Float64Array, count: number, k: number): number {
  const heap = new Float64Array(k);
  let size = 0;
  for (let i = 0; i < count; i++) {
    const key = keys[i];
    if (size < k) {
      let j = size++;
      while (j > 0) {
        const parent = (j - 1) >> 1;
        if (heap[parent] >= key) break;
        heap[j] = heap[parent];
        j = parent;
      }
      heap[j] = key;
    } else if (key < heap[0]) {
      let j = 0;
      for (;;) {
        const l = 2 * j + 1;
        if (l >= k) break;
        const r = l + 1;
        const big = r < k && heap[r] > heap[l] ? r : l;
        if (heap[big] <= key) break;
        heap[j] = heap[big];
        j = big;
      }
      heap[j] = key;
    }
  }
  return heap[0];
}

/** The `need` smallest ids among `ords[0..count)` (a bounded max-heap by id, in place at the front of `heap`); unordered. */
function smallestIds(ords: Int32Array, count: number, need: number, ids: readonly string[]): Int32Array {
  if (count <= need) return ords.subarray(0, count);
  const heap = new Int32Array(need);
  let size = 0;
  for (let i = 0; i < count; i++) {
    const ord = ords[i];
    const id = ids[ord];
    if (size < need) {
      let j = size++;
      while (j > 0) {
        const parent = (j - 1) >> 1;
        if (ids[heap[parent]] >= id) break;
        heap[j] = heap[parent];
        j = parent;
      }
      heap[j] = ord;
    } else if (id < ids[heap[0]]) {
      let j = 0;
      for (;;) {
        const l = 2 * j + 1;
        if (l >= need) break;
        const r = l + 1;
        const big = r < need && ids[heap[r]] > ids[heap[l]] ? r : l;
        if (ids[heap[big]] <= id) break;
        heap[j] = heap[big];
        j = big;
      }
      heap[j] = ord;
    }
  }
  return heap;
}

/** The first `k` of `count` candidates (`keys[i]` is the key of `ords[i]`), sorted. */
export function selectFirst(keys: Float64Array, ords: Int32Array, count: number, k: number, ids: readonly string[]): Ranked[] {
  const out: Ranked[] = [];
  if (k <= 0 || count === 0) return out;
  const threshold = count <= k ? Infinity : kthSmallest(keys, count, k);
  // Tied candidates are moved to the front of `ords` (already read past), so no list is allocated.
  let tied = 0;
  for (let i = 0; i < count; i++) {
    const key = keys[i];
    if (key < threshold || count <= k) out.push({ key, ord: ords[i] });
    else if (key === threshold) ords[tied++] = ords[i];
  }
  for (const ord of smallestIds(ords, tied, k - out.length, ids)) out.push({ key: threshold, ord });
  return out.sort((a, b) => a.key - b.key || (ids[a.ord] < ids[b.ord] ? -1 : ids[a.ord] > ids[b.ord] ? 1 : 0));
}
