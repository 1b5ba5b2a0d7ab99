/**
 * Text folding shared by indexing, querying and highlighting: NFKC (full-width
 * → half-width, ligatures, superscripts), lower case, Latin diacritics removed
 * (Mössbauer = mossbauer), control/format characters and lone surrogates
 * turned into spaces.
 *
 * Folding is done per code point, not on the whole string, so every folded
 * code unit can be traced back to the original text: highlighting marks the
 * user's own characters, not their folded form. The per-code-point result is
 * cached, because catalogs repeat the same few thousand characters.
 */

const foldCache = new Map<number, string>();
const LATIN_LIKE = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u;
const MARKS = /\p{M}/gu;
const INVISIBLE = /^[\p{C}\p{Zl}\p{Zp}]$/u;

function foldSlow(cp: number): string {
  // Lone surrogates cannot be normalised meaningfully; a space keeps offsets aligned.
  if (cp >= 0xd800 && cp <= 0xdfff) return ' ';
  const ch = String.fromCodePoint(cp);
  if (INVISIBLE.test(ch)) return ' ';
  let out = ch.normalize('NFKC').toLowerCase();
  if (LATIN_LIKE.test(out)) out = out.normalize('NFD').replace(MARKS, '').normalize('NFC');
  // Whitespace of any kind (ideographic space, NBSP) is a plain separator.
  return out.replace(/\s/gu, ' ');
}

function foldCodePoint(cp: number): string {
  if (cp < 0x80) {
    if (cp >= 0x41 && cp <= 0x5a) return String.fromCharCode(cp + 32);
    if (cp < 0x20 || cp === 0x7f) return ' ';
    return String.fromCharCode(cp);
  }
  // CJK unified ideographs are already in normal form: the hot path of Chinese text.
  if (cp >= 0x4e00 && cp <= 0x9fff) return String.fromCharCode(cp);
  let folded = foldCache.get(cp);
  if (folded === undefined) {
    folded = foldSlow(cp);
    foldCache.set(cp, folded);
  }
  return folded;
}

/** Folded text; `origin[i]`/`originEnd[i]` give the original span of folded code unit i. */
export interface FoldedText {
  text: string;
  origin: Int32Array;
  originEnd: Int32Array;
}

function readCodePoint(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return c;
}

/** Folded form of `text` (see the module comment). */
export function foldText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length;) {
    const cp = readCodePoint(text, i);
    out += foldCodePoint(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  return out;
}

/** Folded form of `text` with the original offsets of every folded code unit. */
export function foldTextWithOffsets(text: string): FoldedText {
  const parts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < text.length;) {
    const cp = readCodePoint(text, i);
    const width = cp > 0xffff ? 2 : 1;
    const folded = foldCodePoint(cp);
    parts.push(folded);
    for (let k = 0; k < folded.length; k++) {
      starts.push(i);
      ends.push(i + width);
    }
    i += width;
  }
  return { text: parts.join(''), origin: Int32Array.from(starts), originEnd: Int32Array.from(ends) };
}
