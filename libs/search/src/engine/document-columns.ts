import { Interner, ensureCapacity, trimmed } from './columns';
import { STATE_ALIVE, STATE_CELL_SHIFT, STATE_PUBLIC } from './document-state';
import { SearchDocumentError } from './errors';
import { FacetCells, FacetCounts } from './facets';
import { toUnitVector } from './geo';
import { timestampMs } from './timestamp';
import type { SearchDocument } from './types';

/** A city with no ordinal listed yet (its list is made at its first). */
const EMPTY_ORDINALS = new Int32Array(0);

/** Service modes live in a 31-bit mask per document. */
const MAX_SERVICE_MODES = 31;

/**
 * Side of a grid square in degrees of latitude and longitude (about 2 km):
 * small beside a radius and beside the spread of a city's sites, so that
 * few squares straddle a radius's edge and the squares around a distance
 * page's point hold few documents each.
 */
const SQUARE_DEG = 0.02;
/** Square ids by grid row and column: rows and columns of the whole sphere fit this many each. */
const SQUARE_COLUMNS = 1 << 15;

/** Widens `reach[i]` (a city's or a square's) to the chord from its reference point (x, y, z at 3i in `ref`) to the unit vector `v`. */
function widen(reach: Float64Array, ref: Float64Array, i: number, v: readonly number[]): void {
  const dx = v[0] - ref[3 * i];
  const dy = v[1] - ref[3 * i + 1];
  const dz = v[2] - ref[3 * i + 2];
  const chord = Math.sqrt(dx * dx + dy * dy + dz * dz);
  if (chord > reach[i]) reach[i] = chord;
}

/**
 * Everything filters, facets, sorting and policy need per document, as
 * typed columns indexed by ordinal: a query touches numbers, not objects.
 * An ordinal is never reused; replacing a document retires its ordinal and
 * appends a new one.
 *
 * The documents themselves are kept as columns too ({@link document} puts one
 * together again for a page or a change): an object per document, its
 * location and their numbers were four objects an instrument, ~260 bytes, and
 * 4,000,000 objects every full collection marked at 1,000,000 instruments.
 */
export class DocumentColumns {
  readonly ids: string[] = [];
  /** The documents' texts by ordinal (shared strings: catalogs repeat them); undefined where absent or retired. */
  private readonly name: (string | undefined)[] = [];
  private readonly nameEn: (string | undefined)[] = [];
  private readonly model: (string | undefined)[] = [];
  private readonly manufacturer: (string | undefined)[] = [];
  private readonly categoryName: (string | undefined)[] = [];
  private readonly description: (string | undefined)[] = [];
  private readonly feeUnit: (string | undefined)[] = [];
  private readonly updatedAt: (string | undefined)[] = [];
  private readonly modeList: (readonly string[] | undefined)[] = [];
  /** Internal fee, NaN when the document has none (a document's numbers are finite). */
  private feeInternal = new Float64Array(16);
  /** The location as given, NaN without one (the unit vector below is derived from it, not the other way). */
  private lat = new Float64Array(16);
  private lon = new Float64Array(16);
  /** Ordinals handed out so far (alive or not). */
  count = 0;

  alive = new Uint8Array(16);
  isPublic = new Uint8Array(16);
  unit = new Int32Array(16);
  region = new Int32Array(16);
  city = new Int32Array(16);
  category = new Int32Array(16);
  categoryClass = new Int32Array(16);
  modes = new Int32Array(16);
  customs = new Uint8Array(16);
  /** External fee, NaN when the document has none. */
  fee = new Float64Array(16);
  /**
   * Unit vector of the location (x, y, z of ordinal d at 3d, 3d + 1, 3d + 2),
   * NaN without one: side by side, a distance is one cache line, not three
   * scattered reads (at 1,000,000 documents each is a miss).
   */
  xyz = new Float64Array(48);
  /** updatedAt in ms since the epoch. */
  updated = new Float64Array(16);
  /** Term id of the joined model designation (exact model matches), -1 without a model. */
  modelKey = new Int32Array(16);
  /** Facet cell: the document's combination of every faceted value (see {@link FacetCells}). */
  cell = new Int32Array(16);
  /**
   * Per city (by interned id): a reference point (x, y, z of its first
   * located document, at 3c..3c + 2), the farthest any of its documents ever
   * lay from it (a chord; it never shrinks). A radius filter then refuses a whole city lying beyond it without reading
   * one location of its documents (see `DocumentFilter`).
   */
  cityRef = new Float64Array(48).fill(NaN);
  cityReach = new Float64Array(16);
  /**
   * Per city: 1 once any document without a location was added to it (it never clears). A city lying wholly
   * inside a radius may have its matches counted without reading their locations only when every one has one.
   */
  cityUnlocated = new Uint8Array(16);
  /**
   * Per city: its ordinals in ascending order, retired ones included until the
   * index is compacted (`cityOrdinals[c][0..cityOrdinalCount[c])`). A listing
   * nearest first within a radius reads the documents of the cities across
   * its edge and of the nearest cities inside it, not every document.
   */
  cityOrdinals: Int32Array[] = [];
  cityOrdinalCount = new Int32Array(16);
  /**
   * Per document: its grid square (by id), 0 without a location. Per square:
   * its centre (x, y, z at 3q..3q + 2; NaN for square 0) and the farthest
   * any of its documents ever lay from it (a chord; it never shrinks), as
   * for cities but finer: a radius around a point inside a city or across
   * it refuses the squares lying beyond it, and a distance page counts the
   * squares lying inside it, without reading one location of their
   * documents (see `DocumentFilter`). A document moved to another square
   * comes back as a new ordinal; the old one's square keeps its reach.
   */
  square = new Int32Array(16);
  squareRef = new Float64Array(48).fill(NaN);
  squareReach = new Float64Array(16);
  /** Squares interned so far, square 0 (no location) included. */
  squares = 1;
  /**
   * Scratch for the filter being answered, per square: the stamp of the filter
   * that last judged it and what it found (see `DocumentFilter`). Judged when
   * first reached, not all at compile time: a catalog of scattered sites has
   * hundreds of thousands of squares, and a narrow question reaches a few.
   */
  squareMark = new Int32Array(16);
  squareJudged = new Float64Array(16);
  /** The last stamp handed to a filter (see {@link nextSquareStamp}). */
  private squareStamp = 0;
  private readonly squareIds = new Map<number, number>();
  /** `alive`, `isPublic` and `cell` again, in one int (see `document-state.ts`): what every match's filter and facet count read. */
  state = new Int32Array(16);

  readonly units = new Interner();
  readonly regions = new Interner();
  readonly cities = new Interner();
  readonly categories = new Interner();
  readonly categoryClasses = new Interner();
  readonly serviceModes = new Interner();
  readonly cells = new FacetCells();

  /**
   * Facet counts of every alive public document, and of every alive
   * document, kept up to date on each change: a listing without text or
   * filters (the catalog's front page) then needs no scan.
   */
  readonly publicCounts = new FacetCounts();
  readonly allCounts = new FacetCounts();
  /** Ordinals of documents visible to their unit only (some may be dead). */
  readonly hidden: number[] = [];

  /**
   * The bit mask of `doc`'s service modes, interning those new to the index.
   * Asked before anything of a change is applied (a replaced version
   * retired, an ordinal taken, a mode interned), so that a document bringing
   * too many distinct modes is refused with the index as it was.
   */
  modeMask(doc: SearchDocument): number {
    let mask = 0;
    let fresh: Set<string> | undefined;
    for (const mode of doc.serviceModes) {
      const bit = this.serviceModes.find(mode);
      if (bit < 0) (fresh ??= new Set()).add(mode);
      else mask |= 1 << bit;
    }
    if (fresh === undefined) return mask;
    if (this.serviceModes.size + fresh.size > MAX_SERVICE_MODES) throw new SearchDocumentError(`more than ${MAX_SERVICE_MODES} distinct service modes`, doc.id);
    for (const mode of fresh) mask |= 1 << this.serviceModes.intern(mode);
    return mask;
  }

  /** Adds `doc` at a new ordinal; `modes` is its {@link modeMask}. */
  add(doc: SearchDocument, modelKeyTerm: number, modes: number): number {
    const ord = this.count++;
    this.grow(this.count);
    this.ids[ord] = doc.id;
    this.name[ord] = doc.name;
    this.nameEn[ord] = doc.nameEn;
    this.model[ord] = doc.model;
    this.manufacturer[ord] = doc.manufacturer;
    this.categoryName[ord] = doc.categoryName;
    this.description[ord] = doc.description;
    this.feeUnit[ord] = doc.feeUnit;
    this.updatedAt[ord] = doc.updatedAt;
    this.modeList[ord] = doc.serviceModes;
    this.feeInternal[ord] = doc.feeInternalCny ?? NaN;
    this.lat[ord] = doc.location ? doc.location.lat : NaN;
    this.lon[ord] = doc.location ? doc.location.lon : NaN;
    const v = doc.location ? toUnitVector(doc.location) : [NaN, NaN, NaN];
    this.alive[ord] = 1;
    this.isPublic[ord] = doc.visibility === 'public' ? 1 : 0;
    this.unit[ord] = this.units.intern(doc.unitId);
    this.region[ord] = this.regions.intern(doc.region);
    this.city[ord] = this.cities.intern(doc.city);
    this.reach(this.city[ord], v);
    this.listInCity(this.city[ord], ord);
    this.square[ord] = doc.location && !Number.isNaN(v[0]) ? this.place(doc.location.lat, doc.location.lon, v) : 0;
    this.category[ord] = this.categories.intern(doc.categoryCode);
    this.categoryClass[ord] = this.categoryClasses.intern(doc.categoryCode.slice(0, 2));
    this.modes[ord] = modes;
    this.customs[ord] = doc.customsGated ? 1 : 0;
    this.fee[ord] = doc.feeExternalCny ?? NaN;
    this.xyz[3 * ord] = v[0];
    this.xyz[3 * ord + 1] = v[1];
    this.xyz[3 * ord + 2] = v[2];
    this.updated[ord] = timestampMs(doc.updatedAt);
    this.modelKey[ord] = modelKeyTerm;
    this.cell[ord] = this.cells.intern(this.region[ord], this.category[ord], this.city[ord], this.customs[ord], modes);
    this.state[ord] = (this.cell[ord] << STATE_CELL_SHIFT) | (this.isPublic[ord] === 1 ? STATE_PUBLIC : 0) | STATE_ALIVE;
    this.allCounts.add(this, ord, 1);
    this.cells.tally(this.cell[ord], this.isPublic[ord] === 1, 1, this.fee[ord]);
    if (this.isPublic[ord] === 1) this.publicCounts.add(this, ord, 1);
    else this.hidden.push(ord);
    return ord;
  }

  retire(ord: number): void {
    this.allCounts.add(this, ord, -1);
    this.cells.tally(this.cell[ord], this.isPublic[ord] === 1, -1, this.fee[ord]);
    if (this.isPublic[ord] === 1) this.publicCounts.add(this, ord, -1);
    this.alive[ord] = 0;
    this.state[ord] &= ~STATE_ALIVE;
    // The texts go with the document (the strings a later version shares stay with it).
    this.name[ord] = this.nameEn[ord] = this.model[ord] = this.manufacturer[ord] = undefined;
    this.categoryName[ord] = this.description[ord] = this.feeUnit[ord] = this.updatedAt[ord] = this.modeList[ord] = undefined;
  }

  /**
   * The document of a live ordinal, put together from the columns: the same
   * fields in the same order, with the same values, as the one added (the
   * copy {@link SharedTexts} made). A new object each call.
   */
  document(ord: number): SearchDocument {
    const fee = this.fee[ord];
    const feeInternal = this.feeInternal[ord];
    const lat = this.lat[ord];
    const doc: { [K in keyof Required<SearchDocument>]: SearchDocument[K] } = {
      id: this.ids[ord],
      name: this.name[ord]!,
      nameEn: this.nameEn[ord],
      model: this.model[ord],
      manufacturer: this.manufacturer[ord],
      categoryCode: this.categories.values[this.category[ord]],
      categoryName: this.categoryName[ord],
      description: this.description[ord],
      region: this.regions.values[this.region[ord]],
      city: this.cities.values[this.city[ord]],
      unitId: this.units.values[this.unit[ord]],
      serviceModes: this.modeList[ord]!,
      customsGated: this.customs[ord] === 1,
      feeExternalCny: Number.isNaN(fee) ? undefined : fee,
      feeInternalCny: Number.isNaN(feeInternal) ? undefined : feeInternal,
      feeUnit: this.feeUnit[ord],
      location: Number.isNaN(lat) ? undefined : { lat, lon: this.lon[ord] },
      updatedAt: this.updatedAt[ord]!,
      visibility: this.isPublic[ord] === 1 ? 'public' : 'unit',
    };
    return doc;
  }

  /** Widens city `c`'s reach to the unit vector `v` (NaN: no location). */
  private reach(c: number, v: readonly number[]): void {
    this.cityReach = ensureCapacity(this.cityReach, c + 1);
    this.cityRef = ensureCapacity(this.cityRef, 3 * this.cityReach.length, NaN);
    this.cityUnlocated = ensureCapacity(this.cityUnlocated, this.cityReach.length);
    // A document without a location is beyond every radius anyway.
    if (Number.isNaN(v[0])) return void (this.cityUnlocated[c] = 1);
    const ref = this.cityRef;
    if (Number.isNaN(ref[3 * c])) {
      ref[3 * c] = v[0];
      ref[3 * c + 1] = v[1];
      ref[3 * c + 2] = v[2];
    }
    widen(this.cityReach, ref, c, v);
  }

  private listInCity(c: number, ord: number): void {
    this.cityOrdinalCount = ensureCapacity(this.cityOrdinalCount, c + 1);
    const n = this.cityOrdinalCount[c];
    const list = (this.cityOrdinals[c] = ensureCapacity(this.cityOrdinals[c] ?? EMPTY_ORDINALS, n + 1));
    list[n] = ord;
    this.cityOrdinalCount[c] = n + 1;
  }

  /**
   * A stamp no filter alive holds: filters are compiled and read within one
   * answer, so after 2^31 of them the marks are cleared and stamps restart.
   */
  nextSquareStamp(): number {
    if (this.squareStamp === 0x7fffffff) {
      this.squareMark.fill(0);
      this.squareStamp = 0;
    }
    return ++this.squareStamp;
  }

  /** The id of the grid square holding (`lat`, `lon`), unit vector `v`, interned and widened to reach `v`. */
  private place(lat: number, lon: number, v: readonly number[]): number {
    const row = Math.floor(lat / SQUARE_DEG);
    const column = Math.floor(lon / SQUARE_DEG);
    const key = (row + SQUARE_COLUMNS / 2) * SQUARE_COLUMNS + (column + SQUARE_COLUMNS / 2);
    let q = this.squareIds.get(key);
    if (q === undefined) {
      q = this.squares++;
      this.squareIds.set(key, q);
      this.squareReach = ensureCapacity(this.squareReach, this.squares);
      this.squareRef = ensureCapacity(this.squareRef, 3 * this.squareReach.length, NaN);
      this.squareMark = ensureCapacity(this.squareMark, this.squares);
      this.squareJudged = ensureCapacity(this.squareJudged, this.squares);
      const centre = toUnitVector({ lat: (row + 0.5) * SQUARE_DEG, lon: (column + 0.5) * SQUARE_DEG });
      this.squareRef.set(centre, 3 * q);
    }
    widen(this.squareReach, this.squareRef, q, v);
    return q;
  }

  /** Facets of everything a viewer may see: the public counts plus the viewer's own hidden documents. */
  visibleCounts(seesAll: boolean, viewerUnit: number): FacetCounts {
    if (seesAll) return this.allCounts;
    if (viewerUnit < 0) return this.publicCounts;
    let counts: FacetCounts | undefined;
    for (const ord of this.hidden) {
      if (this.alive[ord] === 0 || this.unit[ord] !== viewerUnit) continue;
      counts ??= this.publicCounts.copy(this);
      counts.add(this, ord, 1);
    }
    return counts ?? this.publicCounts;
  }

  /** Gives back the room kept for growth. */
  trim(): void {
    const n = this.count;
    this.alive = trimmed(this.alive, n);
    this.isPublic = trimmed(this.isPublic, n);
    this.unit = trimmed(this.unit, n);
    this.region = trimmed(this.region, n);
    this.city = trimmed(this.city, n);
    this.category = trimmed(this.category, n);
    this.categoryClass = trimmed(this.categoryClass, n);
    this.modes = trimmed(this.modes, n);
    this.customs = trimmed(this.customs, n);
    this.fee = trimmed(this.fee, n);
    this.feeInternal = trimmed(this.feeInternal, n);
    this.lat = trimmed(this.lat, n);
    this.lon = trimmed(this.lon, n);
    // Three per ordinal of `alive`'s room (trimmed above): grow() checks `alive` alone.
    if (this.xyz.length > 3 * this.alive.length) this.xyz = this.xyz.slice(0, 3 * this.alive.length);
    this.updated = trimmed(this.updated, n);
    this.modelKey = trimmed(this.modelKey, n);
    this.cell = trimmed(this.cell, n);
    this.state = trimmed(this.state, n);
    this.square = trimmed(this.square, n);
    this.cityOrdinals = this.cityOrdinals.map((list, c) => trimmed(list, this.cityOrdinalCount[c]));
    this.cells.settleFees();
  }

  private grow(size: number): void {
    if (size <= this.alive.length) return;
    this.alive = ensureCapacity(this.alive, size);
    this.isPublic = ensureCapacity(this.isPublic, size);
    this.unit = ensureCapacity(this.unit, size);
    this.region = ensureCapacity(this.region, size);
    this.city = ensureCapacity(this.city, size);
    this.category = ensureCapacity(this.category, size);
    this.categoryClass = ensureCapacity(this.categoryClass, size);
    this.modes = ensureCapacity(this.modes, size);
    this.customs = ensureCapacity(this.customs, size);
    this.fee = ensureCapacity(this.fee, size);
    this.feeInternal = ensureCapacity(this.feeInternal, size);
    this.lat = ensureCapacity(this.lat, size);
    this.lon = ensureCapacity(this.lon, size);
    // Three per ordinal, sized from `alive`'s capacity (grown just above) so that the check above covers it too.
    this.xyz = ensureCapacity(this.xyz, 3 * this.alive.length);
    this.updated = ensureCapacity(this.updated, size);
    this.modelKey = ensureCapacity(this.modelKey, size);
    this.cell = ensureCapacity(this.cell, size);
    this.state = ensureCapacity(this.state, size);
    this.square = ensureCapacity(this.square, size);
  }
}
