import { ensureCapacity, trimmed } from './columns';
import type { DocumentColumns } from './document-columns';
import type { FacetBucket, SearchFacets } from './types';

/** Passing-cell tables kept (each a byte a cell: ~1.4 MB at most for 200,000 instruments' ~5,500 cells). */
const PASSING_TABLES = 256;

function buckets(values: readonly string[], counts: Int32Array): FacetBucket[] {
  const out: FacetBucket[] = [];
  for (let i = 0; i < values.length; i++) if (counts[i] > 0) out.push({ value: values[i], count: counts[i] });
  return out.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

const EMPTY_FEES = new Float64Array(0);
/** Every unit's hidden documents (an admin's view); units are interned from 0. */
const ANY_UNIT = -2;

/**
 * The first index in `list[from..to)` (ascending) whose value is above `fee`,
 * or with `orEqual` at or above it: how many of them are at most (below) it.
 */
function firstAbove(list: Float64Array, from: number, to: number, fee: number, orEqual: boolean): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] > fee || (orEqual && list[mid] === fee)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Facet counters by interned id: filled by a scan of matches, or kept up to date document by document. */
export class FacetCounts {
  region = new Int32Array(8);
  category = new Int32Array(64);
  city = new Int32Array(32);
  customs = new Int32Array(2);
  mode = new Int32Array(8);

  /** Counts (sign 1) or uncounts (sign -1) one document. */
  add(columns: DocumentColumns, d: number, sign: 1 | -1): void {
    this.fit(columns);
    this.region[columns.region[d]] += sign;
    this.category[columns.category[d]] += sign;
    this.city[columns.city[d]] += sign;
    this.customs[columns.customs[d]] += sign;
    for (let m = columns.modes[d], bit = 0; m !== 0; m >>>= 1, bit++) if (m & 1) this.mode[bit] += sign;
  }

  copy(columns: DocumentColumns): FacetCounts {
    const out = new FacetCounts();
    out.fit(columns);
    out.region.set(this.region.subarray(0, out.region.length));
    out.category.set(this.category.subarray(0, out.category.length));
    out.city.set(this.city.subarray(0, out.city.length));
    out.customs.set(this.customs);
    out.mode.set(this.mode.subarray(0, out.mode.length));
    return out;
  }

  toFacets(columns: DocumentColumns): SearchFacets {
    const classes = columns.categoryClasses;
    const categoryClass = new Int32Array(classes.size);
    columns.categories.values.forEach((code, c) => (categoryClass[classes.find(code.slice(0, 2))] += this.category[c]));
    return {
      region: buckets(columns.regions.values, this.region),
      categoryClass: buckets(classes.values, categoryClass),
      category: buckets(columns.categories.values, this.category),
      city: buckets(columns.cities.values, this.city),
      serviceMode: buckets(columns.serviceModes.values, this.mode),
      customsGated: buckets(['false', 'true'], this.customs),
    };
  }

  /** Room for every id interned so far (new regions, cities… appear with new documents). */
  fit(columns: DocumentColumns): void {
    this.region = ensureCapacity(this.region, columns.regions.size, 0);
    this.category = ensureCapacity(this.category, columns.categories.size, 0);
    this.city = ensureCapacity(this.city, columns.cities.size, 0);
    this.mode = ensureCapacity(this.mode, columns.serviceModes.size, 0);
  }
}

/**
 * Distinct combinations of faceted values (region, category, city, customs,
 * service modes) among the documents: a catalog has a few thousand however
 * many documents it holds. Counting matches per combination is one increment
 * a document; the combinations are spread over the facets afterwards.
 */
export class FacetCells {
  private readonly ids = new Map<string, number>();
  region = new Int32Array(64);
  category = new Int32Array(64);
  city = new Int32Array(64);
  customs = new Int32Array(64);
  modes = new Int32Array(64);
  size = 0;
  /** Matches per cell, all zero between queries. */
  private counts = new Int32Array(64);
  /** Alive documents per cell, kept up to date on each change: public ones, and all. */
  private livePublic = new Int32Array(64);
  private liveAll = new Int32Array(64);
  /**
   * Per cell, the fees of its alive public documents that have one: the first
   * `feeCount[c]` of `fees[c]`, ascending unless `feeUnsorted[c]` (appended out
   * of order, or a removal swapped the last into the gap; sorted when next
   * read). A listing with a fee cap counts a cell by one binary search.
   */
  private fees: Float64Array[] = [];
  private feeCount = new Int32Array(64);
  private feeUnsorted = new Uint8Array(64);
  private feesSettled = false;
  /** Which cells a filter passes, by the filter, for the cells as they are now (see {@link passingTable}). */
  private readonly passing = new Map<string, Uint8Array>();
  private passingSize = 0;

  intern(region: number, category: number, city: number, customs: number, modes: number): number {
    const key = `${region},${category},${city},${customs},${modes}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.size++;
      this.region = ensureCapacity(this.region, this.size);
      this.category = ensureCapacity(this.category, this.size);
      this.city = ensureCapacity(this.city, this.size);
      this.customs = ensureCapacity(this.customs, this.size);
      this.modes = ensureCapacity(this.modes, this.size);
      this.counts = ensureCapacity(this.counts, this.size);
      this.livePublic = ensureCapacity(this.livePublic, this.size);
      this.liveAll = ensureCapacity(this.liveAll, this.size);
      this.feeCount = ensureCapacity(this.feeCount, this.size);
      this.feeUnsorted = ensureCapacity(this.feeUnsorted, this.size);
      this.fees.push(EMPTY_FEES);
      this.region[id] = region;
      this.category[id] = category;
      this.city[id] = city;
      this.customs[id] = customs;
      this.modes[id] = modes;
      this.ids.set(key, id);
    }
    return id;
  }

  /**
   * The table of which cells pass the filters `key` names (`build` makes it),
   * kept for the next question with the same filters: built afresh it is a
   * pass over every cell, a few thousand, for each question with a region,
   * category, city, service mode or customs filter. Whether a cell passes
   * depends only on its own values, so a table holds until a cell is added
   * (a value no earlier document had: only a new cell can newly pass or
   * newly fail); then every table is built again. Shared by the filters that
   * ask: never written to.
   */
  passingTable(key: string, build: () => Uint8Array): Uint8Array {
    if (this.passingSize !== this.size) {
      this.passing.clear();
      this.passingSize = this.size;
    }
    let table = this.passing.get(key);
    if (table === undefined) {
      if (this.passing.size >= PASSING_TABLES) this.passing.delete(this.passing.keys().next().value!);
      table = build();
      this.passing.set(key, table);
    }
    return table;
  }

  /** Counts (sign 1) or uncounts (sign -1) an alive document of cell `c`, with its fee (NaN: none). */
  tally(c: number, isPublic: boolean, sign: 1 | -1, fee: number): void {
    this.liveAll[c] += sign;
    if (!isPublic) return;
    this.livePublic[c] += sign;
    if (fee === fee) {
      if (sign === 1) this.addFee(c, fee);
      else this.removeFee(c, fee);
    }
  }

  private addFee(c: number, fee: number): void {
    const n = this.feeCount[c];
    const list = (this.fees[c] = ensureCapacity(this.fees[c], n + 1));
    this.feeCount[c] = n + 1;
    if (n === 0 || fee >= list[n - 1]) {
      list[n] = fee;
    } else if (this.feesSettled && this.feeUnsorted[c] === 0) {
      // A change after the load: put in its place (a move of the dearer ones), not a whole sort at the next capped listing.
      const at = firstAbove(list, 0, n, fee, false);
      list.copyWithin(at + 1, at, n);
      list[at] = fee;
    } else {
      // Loading: appended, sorted once at the end (settleFees) or when first read.
      list[n] = fee;
      this.feeUnsorted[c] = 1;
    }
  }

  private removeFee(c: number, fee: number): void {
    const n = this.feeCount[c] - 1;
    const list = this.fees[c];
    if (this.feeUnsorted[c] === 0) {
      // Sorted stays sorted: the entries after the first equal fee move down one.
      const at = firstAbove(list, 0, n + 1, fee, true);
      list.copyWithin(at, at + 1, n + 1);
    } else {
      const at = list.subarray(0, n + 1).lastIndexOf(fee);
      list[at] = list[n];
    }
    this.feeCount[c] = n;
  }

  /** Sorts every cell's fees and gives back the room appends kept (after a bulk load); later fees are put in their place. */
  settleFees(): void {
    this.feesSettled = true;
    for (let c = 0; c < this.size; c++) {
      this.sortedFees(c);
      this.fees[c] = trimmed(this.fees[c], this.feeCount[c]);
    }
  }

  /** Cell `c`'s fees, sorted. */
  private sortedFees(c: number): Float64Array {
    const list = this.fees[c];
    if (this.feeUnsorted[c] === 1) {
      list.subarray(0, this.feeCount[c]).sort();
      this.feeUnsorted[c] = 0;
    }
    return list;
  }

  /**
   * Facet counts and total of every alive document a viewer may see in the
   * cells `passing` lets through (every cell when null), from the per-cell
   * counts: no document is read but the viewer's unit's own hidden ones.
   */
  visible(columns: DocumentColumns, passing: Uint8Array | null, seesAll: boolean, viewerUnit: number): { counts: FacetCounts; total: number } {
    return this.within(columns, { publicPerCell: this.livePublic, allPerCell: this.liveAll, hidden: columns.hidden }, passing, seesAll, viewerUnit);
  }

  /**
   * {@link visible} for a listing with a fee cap: in each passing cell, its
   * public documents with a fee at most `feeMax` by a binary search of its
   * fees; the hidden documents the viewer may see (its unit's, or every one
   * for an admin) read one by one. Also how many public documents of any cell
   * have a fee at most `feeMax` (`underCap`): about how long the cheapest-first
   * order's stretch under the cap is (it also holds the hidden ones).
   */
  visibleUnderFee(
    columns: DocumentColumns,
    passing: Uint8Array | null,
    seesAll: boolean,
    viewerUnit: number,
    feeMax: number,
  ): { counts: FacetCounts; total: number; underCap: number } {
    const counts = this.counts;
    let total = 0;
    let underCap = 0;
    for (let c = 0; c < this.size; c++) {
      const n = this.feeCount[c];
      if (n === 0) continue;
      const under = firstAbove(this.sortedFees(c), 0, n, feeMax, false);
      underCap += under;
      if (passing !== null && passing[c] === 0) continue;
      counts[c] = under;
      total += under;
    }
    // The public counts leave out every hidden document, an admin's included.
    if (seesAll || viewerUnit >= 0) total += this.countHidden(columns, columns.hidden, passing, seesAll ? ANY_UNIT : viewerUnit, feeMax);
    return { counts: this.spread(columns), total, underCap };
  }

  /**
   * The same for a subset of the alive documents described by its own
   * per-cell counts (public ones, and all) and its hidden documents (one
   * clause's matches, say). Cells interned after the counts were taken
   * count nothing.
   */
  within(
    columns: DocumentColumns,
    subset: { publicPerCell: Int32Array; allPerCell: Int32Array; hidden: ArrayLike<number> },
    passing: Uint8Array | null,
    seesAll: boolean,
    viewerUnit: number,
  ): { counts: FacetCounts; total: number } {
    const counts = this.counts;
    const live = seesAll ? subset.allPerCell : subset.publicPerCell;
    const cells = Math.min(this.size, live.length);
    let total = 0;
    for (let c = 0; c < cells; c++) {
      if (passing !== null && passing[c] === 0) continue;
      counts[c] = live[c];
      total += live[c];
    }
    if (!seesAll && viewerUnit >= 0) total += this.countHidden(columns, subset.hidden, passing, viewerUnit, Number.POSITIVE_INFINITY);
    return { counts: this.spread(columns), total };
  }

  /**
   * Whether {@link within} would count anything: a document of `subset` in a
   * passing cell that the viewer may see. Reads no further than the first
   * such cell, and writes no counter.
   */
  anyWithin(
    columns: DocumentColumns,
    subset: { publicPerCell: Int32Array; allPerCell: Int32Array; hidden: ArrayLike<number> },
    passing: Uint8Array | null,
    seesAll: boolean,
    viewerUnit: number,
  ): boolean {
    const live = seesAll ? subset.allPerCell : subset.publicPerCell;
    const cells = Math.min(this.size, live.length);
    for (let c = 0; c < cells; c++) if (live[c] !== 0 && (passing === null || passing[c] !== 0)) return true;
    if (seesAll || viewerUnit < 0) return false;
    const { alive, unit, cell } = columns;
    const { hidden } = subset;
    for (let i = 0; i < hidden.length; i++) {
      const d = hidden[i];
      if (alive[d] !== 0 && unit[d] === viewerUnit && (passing === null || passing[cell[d]] !== 0)) return true;
    }
    return false;
  }

  /**
   * Counts into the per-cell counters the alive documents among `hidden` of
   * unit `viewerUnit` (of any unit: {@link ANY_UNIT}) in a passing cell, with
   * a fee at most `feeMax` unless it is +∞ (then with or without a fee).
   * Returns how many.
   */
  private countHidden(columns: DocumentColumns, hidden: ArrayLike<number>, passing: Uint8Array | null, viewerUnit: number, feeMax: number): number {
    const counts = this.counts;
    const { alive, unit, cell, fee } = columns;
    const capped = feeMax !== Number.POSITIVE_INFINITY;
    let n = 0;
    for (let i = 0; i < hidden.length; i++) {
      const d = hidden[i];
      if (alive[d] === 0 || (viewerUnit !== ANY_UNIT && unit[d] !== viewerUnit) || (capped && !(fee[d] <= feeMax))) continue;
      if (passing !== null && passing[cell[d]] === 0) continue;
      counts[cell[d]]++;
      n++;
    }
    return n;
  }

  /** The per-cell match counters, for a caller counting matches itself: all zero between queries, {@link counted} clears them. */
  get tallies(): Int32Array {
    return this.counts;
  }

  /** Counts `ords[0..count)`, documents known to pass, each into its cell's {@link tallies}. */
  tallyEach(columns: DocumentColumns, ords: Int32Array, count: number): void {
    const { counts } = this;
    const { cell } = columns;
    for (let i = 0; i < count; i++) counts[cell[ords[i]]]++;
  }

  /** Facet counts of what was counted into {@link tallies}. */
  counted(columns: DocumentColumns): FacetCounts {
    return this.spread(columns);
  }

  /** The per-cell counts spread over the facets; leaves them zeroed. */
  private spread(columns: DocumentColumns): FacetCounts {
    const counts = this.counts;
    const out = new FacetCounts();
    out.fit(columns);
    const { region, category, city, customs, mode } = out;
    for (let c = 0; c < this.size; c++) {
      const n = counts[c];
      if (n === 0) continue;
      counts[c] = 0;
      region[this.region[c]] += n;
      category[this.category[c]] += n;
      city[this.city[c]] += n;
      customs[this.customs[c]] += n;
      for (let m = this.modes[c], bit = 0; m !== 0; m >>>= 1, bit++) if (m & 1) mode[bit] += n;
    }
    return out;
  }
}
