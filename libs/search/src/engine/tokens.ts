/** Tokenizer primitives over folded text, shared by indexing, query parsing and highlighting. */
import { CJK, JOINER, SEP, WORD, charAt, isDigitCode } from './char-class';
import { foldText } from './normalize';

export interface Compound {
  /** Flat [start, end) pairs of the word parts. */
  parts: number[];
  end: number;
}

/** A Latin word and the words joined to it by `-`, `/`, `.` … (`jsm-7800f`, `lc/q-tof`). */
export function readCompound(text: string, start: number): Compound {
  const parts: number[] = [];
  let i = start;
  for (;;) {
    const a = i;
    while (i < text.length) {
      const c = charAt(text, i);
      if (c.cls !== WORD) break;
      i += c.width;
    }
    parts.push(a, i);
    if (i >= text.length) break;
    const j = charAt(text, i);
    if (j.cls !== JOINER || i + j.width >= text.length || charAt(text, i + j.width).cls !== WORD) break;
    i += j.width;
  }
  return { parts, end: i };
}

export function partStrings(text: string, compound: Compound): string[] {
  const out: string[] = [];
  for (let k = 0; k < compound.parts.length; k += 2) out.push(text.slice(compound.parts[k], compound.parts[k + 1]));
  return out;
}

/** Letter and digit runs of a part mixing both (`cfx96` → `cfx`, `96`); single letters say nothing and are dropped. */
export function forEachSubword(part: string, found: (start: number, end: number) => void): void {
  let hasDigit = false;
  let hasLetter = false;
  for (let i = 0; i < part.length; i++) {
    if (isDigitCode(part.charCodeAt(i))) hasDigit = true;
    else hasLetter = true;
  }
  if (!hasDigit || !hasLetter) return;
  let start = 0;
  for (let i = 1; i <= part.length; i++) {
    if (i < part.length && isDigitCode(part.charCodeAt(i)) === isDigitCode(part.charCodeAt(start))) continue;
    if (isDigitCode(part.charCodeAt(start)) || i - start >= 2) found(start, i);
    start = i;
  }
}

/** End of the CJK run starting at `start`. */
export function cjkRunEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const c = charAt(text, i);
    if (c.cls !== CJK) break;
    i += c.width;
  }
  return i;
}

/** Start offsets of the characters of a CJK run (astral characters take two code units). */
export function charStarts(text: string, start: number, end: number): number[] {
  const starts: number[] = [];
  for (let i = start; i < end; i += charAt(text, i).width) starts.push(i);
  return starts;
}

/** Every pair of neighbouring characters of a CJK run. */
export function bigrams(text: string): string[] {
  const starts = charStarts(text, 0, text.length);
  const out: string[] = [];
  for (let k = 0; k + 1 < starts.length; k++) out.push(text.slice(starts[k], k + 2 < starts.length ? starts[k + 2] : text.length));
  return out;
}

/** Folded text with every separator run collapsed to one space, as synonym phrases are stored. */
export function foldPhrase(text: string): string {
  const folded = foldText(text);
  let out = '';
  let space = false;
  for (let i = 0; i < folded.length;) {
    const c = charAt(folded, i);
    if (c.cls === SEP) space = out.length > 0;
    else {
      if (space) out += ' ';
      space = false;
      out += folded.slice(i, i + c.width);
    }
    i += c.width;
  }
  return out;
}
