import type { DocumentFilter } from './document-filter';

/** Document versions remembered for checking kept answers: an answer older than the oldest may have missed one. */
const JOURNAL_LIMIT = 8192;

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
    /** The index generation and its plan epoch the answer was computed at (see SearchIndex.unaffected). */
    readonly generation: object,
    readonly planEpoch: number,
    /** Clause → alternative → term ids, ascending; null: the text matched nothing, so no document can enter. */
    private readonly clauses: readonly (readonly Int32Array[])[] | null,
    private readonly filter: DocumentFilter,
  ) {}

  /** Whether the document version at ordinal `ord` (alive or retired), with distinct terms `terms` (ascending), is one this answer is about. */
  covers(ord: number, terms: Int32Array): boolean {
    if (this.clauses === null || !this.filter.admits(ord)) return false;
    return this.clauses.every((alternatives) => alternatives.some((alt) => containsAll(terms, alt)));
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
  /** Every change that produced a version above this is held. */
  private coveredAfter: number;

  constructor(version: number) {
    this.coveredAfter = version;
  }

  record(version: number, ord: number, terms: Int32Array): void {
    this.versions.push(version);
    this.ords.push(ord);
    this.terms.push(terms);
    if (this.versions.length <= JOURNAL_LIMIT) return;
    // Drop the older half, whole versions at a time (an upsert records two versions of one document).
    let cut = JOURNAL_LIMIT >>> 1;
    while (cut < this.versions.length && this.versions[cut] === this.versions[cut - 1]) cut++;
    this.coveredAfter = this.versions[cut - 1];
    this.versions = this.versions.slice(cut);
    this.ords = this.ords.slice(cut);
    this.terms = this.terms.slice(cut);
  }

  /** Whether no change that produced a version above `since` concerns `scope`; false when such changes are no longer held. */
  unaffected(scope: AnswerScope, since: number): boolean {
    if (since < this.coveredAfter) return false;
    let lo = 0;
    let hi = this.versions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.versions[mid] > since) hi = mid;
      else lo = mid + 1;
    }
    for (let i = lo; i < this.versions.length; i++) if (scope.covers(this.ords[i], this.terms[i])) return false;
    return true;
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
