import { PostingList } from './postings';
import { QueryEvaluator, TIE_BREAKER } from './query-evaluator';
import type { PlannedAlternative, PlannedClause } from './query-plan';

/**
 * A broad clause (a lone character's bigrams, a synonym family) is evaluated a block of ordinals at a time, whole or
 * for the documents still in the running, and its matches come out in ordinal order without a sort. Neither may move
 * a score: each document's clause score is its best alternative plus a share of the sum of all, summed in the
 * alternatives' order, exactly as offering the lists one after another gives, over several blocks, with dead entries
 * in the lists.
 */
const ORDINALS = 20_000;
const TERMS = 40;

/** Deterministic pseudo-random numbers in [0, 1). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) | 0;
    return ((state >>> 8) & 0xffffff) / 0x1000000;
  };
}

function fixture() {
  const next = random(17);
  const alive = new Uint8Array(ORDINALS).fill(1);
  for (let d = 0; d < ORDINALS; d += 97) alive[d] = 0;
  const postings = Array.from({ length: TERMS }, (_, t) => {
    const list = new PostingList();
    // Densities from 1 % to 25 %: some lists longer than the running documents, most shorter.
    const density = t === 0 ? 0.01 : 0.02 + (t % 6) * 0.04;
    for (let d = 0; d < ORDINALS; d++) if (next() < density) list.push(d, 1, Math.fround(0.2 + next()));
    for (let k = 0; k < list.length; k++) if (alive[list.docs[k]] === 0) list.dead++;
    return list;
  });
  const index = { postings, statistics: 1, retired: 0 } as unknown as ConstructorParameters<typeof QueryEvaluator>[0];
  const evaluator = new QueryEvaluator(index, () => alive);
  const alternative = (terms: number[], weight: number): PlannedAlternative => ({ terms, idf: terms.map((t) => 1 + t / 10), weight });
  const clause = (alternatives: PlannedAlternative[]): PlannedClause => ({
    label: alternatives.map((a) => a.terms.join('+')).join(' '),
    alternatives,
    cost: alternatives.reduce((sum, a) => sum + postings[a.terms[0]].length, 0),
  });
  return { postings, alive, evaluator, alternative, clause };
}

/** Each alive document's clause score by the definition, alternative after alternative (undefined: no match). */
function expectedScores(postings: PostingList[], alive: Uint8Array, clause: PlannedClause): (number | undefined)[] {
  const best: (number | undefined)[] = new Array(ORDINALS);
  const sum = new Float64Array(ORDINALS);
  for (const alt of clause.alternatives) {
    const lists = alt.terms.map((t) => postings[t]);
    const weightOf = lists.map((list) => new Map(Array.from(list.docs.subarray(0, list.length), (d, k) => [d, list.weights[k]])));
    for (let k = 0; k < lists[0].length; k++) {
      const d = lists[0].docs[k];
      if (alive[d] === 0 || !weightOf.every((w) => w.has(d))) continue;
      // A term scores factor × weight; a conjunction the mean of its terms' (summed, then held in single precision).
      const s =
        alt.terms.length === 1
          ? alt.weight * alt.idf[0] * lists[0].weights[k]
          : (alt.weight / alt.terms.length) * Math.fround(alt.terms.reduce((partial, _, i) => partial + alt.idf[i] * weightOf[i].get(d)!, 0));
      if (best[d] === undefined) {
        best[d] = s;
        sum[d] = s;
      } else {
        sum[d] += s;
        if (s > best[d]!) best[d] = s;
      }
    }
  }
  return best.map((b, d) => (b === undefined ? undefined : b + TIE_BREAKER * (sum[d] - b)));
}

describe('a broad clause evaluated block by block', () => {
  it('gives, whole, every alive match once in ordinal order with the score the definition gives', () => {
    const { postings, alive, evaluator, alternative, clause } = fixture();
    // Matching most of the ordinals: too many to keep, so nothing but the evaluation orders them.
    const broad = clause(Array.from({ length: TERMS - 1 }, (_, i) => alternative([i + 1], 0.5 + (i % 3) * 0.25)));
    const expected = expectedScores(postings, alive, broad);
    const { ords, scores, count } = evaluator.evaluate([broad], ORDINALS);
    const want = expected.flatMap((s, d) => (s === undefined ? [] : [d]));
    expect(want.length).toBeGreaterThan(ORDINALS / 2);
    expect(Array.from(ords.subarray(0, count))).toEqual(want);
    expect(Array.from(scores.subarray(0, count))).toEqual(want.map((d) => expected[d]));
  });

  it('gives a family with conjunctions, whole, the same scores as the definition', () => {
    const { postings, alive, evaluator, alternative, clause } = fixture();
    const family = clause([alternative([5], 1), alternative([7, 11], 0.8), alternative([3], 0.6), alternative([2, 9, 13], 0.8), alternative([4], 0.5)]);
    const expected = expectedScores(postings, alive, family);
    const { ords, scores, count } = evaluator.evaluate([family], ORDINALS);
    const want = expected.flatMap((s, d) => (s === undefined ? [] : [d]));
    expect(Array.from(ords.subarray(0, count))).toEqual(want);
    expect(Array.from(scores.subarray(0, count))).toEqual(want.map((d) => expected[d]));
  });

  it('gives, for the documents still in the running, their first score plus the broad clause score', () => {
    const { postings, alive, evaluator, alternative, clause } = fixture();
    const rare = clause([alternative([0], 1)]);
    const broad = clause(Array.from({ length: 12 }, (_, i) => alternative([i + 1], 1 - i / 20)));
    const expected = expectedScores(postings, alive, broad);
    const { docs, weights, length } = postings[0];
    const want: number[] = [];
    const wantScores: number[] = [];
    for (let k = 0; k < length; k++) {
      const d = docs[k];
      if (alive[d] === 0 || expected[d] === undefined) continue;
      want.push(d);
      wantScores.push(1 * (1 + 0 / 10) * weights[k] + expected[d]!);
    }
    // Asked once and twice (the second use keeps the broad clause whole), each answer by the definition.
    for (let use = 0; use < 2; use++) {
      const { ords, scores, count } = evaluator.evaluate([rare, broad], ORDINALS);
      expect(Array.from(ords.subarray(0, count))).toEqual(want);
      expect(Array.from(scores.subarray(0, count))).toEqual(wantScores);
    }
  });
});
