import { CJK, JOINER, WORD, charAt } from './char-class';

/** What the analyzer knows about one folded word or phrase. */
export interface LexiconEntry {
  /** Emitted as a term when found inside CJK text (CJK only, ≥ 3 characters): one posting list instead of a bigram intersection. */
  indexWord: boolean;
  /** Kept whole when segmenting a query (forward maximum matching). */
  queryWord: boolean;
  /** Synonym groups this phrase belongs to. */
  groups: number[];
}

interface TrieNode {
  next: Map<number, TrieNode> | undefined;
  entry: LexiconEntry | undefined;
}

export interface LexiconMatch {
  end: number;
  entry: LexiconEntry;
}

function newNode(): TrieNode {
  return { next: undefined, entry: undefined };
}

/**
 * Character trie of the domain dictionary and the synonym phrases, over folded
 * text. One structure serves three walks: all dictionary words inside a CJK run
 * (indexing), the longest word or phrase at a query position (segmentation and
 * synonym detection), and membership.
 */
export class Lexicon {
  private readonly root = newNode();
  private maxLength = 0;

  entry(word: string): LexiconEntry {
    let node = this.root;
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      node.next ??= new Map();
      let child = node.next.get(c);
      if (!child) {
        child = newNode();
        node.next.set(c, child);
      }
      node = child;
    }
    node.entry ??= { indexWord: false, queryWord: false, groups: [] };
    this.maxLength = Math.max(this.maxLength, word.length);
    return node.entry;
  }

  get(word: string): LexiconEntry | undefined {
    let node: TrieNode | undefined = this.root;
    for (let i = 0; i < word.length && node; i++) node = node.next?.get(word.charCodeAt(i));
    return node?.entry;
  }

  isIndexWord(word: string): boolean {
    return this.get(word)?.indexWord === true;
  }

  /** Calls `found(end)` for every index word that starts at `start` and ends by `limit`. */
  forEachIndexWord(text: string, start: number, limit: number, found: (end: number) => void): void {
    let node: TrieNode | undefined = this.root;
    for (let i = start; i < limit; i++) {
      node = node.next?.get(text.charCodeAt(i));
      if (!node) return;
      if (node.entry?.indexWord) found(i + 1);
    }
  }

  /**
   * Longest accepted entry starting at `start`. A phrase ending in a Latin
   * letter or digit must end where the word or compound ends, so `ms` is not
   * found inside `msd` or `ms-2000`.
   */
  longest(text: string, start: number, accept: (entry: LexiconEntry) => boolean): LexiconMatch | undefined {
    let node: TrieNode | undefined = this.root;
    let best: LexiconMatch | undefined;
    const limit = Math.min(text.length, start + this.maxLength);
    for (let i = start; i < limit; i++) {
      node = node.next?.get(text.charCodeAt(i));
      if (!node) break;
      const entry = node.entry;
      if (entry && accept(entry) && endsOnBoundary(text, i + 1)) best = { end: i + 1, entry };
    }
    return best;
  }
}

function endsOnBoundary(text: string, end: number): boolean {
  if (end >= text.length) return true;
  const last = charAt(text, end - 1).cls;
  if (last !== WORD) return true;
  const next = charAt(text, end);
  if (next.cls === WORD) return false;
  if (next.cls === JOINER && end + next.width < text.length) return charAt(text, end + next.width).cls !== WORD;
  return true;
}

/** True when every character of `word` is CJK. */
export function isCjkOnly(word: string): boolean {
  if (word.length === 0) return false;
  for (let i = 0; i < word.length;) {
    const c = charAt(word, i);
    if (c.cls !== CJK) return false;
    i += c.width;
  }
  return true;
}

/** Number of characters (code points) in a string. */
export function charCount(word: string): number {
  let n = 0;
  for (let i = 0; i < word.length; i += charAt(word, i).width) n++;
  return n;
}
