import type { InvertedIndex } from './inverted-index';
import type { PlannedClause } from './query-plan';

/** Clauses reading fewer postings than this are evaluated every time: keeping them would save little. */
const MIN_CACHED_COST = 4096;
/** Entries (document and score pairs) kept at least, whatever the index's size. */
const MIN_BUDGET = 65_536;
/** Clauses remembered as asked once at their current validity, waiting for a second use. */
const SEEN_ONCE = 1024;

/** A clause's matching documents and their clause scores, in no particular order. */
export interface ClauseMatches {
  readonly docs: Int32Array;
  readonly scores: Float64Array;
}

interface Entry extends ClauseMatches {
  /** Change stamps of the clause's terms, in plan order, when it was evaluated. */
  readonly stamps: Int32Array;
  readonly publicDocs: number;
  readonly normalisation: number;
}

/**
 * The matches of broad clauses, kept from one query to the next: a synonym
 * family (质谱 and its 13 spellings, ~100,000 postings for 14,000 documents
 * at 200,000 instruments) is read and scored once, and later queries with
 * the same family, whatever their filters, sort or page, start from its
 * union instead of every posting of every alternative.
 *
 * An entry is only used while everything its scores were computed from is
 * unchanged (each term's postings and document frequency, the number of
 * public documents, the length normalisation), so results are exactly those
 * of a fresh evaluation; any change to one of its terms drops it. Least
 * recently used entries go first past a budget proportional to the index.
 *
 * A clause is kept only when it is asked a second time with nothing it
 * depends on changed in between: while partners write many changes a
 * second, an entry would be dropped before its next use, and building it
 * (the whole clause, copied) costs more than the evaluation it replaces.
 */
export class ClauseMatchCache {
  private readonly entries = new Map<string, Entry>();
  private held = 0;
  /** Validity (as `Entry` minus its matches) at a clause's last use that did not keep it. */
  private readonly seenOnce = new Map<string, Omit<Entry, keyof ClauseMatches>>();

  constructor(private readonly index: InvertedIndex) {}

  /** The key of a clause worth keeping, undefined for one cheap enough to evaluate every time. */
  keyOf(clause: PlannedClause): string | undefined {
    if (clause.alternatives.length < 2 || clause.cost < MIN_CACHED_COST) return undefined;
    // Weights print exactly (shortest round-trip form): equal keys, equal scores.
    return clause.alternatives.map((alt) => `${alt.terms.join(',')}*${alt.weight}`).join('|');
  }

  get(key: string, clause: PlannedClause): ClauseMatches | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (!this.current(entry, clause)) {
      this.held -= entry.docs.length;
      return undefined;
    }
    this.entries.set(key, entry);
    return entry;
  }

  /** Whether `clause`, not kept, is asked the second time at the same validity (then worth keeping); remembers this use. */
  worthKeeping(key: string, clause: PlannedClause): boolean {
    const before = this.seenOnce.get(key);
    this.seenOnce.delete(key);
    if (before !== undefined && this.current(before, clause)) return true;
    if (this.seenOnce.size >= SEEN_ONCE) this.seenOnce.delete(this.seenOnce.keys().next().value!);
    this.seenOnce.set(key, this.validity(clause));
    return false;
  }

  /** Keeps copies of `docs[0..count)` and `scores[0..count)` as the matches of `clause`. */
  set(key: string, clause: PlannedClause, docs: Int32Array, scores: Float64Array, count: number, ordinals: number): void {
    const budget = Math.max(MIN_BUDGET, 2 * ordinals);
    if (count > budget / 4) return;
    const previous = this.entries.get(key);
    if (previous !== undefined) {
      this.entries.delete(key);
      this.held -= previous.docs.length;
    }
    while (this.held + count > budget) {
      const [oldest, entry] = this.entries.entries().next().value!;
      this.entries.delete(oldest);
      this.held -= entry.docs.length;
    }
    this.entries.set(key, { docs: docs.slice(0, count), scores: scores.slice(0, count), ...this.validity(clause) });
    this.held += count;
  }

  private validity(clause: PlannedClause): Omit<Entry, keyof ClauseMatches> {
    const { stamp, publicDocs, normalisation } = this.index;
    const stamps: number[] = [];
    for (const alt of clause.alternatives) for (const t of alt.terms) stamps.push(stamp[t]);
    return { stamps: Int32Array.from(stamps), publicDocs, normalisation };
  }

  private current(entry: Omit<Entry, keyof ClauseMatches>, clause: PlannedClause): boolean {
    const { stamp, publicDocs, normalisation } = this.index;
    if (entry.publicDocs !== publicDocs || entry.normalisation !== normalisation) return false;
    let i = 0;
    for (const alt of clause.alternatives) for (const t of alt.terms) if (entry.stamps[i++] !== stamp[t]) return false;
    return true;
  }
}
