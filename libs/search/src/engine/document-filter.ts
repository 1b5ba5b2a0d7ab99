import type { DocumentColumns } from './document-columns';
import { STATE_ALIVE, STATE_CELL_SHIFT, STATE_PUBLIC } from './document-state';
import { chordSquared, kmToChordSquared, toUnitVector } from './geo';
import type { ValidQuery } from './validate-query';

// Copies, not the imports: compiled to CommonJS, every read of an imported binding is a property read
// through a getter, and these are read for every match.
const ALIVE = STATE_ALIVE;
const PUBLIC = STATE_PUBLIC;
const CELL_SHIFT = STATE_CELL_SHIFT;

/** No filter on this column. */
const ANY = -2;
/** In {@link DocumentFilter}'s square table: a square lying wholly beyond the radius (a square to measure is -1, one inside its bound, >= 0). */
export const BEYOND = -2;

/**
 * Where the documents of a city or a grid square `i` (reference point at 3i in `ref`, every document within
 * `reach[i]` of it) lie against a radius of chord `radius` around `center`: {@link BEYOND} when wholly beyond
 * it (also with no located document yet: NaN); when wholly inside it and `everyLocated`, a lower bound of
 * the squared chord from `center` to any of them; else -1. By the triangle inequality, with a margin far
 * above the rounding of the chords later compared with these bounds.
 */
function judgeBall(
  ref: Float64Array,
  reach: Float64Array,
  i: number,
  center: readonly [number, number, number],
  radius: number,
  everyLocated: boolean,
): number {
  const toRef = Math.sqrt(chordSquared(ref[3 * i], ref[3 * i + 1], ref[3 * i + 2], center));
  const nearest = toRef - reach[i];
  if (Number.isNaN(nearest) || nearest > radius * (1 + 1e-9) + 1e-9) return BEYOND;
  if (everyLocated && (toRef + reach[i]) * (1 + 1e-9) + 1e-9 < radius) return Math.max(0, nearest * (1 - 1e-9) - 1e-9) ** 2;
  return -1;
}

/**
 * The viewer policy and every structured filter, compiled against the
 * columns once per query: a document check is a handful of array reads.
 * Policy comes first, so hidden documents never reach totals or facets.
 */
export class DocumentFilter {
  readonly viewerUnit: number;
  readonly seesAll: boolean;
  private readonly regions: Uint8Array | null;
  private readonly categories: Uint8Array | null;
  private readonly city: number;
  private readonly unit: number;
  private readonly modeMask: number;
  private readonly customs: number;
  private readonly feeMax: number;
  readonly center: readonly [number, number, number] | null;
  private readonly maxChord2: number;
  // Flags rather than comparisons with the global Infinity in the per-document check (see search-index.ts).
  private readonly hasFeeMax: boolean;
  private readonly hasRadius: boolean;
  /** No structured filter: only the viewer policy applies. */
  readonly policyOnly: boolean;
  /**
   * Region, city, category, service mode and customs are all values of a
   * document's facet cell: which cells pass is decided once per query (a few
   * thousand cells), and a document's check is one lookup of its cell.
   */
  readonly passingCells: Uint8Array | null;
  /** Every filter is one of the cell's values (or none is given): totals and facets can come from per-cell counts. */
  readonly cellsOnly: boolean;
  /** Cell values and a fee cap are the only filters: totals and facets can come from each cell's fees in order. */
  readonly cellsAndFeeCap: boolean;
  /**
   * With a radius: how each city lay against it when the filter was compiled
   * ({@link judgeBall}): {@link BEYOND} wholly beyond (a broad question's
   * matches there are refused without reading their locations), a lower
   * bound of the squared chord from `near` to any of its documents when
   * wholly inside with every document located (a distance page's match there
   * that cannot beat the page's worst kept distance is counted without
   * reading its location, see {@link nearMatch}), -1 across the edge. By
   * city, read through the facet cell's city: a table by cell would be a
   * pass over every cell and ~50 kB for each question, kept with its answer.
   * Cities grow: only {@link matches} and {@link nearMatch}, asked while
   * answering, read it; {@link admits}, asked of later changes, measures
   * every document.
   */
  private readonly cities: Float64Array | null;
  /** Each facet cell's city, and how many cells there were, when the filter was compiled (a later cell is measured). */
  private readonly cellCity: Int32Array;
  private readonly cellCount: number;
  /**
   * With a radius: the grid squares (see `DocumentColumns.square`) that
   * existed when the filter was compiled; 0 without a radius. Each is judged
   * when a match first reaches it ({@link squareBound}), as a city is: wholly
   * beyond the radius, wholly inside it (with a lower bound of the squared
   * chord from `near` to any of its documents), or across its edge. Asked
   * after a city's own tables, for the matches of a city around the point or
   * across the edge; read, like those, only while answering.
   */
  private readonly squareCount: number;
  /** This filter's stamp in the columns' per-square scratch. */
  private readonly squareStamp: number;

  constructor(
    private readonly columns: DocumentColumns,
    query: ValidQuery,
  ) {
    const lookup = (value: string | null, find: (v: string) => number) => (value === null ? ANY : find(value));
    this.viewerUnit = query.viewerUnitId === null ? -1 : columns.units.find(query.viewerUnitId);
    this.seesAll = query.seesAll;
    this.regions = query.region && allowed(columns.regions.values, (r) => query.region!.includes(r));
    this.categories = query.category === null ? null : allowed(columns.categories.values, (c) => c.startsWith(query.category!));
    this.city = lookup(query.city, (c) => columns.cities.find(c));
    this.unit = lookup(query.unitId, (u) => columns.units.find(u));
    const bit = query.serviceMode === null ? ANY : columns.serviceModes.find(query.serviceMode);
    this.modeMask = bit === ANY ? ANY : bit < 0 ? 0 : 1 << bit;
    this.customs = query.customsGated === null ? ANY : query.customsGated ? 1 : 0;
    this.feeMax = query.feeMax ?? Infinity;
    this.center = query.near && toUnitVector(query.near);
    this.maxChord2 = query.radiusKm === null ? Infinity : kmToChordSquared(query.radiusKm);
    this.hasFeeMax = query.feeMax !== null;
    this.hasRadius = query.radiusKm !== null;
    this.policyOnly =
      this.regions === null &&
      this.categories === null &&
      this.city === ANY &&
      this.unit === ANY &&
      this.modeMask === ANY &&
      this.customs === ANY &&
      !this.hasFeeMax &&
      !this.hasRadius;
    this.cellsOnly = this.unit === ANY && !this.hasFeeMax && !this.hasRadius;
    this.cellsAndFeeCap = this.unit === ANY && this.hasFeeMax && !this.hasRadius;
    this.passingCells =
      this.regions === null && this.categories === null && this.city === ANY && this.modeMask === ANY && this.customs === ANY
        ? null
        : columns.cells.passingTable(JSON.stringify([query.region, query.city, query.category, query.serviceMode, query.customsGated]), () => this.cellTable());
    this.cities = this.center !== null && this.hasRadius ? this.judgeCities(this.center) : null;
    this.cellCity = columns.cells.city;
    this.cellCount = columns.cells.size;
    this.squareCount = this.center !== null && this.hasRadius ? columns.squares : 0;
    this.squareStamp = this.squareCount > 0 ? columns.nextSquareStamp() : 0;
  }

  /** Square `q`'s judgement ({@link BEYOND}, -1 across the edge, else the lower bound of the squared chord to its documents), kept under this filter's stamp. */
  private judgeSquare(q: number): number {
    const { squareRef, squareReach } = this.columns;
    // Square 0 (no location: NaN) is beyond; every other square's documents all have a location.
    const judged = judgeBall(squareRef, squareReach, q, this.center!, Math.sqrt(this.maxChord2), true);
    this.columns.squareMark[q] = this.squareStamp;
    this.columns.squareJudged[q] = judged;
    return judged;
  }

  private judgeCities(center: readonly [number, number, number]): Float64Array {
    const { cityRef, cityReach, cityUnlocated } = this.columns;
    const reach = Math.sqrt(this.maxChord2);
    const judged = new Float64Array(cityReach.length);
    for (let c = 0; c < cityReach.length; c++) judged[c] = judgeBall(cityRef, cityReach, c, center, reach, cityUnlocated[c] === 0);
    return judged;
  }

  /**
   * A radius is the only filter besides facet-cell values and the viewer
   * policy: whether each document passes follows from its cell and, but in
   * the cities across the radius's edge, its city alone.
   */
  get radiusOnCells(): boolean {
    return this.cities !== null && this.unit === ANY && !this.hasFeeMax;
  }

  /** The fee cap (+∞ without one). */
  get feeCap(): number {
    return this.feeMax;
  }

  /** How city `c` lay against the radius when the filter was compiled ({@link BEYOND}, -1 across the edge, else a lower bound of the squared chord to its documents, all located); -1 for a city new since or without a radius. */
  cityJudged(c: number): number {
    return this.cities !== null && c < this.cities.length ? this.cities[c] : -1;
  }

  /** How `cell`'s city lay against the radius ({@link cities}), -1 (measure) for a cell or city new since. */
  private cityOf(cell: number): number {
    if (cell >= this.cellCount) return -1;
    const city = this.cellCity[cell];
    return city < this.cities!.length ? this.cities![city] : -1;
  }

  /** Within the radius (given one): `cell` is the document's. */
  private within(d: number, cell: number): boolean {
    if (!this.hasRadius) return true;
    if (this.squareCount > 0) {
      const city = this.cityOf(cell);
      if (city === BEYOND) return false;
      if (city >= 0) return true;
      const q = this.columns.square[d];
      if (q < this.squareCount) {
        const low = this.columns.squareMark[q] === this.squareStamp ? this.columns.squareJudged[q] : this.judgeSquare(q);
        if (low >= 0) return true;
        if (low === BEYOND) return false;
      }
    }
    return this.chord2(d) <= this.maxChord2;
  }

  private cellTable(): Uint8Array {
    const cells = this.columns.cells;
    const table = new Uint8Array(cells.size);
    for (let c = 0; c < cells.size; c++) {
      const pass =
        (this.regions === null || this.regions[cells.region[c]] === 1) &&
        (this.city === ANY || cells.city[c] === this.city) &&
        (this.categories === null || this.categories[cells.category[c]] === 1) &&
        (this.modeMask === ANY || (cells.modes[c] & this.modeMask) !== 0) &&
        (this.customs === ANY || cells.customs[c] === this.customs);
      table[c] = pass ? 1 : 0;
    }
    return table;
  }

  /** May the viewer see document `d`, and does it pass every filter? */
  matches(d: number): boolean {
    const s = this.columns.state[d];
    return (s & ALIVE) !== 0 && this.admitsAnywhere(d, s) && this.within(d, s >> CELL_SHIFT);
  }

  /**
   * {@link matches}, alive or not (a retired version's columns stay until the
   * index is compacted), for deciding which kept answers a change concerns: a
   * facet cell new since the filter was compiled counts as passing.
   */
  admits(d: number): boolean {
    return this.admitsAnywhere(d, this.columns.state[d]) && (!this.hasRadius || this.chord2(d) <= this.maxChord2);
  }

  /** {@link admits} but for the radius, `s` being the document's {@link DocumentColumns.state}. */
  private admitsAnywhere(d: number, s: number): boolean {
    const c = this.columns;
    if ((s & PUBLIC) === 0 && !this.seesAll && c.unit[d] !== this.viewerUnit) return false;
    const cell = s >> CELL_SHIFT;
    if (this.passingCells !== null && cell < this.passingCells.length && this.passingCells[cell] === 0) return false;
    if (this.unit !== ANY && c.unit[d] !== this.unit) return false;
    if (this.hasFeeMax && !(c.fee[d] <= this.feeMax)) return false;
    return true;
  }

  /**
   * {@link matches} and the distance sort's key at once, the squared chord
   * computed once: -1 when `d` does not pass, +∞ without a location (sorted
   * last, as {@link chords2} keys it). Only with `near`. When `d` lies in a
   * city wholly inside the radius whose lower bound is above `worst` (the
   * page's worst kept key; +∞ while the page is not full), that bound
   * instead: `d` passes and sorts after the page, whatever its distance.
   * The same for a grid square wholly inside the radius, and a square
   * wholly beyond it refuses `d`: its location is read only in a square
   * across the radius's edge or one that may beat the page.
   */
  nearMatch(d: number, worst: number): number {
    const s = this.columns.state[d];
    if ((s & ALIVE) === 0 || !this.admitsAnywhere(d, s)) return -1;
    if (this.cities !== null) {
      const city = this.cityOf(s >> CELL_SHIFT);
      if (city === BEYOND) return -1;
      if (city > worst) return city;
    }
    if (this.squareCount > 0) {
      const q = this.columns.square[d];
      if (q < this.squareCount) {
        const low = this.columns.squareMark[q] === this.squareStamp ? this.columns.squareJudged[q] : this.judgeSquare(q);
        if (low > worst) return low;
        if (low === BEYOND) return -1;
      }
    }
    const { xyz } = this.columns;
    const c2 = chordSquared(xyz[3 * d], xyz[3 * d + 1], xyz[3 * d + 2], this.center!);
    if (this.hasRadius && !(c2 <= this.maxChord2)) return -1;
    // A local, not the global Infinity (see sort-keys.ts).
    const last = Number.POSITIVE_INFINITY;
    return c2 !== c2 ? last : c2;
  }

  /**
   * Keeps the matching ordinals among `ords[0..count)` (or among all ordinals
   * below `count` when `ords` is null), compacted at the front of `out`, and
   * counts each kept one into its facet cell in `cellCounts` when given (the
   * facets in the same pass). Returns how many. The policy-only case (no
   * filters: every listing without parameters) gets its own tight loop.
   */
  keep(ords: Int32Array | null, count: number, out: Int32Array, cellCounts: Int32Array | null = null): number {
    const { state, unit } = this.columns;
    const viewer = this.viewerUnit;
    const counting = cellCounts !== null;
    let n = 0;
    if (this.policyOnly) {
      for (let i = 0; i < count; i++) {
        const d = ords === null ? i : ords[i];
        const s = state[d];
        if ((s & ALIVE) !== 0 && ((s & PUBLIC) !== 0 || this.seesAll || unit[d] === viewer)) {
          out[n++] = d;
          if (counting) cellCounts[s >> CELL_SHIFT]++;
        }
      }
      return n;
    }
    for (let i = 0; i < count; i++) {
      const d = ords === null ? i : ords[i];
      if (!this.matches(d)) continue;
      out[n++] = d;
      if (counting) cellCounts[state[d] >> CELL_SHIFT]++;
    }
    return n;
  }

  /** Squared chord to `near` (NaN without `near` or without a location). */
  chord2(d: number): number {
    const { xyz } = this.columns;
    return this.center ? chordSquared(xyz[3 * d], xyz[3 * d + 1], xyz[3 * d + 2], this.center) : NaN;
  }

  /** Squared chords to `near` of `ords[0..count)` into `out` (+∞ without a location: sorted last). */
  chords2(ords: Int32Array, count: number, out: Float64Array): void {
    const { xyz } = this.columns;
    const v = this.center;
    const last = Number.POSITIVE_INFINITY;
    if (!v) return void out.fill(last, 0, count);
    for (let i = 0; i < count; i++) {
      const d = ords[i];
      let c2 = chordSquared(xyz[3 * d], xyz[3 * d + 1], xyz[3 * d + 2], v);
      if (c2 !== c2) c2 = last;
      out[i] = c2;
    }
  }
}

function allowed(values: readonly string[], keep: (value: string) => boolean): Uint8Array {
  const table = new Uint8Array(values.length);
  values.forEach((v, i) => (table[i] = keep(v) ? 1 : 0));
  return table;
}
