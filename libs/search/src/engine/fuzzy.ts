/**
 * Typo tolerance for Latin words: `microscpe` → `microscope`. Only words made
 * of letters are candidates, never model numbers or anything with a digit
 * (JSM-7800F and JSM-7900F are different instruments one edit apart), and
 * never CJK.
 */

/** Words shorter than this are never corrected: too many real words lie one edit apart. */
export const FUZZY_MIN_LENGTH = 4;
/** From this length on, two edits are allowed. */
export const FUZZY_TWO_EDITS_LENGTH = 8;

const LETTERS_ONLY = /^\p{L}+$/u;

export function isFuzzyCandidate(term: string): boolean {
  return term.length >= 3 && LETTERS_ONLY.test(term);
}

export function maxEdits(term: string): number {
  if (term.length < FUZZY_MIN_LENGTH || !LETTERS_ONLY.test(term)) return 0;
  return term.length >= FUZZY_TWO_EDITS_LENGTH ? 2 : 1;
}

/**
 * Optimal-string-alignment distance (insert, delete, substitute, swap two
 * neighbours), or `max + 1` as soon as it must exceed `max`: most vocabulary
 * words are rejected after a row or two.
 */
// Reused rows: a lookup compares hundreds of words and must not allocate for each.
let rows = [0, 1, 2].map(() => new Int32Array(72));

export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  if (rows[0].length <= n) rows = [0, 1, 2].map(() => new Int32Array(n + 1));
  let [prev2, prev, cur] = rows;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const cb = b.charCodeAt(j - 1);
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    // Rotated by hand: a destructuring swap allocates an array per row.
    const spare = prev2;
    prev2 = prev;
    prev = cur;
    cur = spare;
  }
  return prev[n];
}

export interface FuzzyMatch {
  termId: number;
  distance: number;
}

/** Misspellings whose near words are remembered: people make the same typos. */
const NEAR_WORDS_KEPT = 1024;

/** Letter-only vocabulary bucketed by length, so a lookup only compares words of a possible length. */
export class FuzzyVocabulary {
  private readonly byLength: number[][] = [];
  private readonly words: string[] = [];
  /**
   * Every vocabulary word within the allowed edits of a looked-up term,
   * closest first, before `accept`: comparing against hundreds of words is
   * most of a misspelt query's cost. Forgotten whenever a word is added.
   */
  private readonly near = new Map<string, FuzzyMatch[]>();

  add(termId: number, term: string): void {
    if (!isFuzzyCandidate(term)) return;
    (this.byLength[term.length] ??= []).push(termId);
    this.words[termId] = term;
    this.near.clear();
  }

  /** Vocabulary words within the allowed edits of `term` that `accept` keeps, closest first. */
  lookup(term: string, accept: (termId: number) => boolean): FuzzyMatch[] {
    let near = this.near.get(term);
    if (near === undefined) {
      near = this.nearWords(term);
      if (this.near.size >= NEAR_WORDS_KEPT) this.near.delete(this.near.keys().next().value!);
      this.near.set(term, near);
    }
    return near.filter((m) => accept(m.termId));
  }

  private nearWords(term: string): FuzzyMatch[] {
    const max = maxEdits(term);
    if (max === 0) return [];
    const out: FuzzyMatch[] = [];
    for (let len = Math.max(1, term.length - max); len <= term.length + max; len++) {
      for (const id of this.byLength[len] ?? []) {
        const word = this.words[id];
        if (word === term) continue;
        const distance = boundedEditDistance(term, word, max);
        if (distance <= max) out.push({ termId: id, distance });
      }
    }
    return out.sort((x, y) => x.distance - y.distance || x.termId - y.termId);
  }
}
