import { ensureCapacity } from './columns';
import type { DocumentColumns } from './document-columns';
import { STATE_ALIVE, STATE_CELL_SHIFT, STATE_PUBLIC } from './document-state';
import type { DocumentFilter } from './document-filter';
import type { PostingList } from './postings';
import type { QueryPlan } from './query-plan';

// Copies, not the imports: compiled to CommonJS, each read of an imported binding is a getter call, and these are read for every posting.
const ALIVE = STATE_ALIVE;
const PUBLIC = STATE_PUBLIC;
const CELL_SHIFT = STATE_CELL_SHIFT;

/**
 * Live postings from which a term's per-cell counts are kept once a one-term
 * question asks for it: below this, counting its matches one by one costs
 * less than a pass over every cell (a few thousand).
 */
export const BROAD_TERM = 4096;
/** Terms whose counts are kept at most, least recently asked dropped first (at 1,000,000 instruments' ~7,600 cells, ~61 kB a term). */
const KEPT_TERMS = 512;

/** One term's alive documents by facet cell: the public ones, and all; and its documents visible to their unit only. */
export interface TermCounts {
  publicPerCell: Int32Array;
  allPerCell: Int32Array;
  /** Ordinals of its unit-only documents; some may have been retired since (read through `alive`). */
  hidden: number[];
  /**
   * Ordinals of its documents whose joined model designation is the term
   * itself (a question of that one word finds them first); some may have been
   * retired since.
   */
  modelled: number[];
}

/**
 * Per-cell counts of the broad terms' documents, so that a one-term question
 * filtered on cell values only (region, city, category, service mode,
 * customs, or none) takes its total and facets from them instead of reading
 * the state of every match (at 1,000,000 instruments a broad word has
 * 50,000–200,000, a cache miss each). Counted once, at the first such
 * question on the term, then kept exact document by document as changes
 * add and retire documents carrying it: a catalog's broad words come back
 * question after question, and a change touches a few dozen terms.
 */
export class TermCells {
  private readonly kept = new Map<number, TermCounts>();

  /** `term`'s counts (its postings `list`), counted now if not kept; undefined for a term not broad enough to pay. */
  of(term: number, list: PostingList, columns: DocumentColumns): TermCounts | undefined {
    let counts = this.kept.get(term);
    if (counts !== undefined) {
      // Most recently asked last: the first one is dropped when room runs out.
      this.kept.delete(term);
      this.kept.set(term, counts);
      return counts;
    }
    if (list.length - list.dead < BROAD_TERM) return undefined;
    if (this.kept.size >= KEPT_TERMS) this.kept.delete(this.kept.keys().next().value!);
    counts = countCells(list.docs, list.length, columns, term);
    this.kept.set(term, counts);
    return counts;
  }

  /** `term`'s counts if kept, neither counted now nor moved in the least-recently-asked order. */
  peek(term: number): TermCounts | undefined {
    return this.kept.get(term);
  }

  /**
   * Document `d`, carrying the distinct `terms`, came alive (`sign` 1) or
   * was retired (-1); its cell and visibility are read from its state, which
   * retiring leaves but for the alive bit.
   */
  change(terms: readonly number[], d: number, columns: DocumentColumns, sign: 1 | -1): void {
    if (this.kept.size === 0) return;
    const s = columns.state[d];
    const cell = s >> CELL_SHIFT;
    const isPublic = (s & PUBLIC) !== 0;
    for (let i = 0; i < terms.length; i++) {
      const counts = this.kept.get(terms[i]);
      if (counts === undefined) continue;
      if (cell >= counts.allPerCell.length) {
        // A cell interned after the counts were taken.
        counts.allPerCell = ensureCapacity(counts.allPerCell, cell + 1, 0);
        counts.publicPerCell = ensureCapacity(counts.publicPerCell, cell + 1, 0);
      }
      counts.allPerCell[cell] += sign;
      if (isPublic) counts.publicPerCell[cell] += sign;
      else if (sign === 1) counts.hidden.push(d);
      if (sign === 1 && columns.modelKey[d] === terms[i]) counts.modelled.push(d);
    }
  }

  /** Terms whose counts are kept (for tests and metrics). */
  get size(): number {
    return this.kept.size;
  }
}

/**
 * The alive documents among `docs[0..length)` by facet cell (public ones, and
 * all), their unit-only ones listed, and those whose joined model designation
 * is `modelTerm` (none asked for with -2): one read of each one's state.
 */
export function countCells(docs: Int32Array, length: number, columns: DocumentColumns, modelTerm: number): TermCounts {
  const { state, modelKey } = columns;
  const cells = columns.cells.size;
  const publicPerCell = new Int32Array(cells);
  const allPerCell = new Int32Array(cells);
  const hidden: number[] = [];
  const modelled: number[] = [];
  for (let i = 0; i < length; i++) {
    const d = docs[i];
    const s = state[d];
    if ((s & ALIVE) === 0) continue;
    const cell = s >> CELL_SHIFT;
    allPerCell[cell]++;
    if ((s & PUBLIC) !== 0) publicPerCell[cell]++;
    else hidden.push(d);
    if (modelTerm !== -2 && modelKey[d] === modelTerm) modelled.push(d);
  }
  return { publicPerCell, allPerCell, hidden, modelled };
}

/**
 * Whether the kept counts show that nothing matches `plan` and passes
 * `filter`'s cell values for its viewer: a clause each of whose alternatives
 * has a term with no such document. A broad word asked with a category or
 * region it never occurs in then reads none of its postings, where each
 * would have been read and refused by the filter (at 1,000,000 instruments,
 * up to 80 ms for one question). The other filters (fee, radius, unit) only
 * narrow further. Counts are only read here, never taken: taking them for
 * every broad word of a question cost more than it saved.
 */
export function emptyByCells(plan: QueryPlan, filter: DocumentFilter, columns: DocumentColumns, cells: TermCells): boolean {
  const passing = filter.passingCells;
  if (passing === null) return false;
  const none = (term: number) => {
    const counts = cells.peek(term);
    return counts !== undefined && !columns.cells.anyWithin(columns, counts, passing, filter.seesAll, filter.viewerUnit);
  };
  return plan.clauses.some((clause) => clause.alternatives.length > 0 && clause.alternatives.every((alt) => alt.terms.some(none)));
}
