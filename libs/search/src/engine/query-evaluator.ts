import { ClauseMatchCache, TEXT_BUDGET_PER_ORDINAL, type ClauseMatches, type KeptClause } from './clause-match-cache';
import { ensureCapacity } from './columns';
import type { InvertedIndex } from './inverted-index';
import type { PlannedAlternative, PlannedClause } from './query-plan';

/**
 * Share of the other matching alternatives added to a clause's best one
 * (disjunction-max with a tie breaker): a document that says "SEM",
 * "scanning electron microscope" and 扫描电子显微镜 is more surely one than a
 * document that only matches one of them.
 */
export const TIE_BREAKER = 0.3;

/**
 * Scores documents for a query plan: every clause must match (AND); a clause
 * scores the best of its alternatives plus a share of the others (dis-max);
 * an alternative is a conjunction of terms scoring the mean of their BM25F
 * scores.
 *
 * Accumulators are dense arrays over ordinals, reset by epoch stamps instead
 * of clearing, so a query costs the postings it reads and nothing per
 * document in the index. The cheapest clause runs first; later clauses only
 * accumulate for documents still in the running.
 */
export class QueryEvaluator {
  private queryStamp = new Int32Array(0);
  private queryCount = new Uint8Array(0);
  /** Score of each candidate after evaluation (valid for the returned ordinals). */
  score = new Float64Array(0);
  /**
   * Per ordinal, side by side: the clause epoch that last touched it, its best
   * alternative's score and the sum of all. One cache line per posting
   * instead of three arrays' worth: offering postings is memory-bound.
   */
  private clause = new Float64Array(0);
  private first = new Int32Array(0);
  /**
   * The score so far of each running document, beside it (`first[i]`'s at
   * i): seeding and narrowing read and write in order instead of a
   * scattered `score[d]` per match (at 1,000,000 documents a cache miss each).
   */
  private firstScore = new Float64Array(0);
  /** Documents that satisfied a conjunction, and their scores (the same shape as a posting list). */
  private survivors = new Int32Array(0);
  /** Partial sums of the survivors (float64, as the scores are summed). */
  private partial = new Float64Array(0);
  private survivorScores = new Float32Array(0);
  private touched = new Int32Array(0);
  /** Clause score of each touched document, in the same order. */
  private clauseScore = new Float64Array(0);
  private readonly cache: ClauseMatchCache;
  /** Texts of several clauses kept ({@link keptText}), apart from the clauses: neither pushes the other out. */
  private readonly texts: ClauseMatchCache;
  /** {@link runBlocked}'s scratch: each alternative's position in its list and its factor, and the block's matches. */
  private cursors = new Int32Array(0);
  private factors = new Float64Array(0);
  private readonly blockBits = new Int32Array(BLOCK_WORDS);
  /** The survivors of a blocked evaluation's conjunctions and their partial sums, side by side (grown as needed). */
  private setAsideDocs = new Int32Array(0);
  private setAsideScores = new Float32Array(0);
  private touchedCount = 0;
  private queryEpoch = 0;
  private clauseEpoch = 0;
  /** While evaluating clause k > 0: only documents that matched the k previous clauses count. */
  private restrictTo = 0;
  /** While evaluating clause k > 0: how many documents are still in the running (`first[0..running)`, ascending). */
  private running = 0;
  /**
   * Whether the running documents are stamped as such for the clause being
   * narrowed by: done only when a clause is read for them in full, not for
   * every document of the first clause (most later clauses only gallop).
   */
  private stamped = false;
  /** Only documents from this ordinal on are evaluated (bringing kept matches up to date). */
  private from = 0;

  constructor(
    private readonly index: InvertedIndex,
    private readonly alive: () => Uint8Array,
  ) {
    this.cache = new ClauseMatchCache(index);
    this.texts = new ClauseMatchCache(index, TEXT_BUDGET_PER_ORDINAL);
  }

  /**
   * Ordinals (alive) matching every clause: `ords[0..count)`; their scores in
   * {@link score}. With `filter`, a query of several clauses keeps only the
   * first clause's documents it admits in the running: the caller would
   * filter the matches by it anyway, and later clauses then look up fewer
   * documents (a category or region filter often leaves a tenth of them, or
   * none). Scores are per document, so those of the documents kept do not
   * change. `admitted` says whether it did: then every document returned
   * passes `filter`, and the caller does not ask it again.
   *
   * The scores come beside the ordinals (`scores[i]` is `ords[i]`'s); with
   * `beside`, only there: a caller that ranks them in one pass writes
   * {@link score} for the page's documents alone. Else in {@link score} too.
   */
  evaluate(
    clauses: readonly PlannedClause[],
    ordinals: number,
    filter?: { matches(d: number): boolean },
    beside = false,
  ): { ords: Int32Array; scores: Float64Array; count: number; admitted: boolean } {
    this.prepare(ordinals);
    const order = byCost(clauses);
    const admitted = filter !== undefined && order.length > 1;
    const count = this.run(order, ordinals, admitted ? filter : undefined, 0);
    const { first, firstScore, score } = this;
    if (!beside) for (let i = 0; i < count; i++) score[first[i]] = firstScore[i];
    return { ords: first, scores: firstScore, count, admitted };
  }

  /**
   * The kept matches of a text of several clauses (the documents matching every clause, none filtered, their
   * scores), brought up to date with the documents retired and added since; undefined when the text is cheap to
   * evaluate, too broad to keep, or not kept (yet). Questions nobody asked before share their texts with other
   * filters, sorts and pages (a fragment of a name, a maker, a phrase): kept, such a question's ranking reads no
   * posting. A text is kept at once when `whole` (the question has no filter: it is evaluated whole anyway, so
   * keeping costs a copy), else at its second use at the same validity, as a later clause is. `now` says its
   * matches were evaluated by this call (kept, or too broad to keep and valid only until the next evaluation):
   * what a ranking derives from kept matches would pay only from their next use.
   */
  keptText(
    clauses: readonly PlannedClause[],
    ordinals: number,
    whole: boolean,
  ): { matches: KeptClause; now: false } | { matches: ClauseMatches; now: true } | undefined {
    const order = byCost(clauses);
    const key = this.texts.keyOfText(order);
    if (key === undefined) return undefined;
    this.prepare(ordinals);
    const kept = this.texts.get(key);
    if (kept === undefined) {
      if (!whole && !this.texts.worthKeeping(key)) return undefined;
      const count = this.run(order, ordinals, undefined, 0);
      // Too broad to keep, the evaluation still answers this question: thrown away, the caller would evaluate again.
      if (this.texts.admits(count, ordinals)) this.texts.set(key, this.first, this.firstScore, count, ordinals);
      return { matches: { docs: this.first, scores: this.firstScore, count }, now: true };
    }
    const current = this.texts.upToDate(key, kept, this.alive(), ordinals, (from) => {
      const count = this.run(order, ordinals, undefined, from);
      return { docs: this.first, scores: this.firstScore, count };
    });
    return current && { matches: current, now: false };
  }

  /**
   * The documents from ordinal `from` on matching every clause of `order` (cheapest first), ascending, into
   * `first[0..n)` and their scores beside them in `firstScore`: n. With `filter`, only the first clause's
   * documents it admits stay in the running.
   */
  private run(order: readonly PlannedClause[], ordinals: number, filter: { matches(d: number): boolean } | undefined, from: number): number {
    const qe = this.nextEpoch('queryEpoch');
    let count = this.seed(order[0], order.length > 1, ordinals, from);
    if (filter !== undefined) count = this.admitted(count, filter);
    for (let k = 1; k < order.length && count > 0; k++) {
      const single = singleTerm(order[k]);
      count = single ? this.narrowByTerm(single, count) : this.narrowByClause(order[k], count, k, qe, ordinals);
    }
    return count;
  }

  /**
   * The first (cheapest) clause's documents from ordinal `from` on into `first`, their scores beside them;
   * ascending when more clauses follow.
   */
  private seed(clause: PlannedClause, more: boolean, ordinals: number, from: number): number {
    const { first, firstScore } = this;
    let n = 0;
    const single = singleTerm(clause);
    if (single) {
      // One term: the clause score is the posting's, no dis-max bookkeeping (and the list is already ascending).
      const { docs, weights, length, dead } = this.index.postings[single.terms[0]];
      const factor = single.weight * single.idf[0];
      const alive = this.alive();
      for (let i = lowerBound(docs, length, from); i < length; i++) {
        const d = docs[i];
        if (dead > 0 && alive[d] === 0) continue;
        firstScore[n] = factor * weights[i];
        first[n++] = d;
      }
    } else {
      // From a later ordinal (a kept text's documents added since), the clause is evaluated for those only, not kept.
      const { docs, scores, count, ascending } = from === 0 ? this.matches(clause, 0, ordinals) : this.evaluateClause(clause, 0, from);
      first.set(docs.subarray(0, count));
      firstScore.set(scores.subarray(0, count));
      n = count;
      if (more && !ascending) this.ascending({ docs: first, scores: firstScore, count: n });
    }
    return n;
  }

  /** Keeps the running documents `first[0..count)` the filter admits, in order, their scores along. */
  private admitted(count: number, filter: { matches(d: number): boolean }): number {
    const { first, firstScore } = this;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const d = first[i];
      if (!filter.matches(d)) continue;
      firstScore[kept] = firstScore[i];
      first[kept++] = d;
    }
    return kept;
  }

  /** Stamps the running documents `first[0..running)` as having matched the k clauses before (for reading clause k in full), once per clause. */
  private stampRunning(k: number): void {
    if (this.stamped) return;
    this.stamped = true;
    const { first, queryStamp, queryCount } = this;
    const qe = this.queryEpoch;
    for (let i = 0; i < this.running; i++) {
      queryStamp[first[i]] = qe;
      queryCount[first[i]] = k;
    }
  }

  /**
   * Keeps the running documents `first[0..count)` (ascending) that have the
   * term, adding its score: galloping through the term's list, so a long
   * list costs O(count × log(gap)), not its length.
   */
  private narrowByTerm(alt: PlannedAlternative, count: number): number {
    const { docs, weights, length } = this.index.postings[alt.terms[0]];
    return this.narrowSorted(docs, weights, alt.weight * alt.idf[0], length, count);
  }

  /** Keeps the running documents found in the ascending `docs[0..length)`, adding factor × their value (× 1 is exact). */
  private narrowSorted(docs: Int32Array, values: Float32Array | Float64Array, factor: number, length: number, count: number): number {
    const { first, firstScore } = this;
    let kept = 0;
    let at = 0;
    for (let i = 0; i < count && at < length; i++) {
      const d = first[i];
      at = gallop(docs, length, at, d);
      if (at < length && docs[at] === d) {
        firstScore[kept] = firstScore[i] + factor * values[at];
        first[kept++] = d;
        at++;
      }
    }
    return kept;
  }

  /**
   * Keeps the running documents `first[0..count)` (ascending) that match
   * clause k, adding its score; keeps their order. Kept matches are
   * ascending too: the running documents gallop through them rather than
   * every match being looked up.
   */
  private narrowByClause(clause: PlannedClause, count: number, k: number, qe: number, ordinals: number): number {
    this.running = count;
    this.stamped = false;
    const { docs, scores, count: matched, ascending } = this.matches(clause, k, ordinals);
    if (ascending) return this.narrowSorted(docs, scores, 1, matched, count);
    // Matches in no order (read for the running documents, or whole): summed by ordinal.
    this.stampRunning(k);
    const { queryStamp, queryCount, score, first, firstScore } = this;
    for (let i = 0; i < count; i++) score[first[i]] = firstScore[i];
    for (let i = 0; i < matched; i++) {
      const d = docs[i];
      if (queryStamp[d] === qe && queryCount[d] === k) {
        queryCount[d] = k + 1;
        score[d] += scores[i];
      }
    }
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const d = first[i];
      if (queryCount[d] !== k + 1) continue;
      firstScore[kept] = score[d];
      first[kept++] = d;
    }
    return kept;
  }

  /** {@link score}, with room for `ordinals`: for a caller that scores matches itself. */
  scores(ordinals: number): Float64Array {
    this.prepare(ordinals);
    return this.score;
  }

  /**
   * The kept matches of a broad clause, brought up to date, or undefined
   * when the clause is not kept (yet). A caller that can rank from them
   * without reading every match (see `relevance-ranking.ts`) asks this first.
   */
  kept(clause: PlannedClause, ordinals: number): KeptClause | undefined {
    const key = this.cache.keyOf(clause);
    if (key === undefined) return undefined;
    this.prepare(ordinals);
    return this.keptUpToDate(key, clause, ordinals);
  }

  /**
   * Evaluates a broad clause whole and keeps it now, when it is not kept yet
   * and fits beside what is: done at the end of a load, so that a family's
   * first queries do not pay its evaluation (nor its second, the one that
   * would keep it). The largest clause of the kept matches' life.
   */
  keep(clause: PlannedClause, ordinals: number): void {
    const key = this.cache.keyOf(clause);
    if (key === undefined || this.cache.get(key) !== undefined) return;
    this.prepare(ordinals);
    const matched = this.evaluateClause(clause, 0, 0);
    if (!this.cache.fits(matched.count, ordinals)) return;
    if (!matched.ascending) this.ascending(matched);
    this.cache.set(key, matched.docs, matched.scores, matched.count, ordinals);
  }

  /**
   * The documents of one clause and their clause scores (best alternative
   * plus a share of the others). A broad clause comes from the cache (brought
   * up to date with the documents retired and added since it was kept), or
   * is evaluated whole and kept: at once as the first clause (k = 0), at its
   * second use at the same validity as a later one; any other is evaluated
   * for the documents still in the running only (clause k > 0).
   */
  private matches(clause: PlannedClause, k: number, ordinals: number): ClauseMatches & { ascending: boolean } {
    let key = this.cache.keyOf(clause);
    if (key !== undefined) {
      const kept = this.keptUpToDate(key, clause, ordinals);
      if (kept !== undefined) return { docs: kept.docs, scores: kept.scores, count: kept.count, ascending: true };
      // The first clause is evaluated whole anyway, so keeping it costs only a sort and a copy of its matches: waiting
      // for a second use made that use evaluate it whole again (2-3 ms for a family of 3,000-8,000 matches at 200,000
      // instruments, the bench's slowest samples). A later clause is evaluated for the running documents only; a whole
      // evaluation to keep it pays from its second use.
      if (k !== 0 && !this.cache.worthKeeping(key)) key = undefined;
    }
    const matched = this.evaluateClause(clause, key === undefined ? k : 0, 0);
    // Matches the cache would refuse are not sorted for it: a first clause of half the catalog came here on every use.
    if (key === undefined || !this.cache.admits(matched.count, ordinals)) return matched;
    if (!matched.ascending) this.ascending(matched);
    this.cache.set(key, matched.docs, matched.scores, matched.count, ordinals);
    return { ...matched, ascending: true };
  }

  /** The kept matches of `clause` with the documents retired and added since dropped and added; undefined when not kept, or outgrown and dropped just now. */
  private keptUpToDate(key: string, clause: PlannedClause, ordinals: number): KeptClause | undefined {
    const kept = this.cache.get(key);
    if (kept === undefined) return undefined;
    return this.cache.upToDate(key, kept, this.alive(), ordinals, (from) => {
      const added = this.evaluateClause(clause, 0, from);
      if (!added.ascending) this.ascending(added);
      return added;
    });
  }

  /** Sorts evaluated matches by ordinal, their scores along (through `partial`, free outside a conjunction). */
  private ascending(matched: ClauseMatches): void {
    const { docs, scores, count } = matched;
    const dense = this.partial;
    for (let i = 0; i < count; i++) dense[docs[i]] = scores[i];
    docs.subarray(0, count).sort();
    for (let i = 0; i < count; i++) scores[i] = dense[docs[i]];
  }

  /**
   * Evaluates a clause over the documents from ordinal `from` on (restricted to the running ones for k > 0): `touched`
   * and `clauseScore`; ascending when said so.
   */
  private evaluateClause(clause: PlannedClause, k: number, from: number): ClauseMatches & { ascending: boolean } {
    this.restrictTo = k;
    this.from = from;
    if (k === 0 ? blockable(clause, true) : from === 0 && blockable(clause, false)) {
      if (k === 0) this.runBlocked(clause);
      else this.runBlockedRunning(clause);
      return { docs: this.touched, scores: this.clauseScore, count: this.touchedCount, ascending: true };
    }
    if (k !== 0) this.stampRunning(k);
    this.runClause(clause);
    const { touched, touchedCount, clause: acc, clauseScore } = this;
    const tie = TIE_BREAKER;
    for (let i = 0; i < touchedCount; i++) {
      const at = 3 * touched[i];
      const best = acc[at + 1];
      clauseScore[i] = best + tie * (acc[at + 2] - best);
    }
    return { docs: touched, scores: clauseScore, count: touchedCount, ascending: false };
  }

  /**
   * A whole evaluation of a clause of single terms (a lone character's bigrams: 分's 49 lists, 263,006 postings at
   * 200,000 documents), a block of ordinals at a time: every alternative adds to the block's accumulators, in the
   * alternatives' order as {@link runClause} does (so each document's best and sum are the same numbers), while they
   * are in the core's cache, instead of each list sweeping them all (~5 MB at 200,000 documents, ~24 MB at
   * 1,000,000). The block's matches come out of a bitmap in ordinal order: no sort to keep them.
   */
  private runBlocked(clause: PlannedClause): void {
    const lists = this.startBlocks(clause);
    const m = lists.length;
    const { cursors, factors, blockBits, clause: acc, touched, clauseScore } = this;
    const alive = this.alive();
    const ce = this.clauseEpoch;
    const tie = TIE_BREAKER;
    let low = 0x7fffffff;
    for (let a = 0; a < m; a++) if (cursors[a] < lists[a].length && lists[a].docs[cursors[a]] < low) low = lists[a].docs[cursors[a]];
    let n = 0;
    while (low !== 0x7fffffff) {
      // Blocks start at the lowest document left, so a sparse stretch of ordinals costs nothing.
      const end = low + BLOCK;
      let next = 0x7fffffff;
      for (let a = 0; a < m; a++) {
        const { docs, weights, length, dead } = lists[a];
        const factor = factors[a];
        let i = cursors[a];
        for (; i < length; i++) {
          const d = docs[i];
          if (d >= end) break;
          if (dead > 0 && alive[d] === 0) continue;
          const s = factor * weights[i];
          if (accumulate(acc, 3 * d, s, ce)) {
            const bit = d - low;
            blockBits[bit >> 5] |= 1 << (bit & 31);
          }
        }
        cursors[a] = i;
        if (i < length && docs[i] < next) next = docs[i];
      }
      for (let w = 0; w < BLOCK_WORDS; w++) {
        let word = blockBits[w];
        if (word === 0) continue;
        blockBits[w] = 0;
        while (word !== 0) {
          const lowest = word & -word;
          const d = low + (w << 5) + 31 - Math.clz32(lowest);
          const at = 3 * d;
          const best = acc[at + 1];
          touched[n] = d;
          clauseScore[n++] = best + tie * (acc[at + 2] - best);
          word ^= lowest;
        }
      }
      low = next;
    }
    this.touchedCount = n;
  }

  /**
   * Readies {@link cursors} (from {@link from} on) and {@link factors} for a blocked evaluation of `clause`: the lists
   * its alternatives offer, in their order. A conjunction's is its survivors with their partial sums (what
   * {@link runConjunction} offers), set aside in {@link setAside}.
   */
  private startBlocks(clause: PlannedClause): OfferedList[] {
    this.nextEpoch('clauseEpoch');
    const { alternatives } = clause;
    const m = alternatives.length;
    if (this.cursors.length < m) {
      this.cursors = new Int32Array(m * 2);
      this.factors = new Float64Array(m * 2);
    }
    const lists: OfferedList[] = [];
    let held = 0;
    for (let a = 0; a < m; a++) {
      const alt = alternatives[a];
      if (alt.terms.length === 1) {
        const list = this.index.postings[alt.terms[0]];
        lists.push(list);
        this.cursors[a] = lowerBound(list.docs, list.length, this.from);
        this.factors[a] = alt.weight * alt.idf[0];
        continue;
      }
      const n = this.conjunction(alt);
      this.setAsideDocs = ensureCapacity(this.setAsideDocs, held + n);
      this.setAsideScores = ensureCapacity(this.setAsideScores, held + n);
      this.setAsideDocs.set(this.survivors.subarray(0, n), held);
      this.setAsideScores.set(this.survivorScores.subarray(0, n), held);
      lists.push({ docs: this.setAsideDocs.subarray(held, held + n), weights: this.setAsideScores.subarray(held, held + n), length: n, dead: 0 });
      held += n;
      this.cursors[a] = 0;
      this.factors[a] = alt.weight / alt.terms.length;
    }
    return lists;
  }

  /**
   * {@link runBlocked} for the running documents only (a later clause, k > 0): blocks start at a running document, the
   * running ones of a block are a bitmap each posting is checked against (no stamps read per posting), and a list
   * much longer than the running documents is galloped through for them as {@link offerRunning} does. The same
   * documents are offered, in the same order of alternatives, so each one's best and sum are the same numbers; the
   * matches come out ascending.
   */
  private runBlockedRunning(clause: PlannedClause): void {
    const lists = this.startBlocks(clause);
    const m = lists.length;
    const { cursors, factors, blockBits, clause: acc, touched, clauseScore, first } = this;
    const alive = this.alive();
    const ce = this.clauseEpoch;
    const tie = TIE_BREAKER;
    const running = this.running;
    let n = 0;
    for (let r = 0; r < running;) {
      const low = first[r];
      const end = low + BLOCK;
      let last = r;
      for (; last < running && first[last] < end; last++) {
        const bit = first[last] - low;
        blockBits[bit >> 5] |= 1 << (bit & 31);
      }
      for (let a = 0; a < m; a++) {
        const { docs, weights, length } = lists[a];
        const factor = factors[a];
        let i = cursors[a];
        if (i >= length) continue;
        if (gallopPays(running, length)) {
          for (let j = r; j < last && i < length; j++) {
            const d = first[j];
            i = gallop(docs, length, i, d);
            if (i >= length || docs[i] !== d) continue;
            const s = factor * weights[i++];
            accumulate(acc, 3 * d, s, ce);
          }
        } else {
          i = gallop(docs, length, i, low);
          for (; i < length; i++) {
            const d = docs[i];
            if (d >= end) break;
            const bit = d - low;
            if ((blockBits[bit >> 5] & (1 << (bit & 31))) === 0) continue;
            const s = factor * weights[i];
            accumulate(acc, 3 * d, s, ce);
          }
        }
        cursors[a] = i;
      }
      for (let j = r; j < last; j++) {
        const d = first[j];
        const bit = d - low;
        blockBits[bit >> 5] = 0;
        // Every running document is alive (narrowing keeps exactly those): checked all the same, as the stamps were.
        if (acc[3 * d] !== ce || alive[d] === 0) continue;
        const best = acc[3 * d + 1];
        touched[n] = d;
        clauseScore[n++] = best + tie * (acc[3 * d + 2] - best);
      }
      r = last;
    }
    this.touchedCount = n;
  }

  private runClause(clause: PlannedClause): void {
    this.nextEpoch('clauseEpoch');
    this.touchedCount = 0;
    for (const alt of clause.alternatives) {
      if (alt.terms.length === 1) this.runTerm(alt);
      else this.runConjunction(alt);
    }
  }

  // The loops below are the engine's hot path: typed arrays in locals, no calls per posting
  // (a call per document would box its score).

  private runTerm(alt: PlannedAlternative): void {
    const list = this.index.postings[alt.terms[0]];
    if (this.restrictTo !== 0 && this.from === 0 && gallopPays(this.running, list.length))
      return this.offerRunning(list.docs, list.weights, list.length, alt.weight * alt.idf[0]);
    // A list without dead entries, in the first clause, needs no screening at all.
    const start = lowerBound(list.docs, list.length, this.from);
    this.offerAll(list.docs, list.weights, start, list.length, alt.weight * alt.idf[0], list.dead > 0 || this.restrictTo !== 0);
  }

  /**
   * {@link offerAll} of a later clause's list when few documents are still
   * in the running: each of them looked for in the list by galloping, so a
   * long list costs O(running × log(gap)), not its length (a query's second
   * Chinese bigram is often one of the catalog's commonest). Offers the same
   * documents in the same (ascending) order with the same scores, so the
   * sums, and the order the clause's matches are touched in, are unchanged.
   */
  private offerRunning(docs: Int32Array, values: Float32Array, length: number, factor: number): void {
    const { clause, touched, queryStamp, queryCount, first } = this;
    const alive = this.alive();
    const ce = this.clauseEpoch;
    const qe = this.queryEpoch;
    const k = this.restrictTo;
    const running = this.running;
    let n = this.touchedCount;
    let at = 0;
    for (let i = 0; i < running && at < length; i++) {
      const d = first[i];
      at = gallop(docs, length, at, d);
      if (at >= length || docs[at] !== d) continue;
      const s = factor * values[at++];
      // Every running document is alive and matched the k clauses before (narrowing keeps exactly those): checked all the same.
      if (alive[d] === 0 || queryStamp[d] !== qe || queryCount[d] !== k) continue;
      if (accumulate(clause, 3 * d, s, ce)) touched[n++] = d;
    }
    this.touchedCount = n;
  }

  /**
   * A conjunction: the shortest list seeds, and each further list is searched
   * for the seeds still standing by galloping (lists are in ordinal order), so
   * a long list costs O(seeds × log(gap)) rather than its whole length:
   * synonyms spelled in several common words (`liquid chromatography mass
   * spectrometry`) would otherwise read every posting of `mass`. Survivors are
   * offered with their partial sums, added in term order as before.
   */
  private runConjunction(alt: PlannedAlternative): void {
    const n = this.conjunction(alt);
    // The mean, not the sum: a synonym spelled in four words must not outscore the one-word term the user typed.
    this.offerAll(this.survivors, this.survivorScores, 0, n, alt.weight / alt.terms.length, false);
  }

  /** The documents having every term of `alt` (ascending) into `survivors[0..n)`, their summed scores in `survivorScores`: n. */
  private conjunction(alt: PlannedAlternative): number {
    const lists = alt.terms.map((t) => this.index.postings[t]);
    const head = lists[0];
    const alive = this.alive();
    const { queryStamp, queryCount, survivors, partial, survivorScores } = this;
    const qe = this.queryEpoch;
    const k = this.restrictTo;
    const idf0 = alt.idf[0];
    const screenDead = head.dead > 0;
    let n = 0;
    if (k !== 0 && this.from === 0 && gallopPays(this.running, head.length)) {
      // Few documents still in the running: each looked for in the head list (the same survivors, ascending).
      const { first } = this;
      let at = 0;
      for (let i = 0; i < this.running && at < head.length; i++) {
        const d = first[i];
        at = gallop(head.docs, head.length, at, d);
        if (at >= head.length || head.docs[at] !== d) continue;
        const w = head.weights[at++];
        if (alive[d] === 0 || queryStamp[d] !== qe || queryCount[d] !== k) continue;
        survivors[n] = d;
        partial[n++] = idf0 * w;
      }
    } else {
      for (let i = lowerBound(head.docs, head.length, this.from); i < head.length; i++) {
        const d = head.docs[i];
        if ((screenDead && alive[d] === 0) || (k !== 0 && (queryStamp[d] !== qe || queryCount[d] !== k))) continue;
        survivors[n] = d;
        partial[n++] = idf0 * head.weights[i];
      }
    }
    for (let t = 1; t < lists.length && n > 0; t++) {
      const { docs, weights, length } = lists[t];
      const idf = alt.idf[t];
      let kept = 0;
      let at = 0;
      for (let i = 0; i < n && at < length; i++) {
        const d = survivors[i];
        at = gallop(docs, length, at, d);
        if (at < length && docs[at] === d) {
          survivors[kept] = d;
          partial[kept++] = partial[i] + idf * weights[at];
          at++;
        }
      }
      n = kept;
    }
    for (let i = 0; i < n; i++) survivorScores[i] = partial[i];
    return n;
  }

  /**
   * Offers `docs[start..end)` to the clause with scores factor × `values[i]`:
   * the clause keeps each document's best score and the sum of all. With
   * `screen`, dead documents and (after the first clause) documents out of
   * the running are skipped.
   */
  private offerAll(docs: Int32Array, values: Float32Array, start: number, end: number, factor: number, screen: boolean): void {
    const alive = this.alive();
    const { clause, touched, queryStamp, queryCount } = this;
    const ce = this.clauseEpoch;
    const qe = this.queryEpoch;
    const k = this.restrictTo;
    let n = this.touchedCount;
    for (let i = start; i < end; i++) {
      const d = docs[i];
      if (screen && (alive[d] === 0 || (k !== 0 && (queryStamp[d] !== qe || queryCount[d] !== k)))) continue;
      const s = factor * values[i];
      if (accumulate(clause, 3 * d, s, ce)) touched[n++] = d;
    }
    this.touchedCount = n;
  }

  private nextEpoch(which: 'queryEpoch' | 'clauseEpoch'): number {
    if (this[which] >= 0x7fffffff) {
      // After two billion queries: wipe the stamps once rather than ever misread an old one.
      this.queryStamp.fill(0);
      this.clause.fill(0);
      this.queryEpoch = this.clauseEpoch = 0;
    }
    return ++this[which];
  }

  private prepare(ordinals: number): void {
    if (this.queryStamp.length >= ordinals) return;
    this.queryStamp = ensureCapacity(this.queryStamp, ordinals);
    this.queryCount = ensureCapacity(this.queryCount, ordinals);
    this.score = ensureCapacity(this.score, ordinals);
    // Sized from queryStamp's capacity, not `ordinals`: the check above lets ordinals grow up to that capacity.
    this.clause = ensureCapacity(this.clause, 3 * this.queryStamp.length);
    this.partial = ensureCapacity(this.partial, ordinals);
    this.first = ensureCapacity(this.first, ordinals);
    this.firstScore = ensureCapacity(this.firstScore, ordinals);
    this.touched = ensureCapacity(this.touched, ordinals);
    this.clauseScore = ensureCapacity(this.clauseScore, ordinals);
    this.survivors = ensureCapacity(this.survivors, ordinals);
    this.survivorScores = ensureCapacity(this.survivorScores, ordinals);
  }
}

/**
 * Ordinals a block of {@link QueryEvaluator}'s blocked evaluation spans: its accumulators (24 bytes each, 96 KB) stay
 * in a core's cache while every alternative's postings in it are added.
 */
const BLOCK = 4096;
const BLOCK_WORDS = BLOCK / 32;
/** Clauses reading fewer postings than this sweep few accumulators: evaluated list by list, as before. */
const MIN_BLOCKED_COST = 4096;

/** A list {@link QueryEvaluator}'s blocked evaluation offers: a term's postings, or a conjunction's survivors. */
interface OfferedList {
  docs: Int32Array;
  weights: Float32Array;
  length: number;
  dead: number;
}

/**
 * Whether a clause is evaluated block by block: several alternatives, many postings; for the running documents only
 * (`conjunctions` false), single terms only (a conjunction there looks its head up for them).
 */
function blockable(clause: PlannedClause, conjunctions: boolean): boolean {
  if (clause.alternatives.length < 2 || clause.cost < MIN_BLOCKED_COST) return false;
  if (!conjunctions) for (const alt of clause.alternatives) if (alt.terms.length !== 1) return false;
  return true;
}

/**
 * Adds an alternative's score `s` to a document's clause accumulators at `at` (stamp, best, sum): the first
 * score of clause epoch `ce` starts them (true), later ones raise the best and add to the sum. Every path
 * adds through here, in its alternatives' order, so a document's best and sum are the same numbers whichever
 * path evaluated the clause.
 */
function accumulate(acc: Float64Array, at: number, s: number, ce: number): boolean {
  if (acc[at] !== ce) {
    acc[at] = ce;
    acc[at + 1] = s;
    acc[at + 2] = s;
    return true;
  }
  acc[at + 2] += s;
  if (s > acc[at + 1]) acc[at + 1] = s;
  return false;
}

/** Clauses in the order they are evaluated in: cheapest first (the same order for the same costs: the sort is stable). */
function byCost(clauses: readonly PlannedClause[]): PlannedClause[] {
  return [...clauses].sort((a, b) => a.cost - b.cost);
}

/** The clause's only alternative when that is a single term, else undefined. */
export function singleTerm(clause: PlannedClause): PlannedAlternative | undefined {
  return clause.alternatives.length === 1 && clause.alternatives[0].terms.length === 1 ? clause.alternatives[0] : undefined;
}

/** The first position whose document is not below `d` (`length` if none). */
export function lowerBound(docs: Int32Array, length: number, d: number): number {
  if (length === 0 || docs[0] >= d) return 0;
  let low = 0;
  let high = length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (docs[mid] < d) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Whether looking each of `running` documents up in a list of `length`
 * (galloping: about 2·log2(gap) reads each, scattered) costs less than
 * reading the whole list in order (a few sequential reads a posting).
 */
function gallopPays(running: number, length: number): boolean {
  return running * GALLOP_RATIO < length;
}

/** See {@link gallopPays}: a lookup by galloping costs about this many postings read in order. */
const GALLOP_RATIO = 4;

/** The first position from `at` on whose document is not below `d` (`length` if none): doubling steps, then a binary search of the last one. */
function gallop(docs: Int32Array, length: number, at: number, d: number): number {
  if (at >= length || docs[at] >= d) return at;
  let step = 1;
  let low = at;
  while (at + step < length && docs[at + step] < d) {
    low = at + step;
    step *= 2;
  }
  let high = Math.min(at + step, length - 1);
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (docs[mid] < d) low = mid + 1;
    else high = mid;
  }
  return docs[low] < d ? length : low;
}
