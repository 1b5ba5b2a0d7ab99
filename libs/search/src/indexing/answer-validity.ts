import type { AnswerScope } from '../engine/answer-scope';
import type { AnswerValidity } from '../engine/result-cache';
import type { SearchIndex } from '../engine/search-index';

/**
 * This replica's rule for kept search answers: an ordinary change drops only
 * the answers it concerns (a document version it retired or added passes
 * the answer's clauses and filters, or the plan and statistics epoch moved;
 * {@link unaffected}), and even those may be served for at most
 * `maxStaleMs` (SEARCH_CACHE_MAX_STALE_MS), counted from when the index
 * applied the first change the answer misses. A change that hides an
 * instrument from anyone (or that a writer in this process must see) raises
 * the floor in the same step the index applies it, so no answer computed
 * before it is served after it. With `maxStaleMs` 0 every change raises the
 * floor: any change empties the caches.
 */
export class IndexAnswerValidity implements AnswerValidity {
  floor = 0;
  /**
   * How many times the floor moved, by cause (plain counts for /metrics and
   * the churn figures of bench:search): a change that hides something, a new
   * index generation (a compaction, the build), a write of this process, any
   * change with no staleness allowed (`maxStaleMs` 0). Each empties both
   * caches on their next use.
   */
  readonly raised = { hides: 0, generation: 0, ownWrite: 0, everyChange: 0 };
  /**
   * The batches of changes applied within the last `maxStaleMs`, oldest
   * first: batch i took the index from version `from[i]` to `to[i]` at
   * `at[i]`. Contiguous, so an answer at version v first missed the batch
   * with from ≤ v < to; one older than every batch kept missed a change
   * longer ago than allowed.
   */
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  private readonly at: number[] = [];
  /** The index generation the kept answers were computed in. */
  private generation = 0;

  constructor(
    private readonly index: Pick<SearchIndex, 'version' | 'unaffected' | 'generation'>,
    private readonly maxStaleMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get version(): number {
    return this.index.version;
  }

  /**
   * The index has just applied the changes that took it from version `from`
   * to its current one. `hides`: one of them hides an instrument from someone
   * who could find it before (a withdrawal, deletion, confidentiality or
   * exemption).
   */
  applied(from: number, hides: boolean): void {
    const to = this.index.version;
    if (to === from) return;
    // After a compaction no kept answer can be shown unaffected, and each would keep the old generation in memory.
    const compacted = this.index.generation !== this.generation;
    this.generation = this.index.generation;
    if (hides || compacted || this.maxStaleMs <= 0) {
      this.raised[compacted ? 'generation' : hides ? 'hides' : 'everyChange']++;
      return this.raise();
    }
    const now = this.now();
    this.from.push(from);
    this.to.push(to);
    this.at.push(now);
    let expired = 0;
    while (expired < this.at.length && now - this.at[expired] >= this.maxStaleMs) expired++;
    if (expired > 0) for (const list of [this.from, this.to, this.at]) list.splice(0, expired);
  }

  /** No answer computed before now may be served: a write of this process is in the index, and its writer must find it. */
  invalidate(): void {
    this.raised.ownWrite++;
    this.raise();
  }

  private raise(): void {
    this.floor = this.index.version;
    this.from.length = this.to.length = this.at.length = 0;
  }

  unaffected(scope: AnswerScope, version: number): boolean {
    return this.index.unaffected(scope, version);
  }

  withinStaleness(version: number): boolean {
    // The first batch that ends after `version`: the one holding the first change an answer at `version` misses.
    let lo = 0;
    let hi = this.to.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.to[mid] > version) hi = mid;
      else lo = mid + 1;
    }
    return lo < this.to.length && this.from[lo] <= version && this.now() - this.at[lo] < this.maxStaleMs;
  }
}
