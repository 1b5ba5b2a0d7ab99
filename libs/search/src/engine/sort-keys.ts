import type { DocumentColumns } from './document-columns';
import type { DocumentFilter } from './document-filter';
import type { QueryPlan } from './query-plan';
import type { SearchSort } from './types';

/** Added to the score of a document whose whole model designation is in the query: exact models come first. */
export const EXACT_MODEL_BOOST = 1000;

/**
 * Every sort as one ascending numeric key per candidate (score and
 * freshness negated; no location or no fee → +∞, last), written into `keys`;
 * ids break ties later.
 *
 * Each kind is its own small loop, and constants are locals: reading the
 * global `Infinity` inside a hot loop makes optimised V8 code box every
 * double it touches, which for a 200,000-document listing is megabytes of
 * garbage (and collection pauses) per query.
 */
export function sortKeys(
  sort: SearchSort,
  ords: Int32Array,
  count: number,
  scores: Float64Array,
  plan: QueryPlan,
  columns: DocumentColumns,
  filter: DocumentFilter,
  keys: Float64Array,
): void {
  if (sort === 'relevance') {
    if (plan.clauses.length === 0) keys.fill(0, 0, count);
    else relevanceKeys(ords, count, scores, columns.modelKey, plan.modelKeys, keys);
  } else if (sort === 'distance') filter.chords2(ords, count, keys);
  else {
    const { column, sign } = columnKey(sort, columns);
    gather(ords, count, column, sign, keys);
  }
}

/** The sorts keyed by one column of the document: the column and its sign (cheapest first, newest first); no value sorts last. */
export function columnKey(sort: 'fee' | 'freshness', columns: DocumentColumns): { column: Float64Array; sign: 1 | -1 } {
  return sort === 'fee' ? { column: columns.fee, sign: 1 } : { column: columns.updated, sign: -1 };
}

/** The score a hit shows: relevance plus the exact-model boost. */
export function hitScore(d: number, scores: Float64Array, plan: QueryPlan, columns: DocumentColumns): number {
  if (plan.clauses.length === 0) return 0;
  return scores[d] + (plan.modelKeys.has(columns.modelKey[d]) ? EXACT_MODEL_BOOST : 0);
}

/** keys[i] = sign × column[ords[i]], NaN (no value) → +∞. */
function gather(ords: Int32Array, count: number, column: Float64Array, sign: 1 | -1, keys: Float64Array): void {
  const last = Number.POSITIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    let key = sign * column[ords[i]];
    if (key !== key) key = last;
    keys[i] = key;
  }
}

/** keys[i] = −(score + exact-model boost). */
function relevanceKeys(ords: Int32Array, count: number, scores: Float64Array, modelKey: Int32Array, models: ReadonlySet<number>, keys: Float64Array): void {
  const boost = EXACT_MODEL_BOOST;
  // A query names one possible model at most, usually: an integer comparison per candidate, not a set lookup.
  const only = models.size === 1 ? models.values().next().value! : -2;
  for (let i = 0; i < count; i++) {
    const d = ords[i];
    let key = -scores[d];
    if (only !== -2 ? modelKey[d] === only : models.size > 0 && models.has(modelKey[d])) key -= boost;
    keys[i] = key;
  }
}
