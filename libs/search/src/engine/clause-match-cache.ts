import { ensureCapacity } from './columns';
import type { InvertedIndex } from './inverted-index';
import type { PlannedClause } from './query-plan';

/** Clauses reading fewer postings than this are evaluated every time: keeping them would save little. */
const MIN_CACHED_COST = 4096;
/** Entries (document and score pairs) kept at least, whatever the index's size. */
const MIN_BUDGET = 65_536;
/**
 * Pairs kept per ordinal while answering (12 bytes a pair: ~38 MB at 200,000 documents, ~190 MB at
 * 1,000,000). Questions nobody asked before still share their broad clauses (a lone character's
 * bigrams, 分 or 光 with 50,000-100,000 matches at 200,000 documents, five times that at 1,000,000;
 * the synonym families): at 2 pairs an ordinal, a few of those pushed the families out and each came
 * back by a whole evaluation, about a third of the engine's time on them; at 8, at 1,000,000
 * documents, 118 of the 393 clauses kept in 6,000 such questions had been kept and dropped before.
 */
const BUDGET_PER_ORDINAL = 16;
/**
 * Pairs per ordinal kept for texts of several clauses ({@link ClauseMatchCache.keyOfText}), in a cache of
 * their own: sharing the clauses' budget, at 1,000,000 documents the texts pushed out the families and broad
 * clauses every other question starts from, and questions that kept nothing cost 30-60 % more.
 */
export const TEXT_BUDGET_PER_ORDINAL = 4;
/**
 * Pairs per ordinal a load keeps beforehand ({@link ClauseMatchCache.fits}): what a gateway holds
 * at ready; the rest of the budget fills only with what is asked.
 */
const PRELOAD_PER_ORDINAL = 2;
/** A clause matching more than this share of the ordinals is not kept: a first clause of half the catalog would evict everything. */
const MAX_ENTRY_SHARE = 1 / 2;
/** Clauses remembered as asked once at their current validity, waiting for a second use. */
const SEEN_ONCE = 1024;

/** A clause's matching documents and their clause scores, `docs[0..count)`, in no particular order. */
export interface ClauseMatches {
  readonly docs: Int32Array;
  readonly scores: Float64Array;
  readonly count: number;
}

/** What every kept score was computed from: while it is unchanged, a kept score is the score. */
interface Validity {
  /** The index's epoch of scoring statistics (idf's frequencies and count, the length normalisation). */
  readonly statistics: number;
}

/** A kept clause: its matches, what they were computed from, and how far they are up to date. */
export interface KeptClause extends Validity {
  /** Ascending: membership is a binary search, and reading columns in ordinal order is kinder to the caches. */
  docs: Int32Array;
  scores: Float64Array;
  count: number;
  /** Bumped whenever {@link docs} change, so whatever is derived from them knows it is out of date. */
  changes: number;
  /** Derived from the matches by a caller (their order by score, counts by facet cell), valid while {@link changes} is its own. */
  derived?: { changes: number };
  /** Ordinals below this have been evaluated; later ones (documents added since) have not. */
  through: number;
  /** The index's count of retired documents when the dead were last dropped from {@link docs}. */
  retired: number;
}

/**
 * The matches of broad clauses, kept from one query to the next: a synonym
 * family (质谱 and its 13 spellings, ~100,000 postings for 14,000 documents
 * at 200,000 instruments) is read and scored once, and later queries with
 * the same family, whatever their filters, sort or page, start from its
 * union instead of every posting of every alternative.
 *
 * A kept score stays exact while what it was computed from is unchanged: the
 * index's epoch of scoring statistics (idf and the length normalisation are
 * taken per epoch, not per change; a document's own postings never change:
 * replacing it retires its ordinal and adds a new one). So an
 * ordinary change (a partner rewriting a record's description) does not drop
 * the entry: before its next use, the documents retired since are dropped
 * from it and those added since are evaluated from the tails of the term
 * lists (new ordinals are always the largest) and added. Only a new epoch
 * drops it. Least recently used entries go first past a budget proportional
 * to the index.
 *
 * A query's first clause is evaluated whole anyway, and kept at once (a
 * sort and a copy more). A later clause is evaluated for the documents
 * still in the running only: it is kept only when it is asked a second time
 * with nothing it depends on changed in between, since keeping it costs a
 * whole evaluation, more than the one it replaces.
 */
export class ClauseMatchCache {
  private readonly entries = new Map<string, KeptClause>();
  private held = 0;
  /** Validity at a clause's last use that did not keep it. */
  private readonly seenOnce = new Map<string, Validity>();

  constructor(
    private readonly index: InvertedIndex,
    private readonly perOrdinal = BUDGET_PER_ORDINAL,
  ) {}

  /** The key of a clause worth keeping, undefined for one cheap enough to evaluate every time. */
  keyOf(clause: PlannedClause): string | undefined {
    if (clause.alternatives.length < 2 || clause.cost < MIN_CACHED_COST) return undefined;
    return printClause(clause);
  }

  /**
   * The key of a text of several clauses (`ordered` as the evaluator takes them, cheapest first) whose
   * matches, every clause's documents, are worth keeping: undefined when reading its postings costs
   * little. The order is part of the key: a document's score is its clause scores summed in that order,
   * and documents added since can change it (a cost is a live count), so a text kept in one order is
   * never extended or served in another.
   */
  keyOfText(ordered: readonly PlannedClause[]): string | undefined {
    if (ordered.length < 2) return undefined;
    let cost = 0;
    for (const clause of ordered) cost += clause.cost;
    if (cost < MIN_CACHED_COST) return undefined;
    return ordered.map(printClause).join('&');
  }

  /**
   * The kept matches of the clause (or text) of `key` if its scores still hold. The caller then
   * brings them up to date with {@link upToDate}.
   */
  get(key: string): KeptClause | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (!this.current(entry)) {
      this.held -= entry.count;
      return undefined;
    }
    this.entries.set(key, entry);
    return entry;
  }

  /**
   * `entry` (kept under `key`) brought up to date: the documents retired since dropped, those from
   * `entry.through` to `ordinals` evaluated by `added` (ascending, from the ordinal it is given) and
   * appended. Undefined when they made it too large to keep (it is dropped).
   */
  upToDate(key: string, entry: KeptClause, alive: Uint8Array, ordinals: number, added: (from: number) => ClauseMatches): KeptClause | undefined {
    if (this.retiredSince(entry)) this.dropRetired(entry, alive);
    if (entry.through < ordinals) {
      const { docs, scores, count } = added(entry.through);
      if (!this.append(key, entry, docs, scores, count, ordinals)) return undefined;
    }
    return entry;
  }

  /** Whether documents were retired since `entry` last dropped its dead ones. */
  private retiredSince(entry: KeptClause): boolean {
    return entry.retired !== this.index.retired;
  }

  /** Drops the entries of documents no longer alive. */
  private dropRetired(entry: KeptClause, alive: Uint8Array): void {
    const { docs, scores, count } = entry;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const d = docs[i];
      if (alive[d] === 0) continue;
      docs[kept] = d;
      scores[kept++] = scores[i];
    }
    this.held -= count - kept;
    if (kept !== count) entry.changes++;
    entry.count = kept;
    entry.retired = this.index.retired;
  }

  /**
   * Adds the matches of the documents from `entry.through` to `ordinals`, evaluated by the caller
   * (ascending; all above the kept ones). False when they would make the entry too large to keep:
   * it is dropped, and lacks them.
   */
  private append(key: string, entry: KeptClause, docs: Int32Array, scores: Float64Array, count: number, ordinals: number): boolean {
    entry.through = ordinals;
    if (count === 0) return true;
    const size = entry.count + count;
    if (!this.admits(size, ordinals)) {
      this.entries.delete(key);
      this.held -= entry.count;
      return false;
    }
    entry.docs = ensureCapacity(entry.docs, size);
    entry.scores = ensureCapacity(entry.scores, size);
    entry.docs.set(docs.subarray(0, count), entry.count);
    entry.scores.set(scores.subarray(0, count), entry.count);
    entry.count = size;
    entry.changes++;
    this.held += count;
    this.evictPast(this.budget(ordinals), key);
    return true;
  }

  /** Whether the clause (or text) of `key`, not kept, is asked the second time at the same validity (then worth keeping); remembers this use. */
  worthKeeping(key: string): boolean {
    const before = this.seenOnce.get(key);
    this.seenOnce.delete(key);
    if (before !== undefined && this.current(before)) return true;
    if (this.seenOnce.size >= SEEN_ONCE) this.seenOnce.delete(this.seenOnce.keys().next().value!);
    this.seenOnce.set(key, this.validity());
    return false;
  }

  /** Whether `count` more pairs fit beside the kept ones, within what a load keeps beforehand, without dropping any. */
  fits(count: number, ordinals: number): boolean {
    return this.held + count <= Math.max(MIN_BUDGET, PRELOAD_PER_ORDINAL * ordinals) && this.admits(count, ordinals);
  }

  /** Whether matches of `count` documents may be kept at all, whatever must make room. */
  admits(count: number, ordinals: number): boolean {
    return count <= Math.max(MIN_BUDGET / 4, MAX_ENTRY_SHARE * ordinals);
  }

  /** Keeps copies of `docs[0..count)` (ascending) and `scores[0..count)`, every alive document's among `ordinals`, as the matches of the clause (or text) of `key`. */
  set(key: string, docs: Int32Array, scores: Float64Array, count: number, ordinals: number): void {
    if (!this.admits(count, ordinals)) return;
    const budget = this.budget(ordinals);
    const previous = this.entries.get(key);
    if (previous !== undefined) {
      this.entries.delete(key);
      this.held -= previous.count;
    }
    this.evictPast(budget - count);
    this.entries.set(key, {
      docs: docs.slice(0, count),
      scores: scores.slice(0, count),
      count,
      changes: 0,
      ...this.validity(),
      through: ordinals,
      retired: this.index.retired,
    });
    this.held += count;
  }

  private budget(ordinals: number): number {
    return Math.max(MIN_BUDGET, this.perOrdinal * ordinals);
  }

  /** Drops least recently used entries (never `keep`) until at most `budget` pairs are held. */
  private evictPast(budget: number, keep?: string): void {
    for (const [key, entry] of this.entries) {
      if (this.held <= budget) return;
      if (key === keep) continue;
      this.entries.delete(key);
      this.held -= entry.count;
    }
  }

  private validity(): Validity {
    return { statistics: this.index.statistics };
  }

  private current(entry: Validity): boolean {
    return entry.statistics === this.index.statistics;
  }
}

/** A clause's alternatives as a key. Weights print exactly (shortest round-trip form): equal keys, equal scores. */
function printClause(clause: PlannedClause): string {
  return clause.alternatives.map((alt) => `${alt.terms.join(',')}*${alt.weight}`).join('|');
}
