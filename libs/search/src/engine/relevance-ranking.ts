import type { ClauseMatches, KeptClause } from './clause-match-cache';
import type { DocumentColumns } from './document-columns';
import { STATE_CELL_SHIFT } from './document-state';
import type { DocumentFilter } from './document-filter';
import type { IdOrder } from './id-order';
import type { InvertedIndex } from './inverted-index';
import type { QueryPlan } from './query-plan';
import { singleTerm, type QueryEvaluator } from './query-evaluator';
import type { Page } from './result-page';
import { EXACT_MODEL_BOOST } from './sort-keys';
import { mthHighest, selectFirst, selectLeading, selectRelevant, selectScored, type RelevanceSource } from './top-k';
import { countCells, type TermCells } from './term-cells';
import type { TermLeaders } from './term-leaders';
import type { FacetCounts } from './facets';
import type { SearchFacets } from './types';

// A copy, not the import: compiled to CommonJS, each read of an imported binding is a getter call, and this is read for every match.
const CELL_SHIFT = STATE_CELL_SHIFT;

/** Best matches a kept clause puts in score order at first: pages are short, and most filters let many through. */
const BEST_FIRST = 1024;

/** What a kept clause's matches give a ranking without reading them all, derived once per change of the matches. */
interface Derived {
  changes: number;
  /** Positions into the kept `docs`/`scores`, best score first: the best ones (every position scoring at least the last). */
  byScore: Int32Array;
  /** Matches per facet cell: the public ones, and all. */
  publicPerCell: Int32Array;
  allPerCell: Int32Array;
  /** The matches visible to their unit only. */
  hidden: readonly number[];
  /** By model designation asked: the positions of the matches that are its documents (sorted first), found on first ask. */
  exact: Map<number, Int32Array>;
}

export interface KeptRanking extends Page {
  total: number;
  facets: SearchFacets;
}

/** Scratch the ranking writes into (the caller's, reused from query to query). */
export interface RankingScratch {
  /** Each page candidate's score, by ordinal (what a hit shows). */
  score: Float64Array;
  keys: Float64Array;
  ords: Int32Array;
}

/**
 * A query sorted by relevance whose matches are kept: its one clause's (a
 * synonym family: ~14,000 documents at 200,000 instruments, ~70,000 at
 * 1,000,000), or its text's of several clauses. The page comes from a walk of the matches in score order that
 * stops once it holds the page and every tie of its last score, plus the
 * exact-model matches (which sort first whatever their score), found among
 * the matches once per designation asked. Filtered on facet cells only, the total and
 * the facets come from the matches' per-cell counts: O(cells + hidden
 * matches + walked) per query instead of filtering, counting, keying and
 * heaping every match; other filters count the matches that pass them, but
 * neither key nor heap them. The order, derived once per change of the
 * matches, is that of the best ~1,000 (O(matches) to find them); a query
 * whose page they cannot fill is left to {@link rankRelevant}.
 *
 * Exactly what keying every match gives: a match left out of the walk has a
 * score strictly below the last taken one, so at least a page of candidates
 * sorts before it. Undefined when the best matches cannot fill the page (the
 * caller then reads every match).
 */
export function rankKept(
  kept: KeptClause,
  plan: QueryPlan,
  filter: DocumentFilter,
  columns: DocumentColumns,
  order: IdOrder,
  request: { page: number; pageSize: number },
  scratch: RankingScratch,
): KeptRanking | undefined {
  const { docs, scores, count } = kept;
  const models = plan.modelKeys;
  const derived = derive(kept, columns);
  const { score, keys, ords } = scratch;
  const need = request.page * request.pageSize;
  const { modelKey, alive } = columns;
  const boost = EXACT_MODEL_BOOST;
  let n = 0;
  for (const t of models) {
    for (const at of exactPositions(derived, kept, t, modelKey)) {
      const d = docs[at];
      if (alive[d] === 0 || !filter.matches(d)) continue;
      score[d] = scores[at];
      keys[n] = -scores[at] - boost;
      ords[n++] = d;
    }
  }
  const only = models.size === 1 ? models.values().next().value! : -2;
  const { byScore } = derived;
  let taken = 0;
  let last = 0;
  for (let i = 0; i < byScore.length; i++) {
    const at = byScore[i];
    const s = scores[at];
    if (taken >= need && s !== last) break;
    const d = docs[at];
    if (only !== -2 ? modelKey[d] === only : models.size > 0 && models.has(modelKey[d])) continue;
    if (!filter.matches(d)) continue;
    score[d] = s;
    keys[n] = -s;
    ords[n++] = d;
    taken++;
    last = s;
  }
  // The best matches ran out before the page did (a narrow filter, a deep page): one pass over them all costs less than ordering them all.
  if (taken < need && byScore.length < count) return undefined;
  const { counts, total } = filter.cellsOnly
    ? columns.cells.within(columns, derived, filter.passingCells, filter.seesAll, filter.viewerUnit)
    : countPassing(docs, count, filter, columns);
  order.refresh(columns.count, columns.alive);
  const first = selectFirst(keys, ords, n, need, order);
  return { entries: first.slice((request.page - 1) * request.pageSize), more: total > need, total, facets: counts.toFacets(columns) };
}

function derive(kept: KeptClause, columns: DocumentColumns): Derived {
  const previous = kept.derived as Derived | undefined;
  if (previous !== undefined && previous.changes === kept.changes) return previous;
  const { docs, scores, count } = kept;
  const byScore = bestFirst(scores, count, BEST_FIRST);
  const { publicPerCell, allPerCell, hidden } = countCells(docs, count, columns, -2);
  const derived: Derived = { changes: kept.changes, byScore, publicPerCell, allPerCell, hidden, exact: new Map() };
  kept.derived = derived;
  return derived;
}

/**
 * The positions of the kept matches whose model designation is `term`, found by one read of the matches at the
 * designation's first ask since they last changed: a question that names a common word (a maker's name, `stage`)
 * has it as a possible designation, and reading that word's postings for the few documents so designated cost as
 * much as reading every match.
 */
function exactPositions(derived: Derived, kept: KeptClause, term: number, modelKey: Int32Array): Int32Array {
  let positions = derived.exact.get(term);
  if (positions === undefined) {
    const found: number[] = [];
    for (let i = 0; i < kept.count; i++) if (modelKey[kept.docs[i]] === term) found.push(i);
    positions = Int32Array.from(found);
    derived.exact.set(term, positions);
  }
  return positions;
}

/** A fee, distance or unit filter is no cell value: counting the matches that pass still costs less than scoring them all. */
function countPassing(docs: Int32Array, count: number, filter: DocumentFilter, columns: DocumentColumns): { counts: FacetCounts; total: number } {
  const { cells, state } = columns;
  const tallies = cells.tallies;
  let total = 0;
  for (let i = 0; i < count; i++) {
    const d = docs[i];
    if (!filter.matches(d)) continue;
    tallies[state[d] >> CELL_SHIFT]++;
    total++;
  }
  return { counts: cells.counted(columns), total };
}

/**
 * Positions of at least the `m` best of `scores[0..count)` (every one
 * scoring at least the m-th best, ties included), best first. A bounded
 * min-heap finds the m-th best score in one pass, so only those positions are
 * sorted: O(count + m × log m) rather than sorting every match.
 */
function bestFirst(scores: Float64Array, count: number, m: number): Int32Array {
  const threshold = count > m ? mthHighest(scores, count, m) : -Infinity;
  const best: number[] = [];
  for (let i = 0; i < count; i++) if (scores[i] >= threshold) best.push(i);
  return Int32Array.from(best).sort((a, b) => scores[b] - scores[a]);
}

/**
 * Any query sorted by relevance, without a cursor: its matches (a term's
 * postings read directly when the query is one term, else the evaluator's)
 * filtered, counted into the facets and ranked in one pass
 * ({@link selectRelevant}) instead of a pass each for the filter, the facet
 * counts, the keys and the heap. A broad term filtered on cell values only
 * is counted from its kept per-cell counts ({@link TermCells}) and its page
 * taken from its first postings in page order ({@link TermLeaders}), or, when
 * they cannot show it, by score first ({@link selectScored}): of its matches,
 * only those that could enter the page are read. A `text` of several clauses
 * kept (the evaluator's {@link QueryEvaluator.keptText}) is read instead of
 * evaluating the clauses.
 */
export function rankRelevant(
  plan: QueryPlan,
  evaluator: QueryEvaluator,
  filter: DocumentFilter,
  columns: DocumentColumns,
  index: InvertedIndex,
  order: IdOrder,
  request: { page: number; pageSize: number },
  terms: { cells: TermCells; leaders: TermLeaders },
  text?: ClauseMatches,
): KeptRanking {
  const only = plan.clauses.length === 1 ? singleTerm(plan.clauses[0]) : undefined;
  const need = request.page * request.pageSize;
  let source: RelevanceSource;
  let admitted = false;
  if (only !== undefined) {
    const term = only.terms[0];
    const list = index.postings[term];
    source = { docs: list.docs, count: list.length, scores: evaluator.scores(columns.count), weights: list.weights, factor: only.weight * only.idf[0] };
    // The one exact model designation such a question can name is its own word's (others are left to the one pass).
    const models = plan.modelKeys;
    const counts = filter.cellsOnly && (models.size === 0 || (models.size === 1 && models.has(term))) ? terms.cells.of(term, list, columns) : undefined;
    if (counts !== undefined) {
      const { counts: cellCounts, total } = columns.cells.within(columns, counts, filter.passingCells, filter.seesAll, filter.viewerUnit);
      order.refresh(columns.count, columns.alive);
      const exact = { docs: models.size === 0 ? [] : counts.modelled, term: models.size === 0 ? -2 : term, modelKey: columns.modelKey };
      const scored = { ...source, weights: list.weights };
      const passes = (d: number) => filter.matches(d);
      const leaders = terms.leaders.of(term, list, columns, order, index.normalisation);
      const entries =
        total === 0
          ? []
          : ((leaders && selectLeading(scored, passes, need, order, exact, leaders, columns.alive)) ?? selectScored(scored, passes, need, order, exact, total));
      return { entries: entries.slice((request.page - 1) * request.pageSize), more: total > need, total, facets: cellCounts.toFacets(columns) };
    }
  } else if (text !== undefined) {
    // A kept text's matches (every clause's documents, unfiltered): filtered in the one pass.
    source = { docs: text.docs, count: text.count, scores: evaluator.scores(columns.count), weights: text.scores, factor: 1 };
  } else {
    // Scores beside the matches, read in order; only the page's are written by ordinal.
    const matched = evaluator.evaluate(plan.clauses, columns.count, filter.policyOnly ? undefined : filter, true);
    source = { docs: matched.ords, count: matched.count, scores: evaluator.score, weights: matched.scores, factor: 1 };
    admitted = matched.admitted;
  }
  const cells = columns.cells;
  order.refresh(columns.count, columns.alive);
  const { entries, total } = selectRelevant(
    source,
    { passes: admitted ? null : (d) => filter.matches(d), state: columns.state, cellCounts: cells.tallies, modelKey: columns.modelKey, models: plan.modelKeys },
    need,
    order,
  );
  return { entries: entries.slice((request.page - 1) * request.pageSize), more: total > need, total, facets: cells.counted(columns).toFacets(columns) };
}
