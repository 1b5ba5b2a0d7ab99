import type { IdOrder } from './id-order';
import { EXACT_MODEL_BOOST } from './sort-keys';

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

/** What {@link selectRelevant} reads: the candidates and where their scores are. */
export interface RelevanceSource {
  docs: Int32Array;
  count: number;
  /**
   * Scores by ordinal; with {@link weights}, the taken candidates' scores
   * are written here instead (what a hit shows).
   */
  scores: Float64Array;
  /** A term's postings read directly: candidate i scores `factor × weights[i]`. */
  weights: Float32Array | null;
  factor: number;
}

/** The filter, policy and counting the one pass applies to each candidate. */
export interface RelevanceCounting {
  passes: (d: number) => boolean;
  cellOf: Int32Array;
  /** Matches per facet cell, added to. */
  cellCounts: Int32Array;
  modelKey: Int32Array;
  /** Term ids of the query's exact model designations (sorted first, by {@link EXACT_MODEL_BOOST}). */
  models: ReadonlySet<number>;
}

/**
 * The first `k` candidates by relevance that pass the filter, and how many
 * pass, in one pass that counts each passing candidate into its facet cell
 * and keeps a bounded heap: no key array, no second and third pass over the
 * matches. The same keys (score negated, less the exact-model boost) and the
 * same (key, id) order as {@link selectFirst} over keys from `sort-keys.ts`.
 */
export function selectRelevant(source: RelevanceSource, counting: RelevanceCounting, k: number, order: IdOrder): { entries: Ranked[]; total: number } {
  const { docs, count, scores, weights, factor } = source;
  const { passes, cellOf, cellCounts, modelKey, models } = counting;
  const size = Math.max(0, k);
  const heapKey = new Float64Array(size);
  const heapOrd = new Int32Array(size);
  const heapScore = new Float64Array(size);
  const put = (j: number, key: number, ord: number, score: number) => {
    heapKey[j] = key;
    heapOrd[j] = ord;
    heapScore[j] = score;
  };
  const boost = EXACT_MODEL_BOOST;
  const only = models.size === 1 ? models.values().next().value! : -2;
  const anyModel = models.size > 0;
  let n = 0;
  let total = 0;
  for (let i = 0; i < count; i++) {
    const d = docs[i];
    if (!passes(d)) continue;
    cellCounts[cellOf[d]]++;
    total++;
    if (size === 0) continue;
    const s = weights === null ? scores[d] : factor * weights[i];
    let key = -s;
    if (only !== -2 ? modelKey[d] === only : anyModel && models.has(modelKey[d])) key -= boost;
    if (n < size) {
      // Sift up: the root is the candidate that sorts last.
      let j = n++;
      while (j > 0) {
        const parent = (j - 1) >> 1;
        const pk = heapKey[parent];
        if (key < pk || (key === pk && order.compare(d, heapOrd[parent]) < 0)) break;
        put(j, pk, heapOrd[parent], heapScore[parent]);
        j = parent;
      }
      put(j, key, d, s);
    } else if (key < heapKey[0] || (key === heapKey[0] && order.compare(d, heapOrd[0]) < 0)) {
      let j = 0;
      for (;;) {
        const l = 2 * j + 1;
        if (l >= size) break;
        const r = l + 1;
        const big = r < size && (heapKey[r] > heapKey[l] || (heapKey[r] === heapKey[l] && order.compare(heapOrd[r], heapOrd[l]) > 0)) ? r : l;
        const bk = heapKey[big];
        if (bk < key || (bk === key && order.compare(heapOrd[big], d) < 0)) break;
        put(j, bk, heapOrd[big], heapScore[big]);
        j = big;
      }
      put(j, key, d, s);
    }
  }
  const slots = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
    heapKey[a] < heapKey[b] ? -1 : heapKey[a] > heapKey[b] ? 1 : order.compare(heapOrd[a], heapOrd[b]),
  );
  if (weights !== null) for (const i of slots) scores[heapOrd[i]] = heapScore[i];
  return { entries: slots.map((i) => ({ key: heapKey[i], ord: heapOrd[i] })), total };
}
