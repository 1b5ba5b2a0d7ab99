import type { DocumentColumns } from './document-columns';
import type { DocumentFilter } from './document-filter';

/** Document versions remembered for checking kept answers: an answer older than the oldest may have missed one. */
const JOURNAL_LIMIT = 8192;

/**
 * Why a change since a kept answer was computed keeps it from being served
 * as exact, by the first rule that holds: the index generation moved (a
 * compaction or a load), the statistics epoch (idf or the length
 * normalisation taken again), the findable words or the interned filter
 * values (the plan may differ), the changes since are no longer journaled,
 * or one change within its scope ({@link ScopeConcern}). Counted per cause
 * (SearchIndex.concerns) for the churn figures of bench:search.
 */
export type Concern = 'generation' | 'statistics' | 'vocabulary' | 'filterValues' | 'journal' | ScopeConcern;

/**
 * How one change concerns an answer (AnswerScope.concern): exactly one of its
 * versions matches (the total moves), the two are in different facet cells,
 * the answer is not a full page (no position to test against), the old
 * version is on the page, it may have sorted before the page (a later page),
 * or the new one may sort onto it.
 */
export type ScopeConcern = 'matches' | 'facetCell' | 'noPage' | 'onPage' | 'beforePage' | 'ontoPage';

/**
 * What an answer's plan and scores were derived from besides the documents:
 * the statistics epoch, the interned filter values, and the findable words
 * (`vocabulary`, moved up once the plan is known to be the same at a later
 * one: `plan` is the plan's print, `replan` prints the plan the same query
 * gets now).
 */
export interface PlanEpochs {
  readonly statistics: number;
  readonly filterValues: number;
  vocabulary: number;
  readonly plan: string;
  readonly replan: () => string;
}

/** Where an answer's page stands among its matches, for telling whether a change leaves it as it is. */
export interface PagePosition {
  /** Ordinals on the page. */
  readonly ords: Int32Array;
  /** Sort key of the page's last entry (ascending keys; ties by id). */
  readonly cutKey: number;
  /** The page is the first (no cursor): every match not on it sorts after it. */
  readonly first: boolean;
  /** A lower bound of the sort key of the document version at an ordinal (with its distinct terms), -∞ when unknown. */
  readonly keyBound: (ord: number, terms: Int32Array) => number;
  /** Whether two document versions (with their distinct terms) certainly have the same sort key: one id, so the same place. */
  readonly sameKey: (a: number, aTerms: Int32Array, b: number, bTerms: Int32Array) => boolean;
  readonly columns: DocumentColumns;
}

/**
 * What decides which documents an answer is about: the query's clauses (a
 * document matches when each clause has an alternative whose terms it all
 * has) and its filters with the viewer's policy. With the plan and the
 * scoring statistics unchanged, a change can only alter the answer through a
 * document version that passes both, the version it replaced or the one
 * it added: every other document keeps its score, its sort keys and its
 * place, and stays out of the totals and facets it was out of.
 */
export class AnswerScope {
  constructor(
    /** The index generation the answer was computed in, and its epochs then (see SearchIndex.unaffected). */
    readonly generation: object,
    readonly epochs: PlanEpochs,
    /** Clause → alternative → term ids, ascending; null: the text matched nothing, so no document can enter. */
    private readonly clauses: readonly (readonly Int32Array[])[] | null,
    private readonly filter: DocumentFilter,
    /** Set for a full page: then a replacement within the matches that lands after the page, in the same facet cell, leaves the answer as it is. */
    private readonly page?: PagePosition,
  ) {}

  /** Whether the document version at ordinal `ord` (alive or retired), with distinct terms `terms` (ascending), is one this answer is about. */
  covers(ord: number, terms: Int32Array): boolean {
    if (this.clauses === null || !this.filter.admits(ord)) return false;
    return this.clauses.every((alternatives) => alternatives.some((alt) => containsAll(terms, alt)));
  }

  /**
   * Whether one change (the version it retired and the one it added, -1 for
   * none) may alter the answer. Both outside its matches: no. One inside:
   * the total moves. Both inside, in one facet cell: total and facets stay,
   * and the page stays when the old version is not on it and the new one
   * takes its place in the order (the same key) or sorts after the page.
   * Returns the rule that decided it, undefined when the change leaves the
   * answer as it is.
   */
  concern(retired: number, retiredTerms: Int32Array | undefined, added: number, addedTerms: Int32Array | undefined): ScopeConcern | undefined {
    const before = retired >= 0 && this.covers(retired, retiredTerms!);
    const after = added >= 0 && this.covers(added, addedTerms!);
    if (!before && !after) return undefined;
    if (before !== after) return 'matches';
    const page = this.page;
    if (page === undefined) return 'noPage';
    if (page.columns.cell[retired] !== page.columns.cell[added]) return 'facetCell';
    if (page.ords.includes(retired)) return 'onPage';
    if (page.sameKey(retired, retiredTerms!, added, addedTerms!)) return undefined;
    if (!page.first && !(page.keyBound(retired, retiredTerms!) > page.cutKey)) return 'beforePage';
    return page.keyBound(added, addedTerms!) > page.cutKey ? undefined : 'ontoPage';
  }
}

/**
 * The document versions each recent change retired or added, with the index
 * version that change produced, oldest first: what a kept answer's scope is
 * checked against to know whether any change since it was computed concerns
 * it. Bounded; an answer older than what it holds counts as affected.
 */
export class ChangeJournal {
  private versions: number[] = [];
  private ords: number[] = [];
  private terms: Int32Array[] = [];
  /** Whether the record is of a version the change retired (else of one it added). */
  private retired: boolean[] = [];
  /** Every change that produced a version above this is held. */
  private coveredAfter: number;

  constructor(version: number) {
    this.coveredAfter = version;
  }

  record(version: number, ord: number, terms: Int32Array, retired: boolean): void {
    this.versions.push(version);
    this.ords.push(ord);
    this.terms.push(terms);
    this.retired.push(retired);
    if (this.versions.length <= JOURNAL_LIMIT) return;
    // Drop the older half, whole versions at a time (an upsert records two versions of one document).
    let cut = JOURNAL_LIMIT >>> 1;
    while (cut < this.versions.length && this.versions[cut] === this.versions[cut - 1]) cut++;
    this.coveredAfter = this.versions[cut - 1];
    this.versions = this.versions.slice(cut);
    this.ords = this.ords.slice(cut);
    this.terms = this.terms.slice(cut);
    this.retired = this.retired.slice(cut);
  }

  /** Whether no change that produced a version above `since` concerns `scope`; false when such changes are no longer held. */
  unaffected(scope: AnswerScope, since: number): boolean {
    return this.concern(scope, since) === undefined;
  }

  /** {@link unaffected}, with why not: the first change since `since` that concerns `scope`, or 'journal' when they are no longer held. */
  concern(scope: AnswerScope, since: number): ScopeConcern | 'journal' | undefined {
    if (since < this.coveredAfter) return 'journal';
    let lo = 0;
    let hi = this.versions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.versions[mid] > since) hi = mid;
      else lo = mid + 1;
    }
    // One change at a time: the version it retired (if any) first, then the one it added (if any).
    for (let i = lo; i < this.versions.length;) {
      const old = this.retired[i] ? i++ : -1;
      const added = i < this.versions.length && !this.retired[i] && (old < 0 || this.versions[i] === this.versions[old]) ? i++ : -1;
      const concern = scope.concern(
        old < 0 ? -1 : this.ords[old],
        old < 0 ? undefined : this.terms[old],
        added < 0 ? -1 : this.ords[added],
        added < 0 ? undefined : this.terms[added],
      );
      if (concern !== undefined) return concern;
    }
    return undefined;
  }
}

function containsAll(sorted: Int32Array, wanted: Int32Array): boolean {
  for (let i = 0; i < wanted.length; i++) if (!contains(sorted, wanted[i])) return false;
  return true;
}

function contains(sorted: Int32Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid];
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
