import type { DocumentColumns } from './document-columns';
import { STATE_CELL_SHIFT } from './document-state';
import { BEYOND, type DocumentFilter } from './document-filter';
import type { FacetCounts } from './facets';
import type { IdOrder } from './id-order';
import { lowerBound } from './query-evaluator';
import { EXACT_MODEL_BOOST } from './sort-keys';

// A copy, not the import: compiled to CommonJS, each read of an imported binding is a getter call, and this is read for every match.
const CELL_SHIFT = STATE_CELL_SHIFT;

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
  /** Scores beside the candidates (a term's postings read directly, or the evaluator's): candidate i scores `factor × weights[i]`. */
  weights: Float32Array | Float64Array | null;
  factor: number;
}

/** One term's postings read directly: the weights beside them. */
type TermSource = RelevanceSource & { weights: Float32Array | Float64Array };

/** The exact-model candidates of a one-term question (sorted first by {@link EXACT_MODEL_BOOST}), and how to tell them in a walk. */
interface ExactModel {
  docs: readonly number[];
  /** The term when the question names it as a model designation, else -2 (no document's). */
  term: number;
  modelKey: Int32Array;
}

/** The filter, policy and counting the one pass applies to each candidate. */
export interface RelevanceCounting {
  /** Null when every candidate passes already (the evaluator filtered them as it narrowed). */
  passes: ((d: number) => boolean) | null;
  /** Each document's `DocumentColumns.state`: its facet cell is read from there, where {@link passes} (when asked) just read. */
  state: Int32Array;
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
  const { passes, state, cellCounts, modelKey, models } = counting;
  const heap = new PageHeap(k, order);
  const boost = EXACT_MODEL_BOOST;
  const only = models.size === 1 ? models.values().next().value! : -2;
  const anyModel = models.size > 0;
  let total = 0;
  // The full page's last key: most matches sort after it, refused here rather than in a call to the heap each.
  let worst = Number.POSITIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    const d = docs[i];
    if (passes !== null && !passes(d)) continue;
    cellCounts[state[d] >> CELL_SHIFT]++;
    total++;
    if (heap.size === 0) continue;
    const s = weights === null ? scores[d] : factor * weights[i];
    let key = -s;
    if (only !== -2 ? modelKey[d] === only : anyModel && models.has(modelKey[d])) key -= boost;
    if (key > worst) continue;
    heap.offer(key, d, s);
    if (heap.full()) worst = heap.keys[0];
  }
  const slots = heap.slots();
  if (weights !== null) for (const i of slots) scores[heap.ords[i]] = heap.values[i];
  return { entries: heap.ranked(slots), total };
}

/**
 * The first `k` candidates by relevance that pass, where the caller needs no
 * count of them (it has per-cell counts): once the page is full, a candidate
 * is refused on its score alone, before the filter reads its document, and
 * so is one tying the page's last that sorts after it by id. The candidates
 * of `exact` (those whose model designation is the query's one term) are
 * offered first with the exact-model boost, and skipped in the walk. The same
 * entries as {@link selectRelevant}; the taken candidates' scores are written
 * to `source.scores` by ordinal. `total` is how many candidates pass (the
 * caller's per-cell counts): a walk whose page holds them all ends there.
 */
export function selectScored(source: TermSource, passes: (d: number) => boolean, k: number, order: IdOrder, exact: ExactModel, total: number): Ranked[] {
  const heap = exactFirst(source, passes, k, order, exact);
  if (heap.size === 0) return [];
  walkPostings(heap, source, 0, passes, order, exact, total);
  return heap.rankedWritingScores(source.scores);
}

/** A page heap holding the term's exact-model candidates that pass, sorted first by {@link EXACT_MODEL_BOOST}. */
function exactFirst(source: TermSource, passes: (d: number) => boolean, k: number, order: IdOrder, exact: Pick<ExactModel, 'docs'>): PageHeap {
  const { docs, count, weights, factor } = source;
  const heap = new PageHeap(k, order);
  if (heap.size === 0) return heap;
  for (const d of exact.docs) {
    if (!passes(d)) continue;
    const s = factor * weights[lowerBound(docs, count, d)];
    heap.offer(-s - EXACT_MODEL_BOOST, d, s);
  }
  return heap;
}

/**
 * Offers the term's postings from position `from` on: refused on the score alone once the page is full, then a tie
 * of the page's last sorting after it by id, an exact-model candidate (offered already), and what the filter refuses.
 */
function walkPostings(
  heap: PageHeap,
  source: TermSource,
  from: number,
  passes: (d: number) => boolean,
  order: IdOrder,
  exact: Pick<ExactModel, 'term' | 'modelKey'>,
  total = Number.POSITIVE_INFINITY,
): void {
  const { docs, count, weights, factor } = source;
  const { modelKey, term } = exact;
  let worst = heap.full() ? heap.keys[0] : Number.POSITIVE_INFINITY;
  // Every candidate that passes is taken while the page has room: once it holds all `total` of them, none is left.
  if (heap.held >= total) return;
  for (let i = from; i < count; i++) {
    const s = factor * weights[i];
    const key = -s;
    if (key > worst) continue;
    const d = docs[i];
    if ((key === worst && order.compare(d, heap.ords[0]) > 0) || modelKey[d] === term || !passes(d)) continue;
    heap.offer(key, d, s);
    if (heap.held >= total) return;
    if (heap.full()) worst = heap.keys[0];
  }
}

/**
 * A broad term's first postings in page order (score descending, then id),
 * taken once and read by {@link selectLeading} instead of every posting.
 */
export interface Leaders {
  docs: Int32Array;
  /** Each leader's posting weight (its score over the question's factor, which is the same for every posting). */
  weights: Float32Array;
  count: number;
  /** Ordinals handed out when taken: the postings of documents from this one on came since, and are read apart. */
  through: number;
  /** Whether they were every posting of a live document when taken: none sorts after them. */
  whole: boolean;
}

/**
 * The first `m` postings of the live documents of `list` in page order. The
 * m-th highest weight first, from a bounded min-heap of weights that refuses
 * most postings on one comparison; then the postings above it, in page order,
 * and as many of those at it as there is room for, first by id: weights tie
 * by the thousand (a word's weight follows its document's few field lengths),
 * and ties go by id on a page, so the leaders end inside a run of ties
 * exactly where a page would.
 */
export function takeLeaders(
  list: { docs: Int32Array; weights: Float32Array; length: number; dead: number },
  alive: Uint8Array,
  ordinals: number,
  order: IdOrder,
  m: number,
): Leaders {
  const { docs, weights, length, dead } = list;
  // Dead postings count towards it: the leaders are then fewer than m, still the first in page order.
  const threshold = length > m ? mthHighest(weights, length, m) : Number.NEGATIVE_INFINITY;
  const above: number[] = [];
  const ties: number[] = [];
  for (let i = 0; i < length; i++) {
    const w = weights[i];
    if (w < threshold) continue;
    const d = docs[i];
    if (dead > 0 && alive[d] === 0) continue;
    if (w > threshold) above.push(i);
    else ties.push(d);
  }
  // Fewer than m above it (SLOTS): by weight, highest first (weights are positive, so their bits sort as they do), and
  // in list (ordinal) order within a weight.
  const bits = new Uint32Array(weights.buffer, weights.byteOffset, length);
  const keys = new Float64Array(above.length);
  for (let j = 0; j < above.length; j++) keys[j] = (0x7fffffff - bits[above[j]]) * SLOTS + j;
  keys.sort();
  const count = Math.min(m, above.length + ties.length);
  const leading = new Int32Array(count);
  const leadingWeights = new Float32Array(count);
  for (let j = 0; j < above.length; j++) {
    const i = above[keys[j] % SLOTS];
    leading[j] = docs[i];
    leadingWeights[j] = weights[i];
  }
  const tied = firstById(ties, count - above.length, order);
  for (let j = above.length; j < count; j++) {
    leading[j] = tied[j - above.length];
    leadingWeights[j] = threshold;
  }
  // Ordinal order is id order but for documents added out of it: each run of one weight put in id order.
  for (let j = 0; j < above.length;) {
    let end = j + 1;
    while (end < above.length && leadingWeights[end] === leadingWeights[j]) end++;
    leading.set(firstById(Array.from(leading.subarray(j, end)), end - j, order), j);
    j = end;
  }
  return { docs: leading, weights: leadingWeights, count, through: ordinals, whole: length - dead <= count };
}

/** Positions a leader list may hold: a weight's bits and a position packed in one float64 (2^31 × 2^21 < 2^53). */
const SLOTS = 2 ** 21;

/**
 * The first `room` of `ords` (all live) by id, in id order: the first ones as they stand when they are in id order
 * already (documents loaded in it, one read of each adjacent pair), else a bounded heap's, not a sort of them all (a
 * word's postings may tie at the threshold by the hundred thousand).
 */
function firstById(ords: number[], room: number, order: IdOrder): ArrayLike<number> {
  let sorted = true;
  for (let j = 1; j < ords.length && sorted; j++) sorted = order.compare(ords[j - 1], ords[j]) < 0;
  if (sorted) return ords.slice(0, room);
  const heap = new PageHeap(room, order);
  for (const d of ords) if (!heap.full() || order.compare(d, heap.ords[0]) < 0) heap.offer(0, d, 0);
  return heap.slots().map((i) => heap.ords[i]);
}

/** The m-th highest of `values[0..length)` (length > m), ties counted: a bounded min-heap refuses most on one comparison. */
export function mthHighest(values: Float32Array | Float64Array, length: number, m: number): number {
  // A sorted array is a valid min-heap.
  const heap = Float64Array.from(values.subarray(0, m)).sort();
  for (let i = m; i < length; i++) {
    const v = values[i];
    if (v <= heap[0]) continue;
    let j = 0;
    for (;;) {
      const l = 2 * j + 1;
      if (l >= m) break;
      const r = l + 1;
      const small = r < m && heap[r] < heap[l] ? r : l;
      if (heap[small] >= v) break;
      heap[j] = heap[small];
      j = small;
    }
    heap[j] = v;
  }
  return heap[0];
}

/**
 * {@link selectScored} from a term's {@link Leaders} instead of every
 * posting: the postings added since they were taken are offered, then the
 * leaders in page order until one sorts after the full page's last. Every
 * other posting sorts after the last leader (a positive factor keeps the
 * weights' order), so when the leaders run out the page still holds if its
 * last sorts no later than the last leader. Undefined when it cannot be
 * shown (a filter passing few of the leaders, a deep page): the caller then
 * walks every posting. The same entries, and scores written, as
 * {@link selectScored}.
 */
export function selectLeading(
  source: TermSource,
  passes: (d: number) => boolean,
  k: number,
  order: IdOrder,
  exact: ExactModel,
  leaders: Leaders,
  alive: Uint8Array,
): Ranked[] | undefined {
  const { docs, count, factor } = source;
  if (!(factor > 0)) return undefined;
  const heap = exactFirst(source, passes, k, order, exact);
  if (heap.size === 0) return [];
  walkPostings(heap, source, lowerBound(docs, count, leaders.through), passes, order, exact);
  const { modelKey, term } = exact;
  let worst = heap.full() ? heap.keys[0] : Number.POSITIVE_INFINITY;
  const { docs: leading, weights: leadingWeights, count: n } = leaders;
  let shown = leaders.whole;
  // The last live leader read: a retired one's rank is as stale as the last refresh before it retired, so it is never
  // compared by id (a retired leader tying the page's last would otherwise end the walk, or prove it, too early).
  let lastLive = -1;
  for (let j = 0; j < n; j++) {
    const s = factor * leadingWeights[j];
    const key = -s;
    if (key > worst) {
      shown = true;
      break;
    }
    const d = leading[j];
    if (alive[d] === 0) continue;
    lastLive = j;
    if (key === worst && order.compare(d, heap.ords[0]) > 0) {
      shown = true;
      break;
    }
    if (modelKey[d] === term || !passes(d)) continue;
    heap.offer(key, d, s);
    if (heap.full()) worst = heap.keys[0];
  }
  if (!shown) {
    // Every other posting sorts after the last leader, and so after the last live one.
    if (!heap.full() || n === 0) return undefined;
    if (!(-factor * leadingWeights[n - 1] > worst)) {
      if (lastLive < 0 || -factor * leadingWeights[lastLive] !== worst || order.compare(leading[lastLive], heap.ords[0]) < 0) return undefined;
    }
  }
  return heap.rankedWritingScores(source.scores);
}

/**
 * The first `k` matches nearest first that pass the filter, and how many
 * pass, in one pass: each match's filter check and squared chord at once
 * ({@link DocumentFilter.nearMatch}), its facet cell counted, a bounded
 * heap. What filtering, counting, keying (`sort-keys.ts`) and
 * {@link selectFirst} give in four passes, two chords a match. The taken
 * matches' scores (`scores[i]` beside `docs[i]`) are written to `byOrdinal`.
 * Without `docs`, the candidates are the ordinals below `count`, unscored.
 */
export function selectNearest(
  docs: Int32Array | null,
  scores: Float64Array | null,
  byOrdinal: Float64Array,
  count: number,
  filter: Pick<DocumentFilter, 'nearMatch'>,
  counting: Pick<RelevanceCounting, 'state' | 'cellCounts'>,
  k: number,
  order: IdOrder,
): { entries: Ranked[]; total: number } {
  const page = new NearestPage(k, order, filter, counting);
  page.read(docs, scores, count, true);
  return { entries: page.ranked(scores === null ? null : byOrdinal), total: page.counted };
}

/**
 * {@link selectNearest} over every document for a listing (no text) whose
 * only filters besides the viewer policy are facet-cell values and a radius
 * ({@link DocumentFilter.radiusOnCells}), without reading every document: the
 * cities wholly beyond the radius are skipped, those across its edge have each
 * document measured and counted, those wholly inside it (every document
 * located) are counted from the per-cell counts and read, nearest city first,
 * only until the page's worst kept distance is below the next city's lower
 * bound. The same page, total and facets as the single pass.
 */
export function selectNearestByCity(
  columns: DocumentColumns,
  filter: DocumentFilter,
  k: number,
  order: IdOrder,
): { entries: Ranked[]; total: number; counts: FacetCounts } {
  const { cells, cityOrdinals, cityOrdinalCount } = columns;
  const page = new NearestPage(k, order, filter, { state: columns.state, cellCounts: cells.tallies });
  const inside: number[] = [];
  for (let c = 0; c < cityOrdinals.length; c++) {
    const judged = filter.cityJudged(c);
    if (judged === BEYOND || cityOrdinalCount[c] === 0) continue;
    if (judged >= 0) inside.push(c);
    else page.read(cityOrdinals[c], null, cityOrdinalCount[c], true);
  }
  inside.sort((a, b) => filter.cityJudged(a) - filter.cityJudged(b));
  for (const c of inside) {
    if (page.full() && filter.cityJudged(c) > page.worst) break;
    page.read(cityOrdinals[c], null, cityOrdinalCount[c], false);
  }
  // The cells of the cities inside, where they pass the other filters: every document the viewer may see there passes.
  const passing = filter.passingCells;
  const within = new Uint8Array(cells.size);
  for (let cell = 0; cell < cells.size; cell++) {
    if (passing !== null && cell < passing.length && passing[cell] === 0) continue;
    if (filter.cityJudged(cells.city[cell]) >= 0) within[cell] = 1;
  }
  // Assigns the inside cells' counts beside the tallies of the cities measured (other cells), then spreads them all.
  const { counts, total } = cells.visible(columns, within, filter.seesAll, filter.viewerUnit);
  return { entries: page.ranked(null), total: total + page.counted, counts };
}

/** A page nearest first, filled from candidates read in any number of runs (one list of matches, or city by city). */
class NearestPage {
  private readonly heap: PageHeap;
  /**
   * The page's worst kept key once it is full: a match in a city or square wholly inside the radius that cannot
   * beat it is counted without measuring its distance.
   */
  worst = Number.POSITIVE_INFINITY;
  /** Candidates that passed, in the runs read with `counting`. */
  counted = 0;

  constructor(
    k: number,
    order: IdOrder,
    private readonly filter: Pick<DocumentFilter, 'nearMatch'>,
    private readonly counting: Pick<RelevanceCounting, 'state' | 'cellCounts'>,
  ) {
    this.heap = new PageHeap(k, order);
  }

  /**
   * Offers `docs[0..count)` (the ordinals below `count` without `docs`), `scores[i]` carried beside `docs[i]`;
   * with `counting`, each that passes counted into its facet cell and {@link counted}.
   */
  read(docs: Int32Array | null, scores: Float64Array | null, count: number, counting: boolean): void {
    const { filter, heap } = this;
    const { state, cellCounts } = this.counting;
    let worst = this.worst;
    let total = 0;
    for (let i = 0; i < count; i++) {
      const d = docs === null ? i : docs[i];
      const key = filter.nearMatch(d, worst);
      if (key < 0) continue;
      if (counting) {
        cellCounts[state[d] >> CELL_SHIFT]++;
        total++;
      }
      if (heap.size === 0 || key > worst) continue;
      heap.offer(key, d, scores === null ? 0 : scores[i]);
      if (heap.full()) worst = heap.keys[0];
    }
    this.worst = worst;
    this.counted += total;
  }

  full(): boolean {
    return this.heap.full();
  }

  /** The page in order; the scores carried written to `byOrdinal` by ordinal when given. */
  ranked(byOrdinal: Float64Array | null): Ranked[] {
    const heap = this.heap;
    const slots = heap.slots();
    if (byOrdinal !== null) for (const i of slots) byOrdinal[heap.ords[i]] = heap.values[i];
    return heap.ranked(slots);
  }
}

/**
 * The first `size` candidates offered, in (key ascending, id ascending)
 * order, each with a value carried along: a bounded max-heap whose root is
 * the candidate that sorts last, so most candidates lose to it on the key
 * alone.
 */
class PageHeap {
  readonly keys: Float64Array;
  readonly ords: Int32Array;
  readonly values: Float64Array;
  readonly size: number;
  private n = 0;

  constructor(
    k: number,
    private readonly order: IdOrder,
  ) {
    this.size = Math.max(0, k);
    this.keys = new Float64Array(this.size);
    this.ords = new Int32Array(this.size);
    this.values = new Float64Array(this.size);
  }

  offer(key: number, d: number, value: number): void {
    const { keys, ords, values, size, order } = this;
    if (this.n < size) {
      // Sift up.
      let j = this.n++;
      while (j > 0) {
        const parent = (j - 1) >> 1;
        const pk = keys[parent];
        if (key < pk || (key === pk && order.compare(d, ords[parent]) < 0)) break;
        keys[j] = pk;
        ords[j] = ords[parent];
        values[j] = values[parent];
        j = parent;
      }
      keys[j] = key;
      ords[j] = d;
      values[j] = value;
    } else if (key < keys[0] || (key === keys[0] && order.compare(d, ords[0]) < 0)) {
      let j = 0;
      for (;;) {
        const l = 2 * j + 1;
        if (l >= size) break;
        const r = l + 1;
        const big = r < size && (keys[r] > keys[l] || (keys[r] === keys[l] && order.compare(ords[r], ords[l]) > 0)) ? r : l;
        const bk = keys[big];
        if (bk < key || (bk === key && order.compare(ords[big], d) < 0)) break;
        keys[j] = bk;
        ords[j] = ords[big];
        values[j] = values[big];
        j = big;
      }
      keys[j] = key;
      ords[j] = d;
      values[j] = value;
    }
  }

  /** How many candidates it holds. */
  get held(): number {
    return this.n;
  }

  /** Whether it holds `size` candidates: an offer sorting after the root is then refused. */
  full(): boolean {
    return this.n === this.size;
  }

  /** Positions of the candidates held, in order. */
  slots(): number[] {
    const { keys, ords, order } = this;
    return Array.from({ length: this.n }, (_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : order.compare(ords[a], ords[b])));
  }

  ranked(slots: number[]): Ranked[] {
    return slots.map((i) => ({ key: this.keys[i], ord: this.ords[i] }));
  }

  /** The candidates in order, each one's carried value written to `scores` by ordinal (what a hit shows). */
  rankedWritingScores(scores: Float64Array): Ranked[] {
    const slots = this.slots();
    for (const i of slots) scores[this.ords[i]] = this.values[i];
    return this.ranked(slots);
  }
}
