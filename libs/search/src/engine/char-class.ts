/**
 * Character classes of folded text. Latin letters and digits of any script
 * form words; a few ASCII punctuation marks join word parts into compounds
 * (model numbers such as `jsm-7800f`, `lc/q-tof`); Han, kana and hangul are
 * CJK and are cut into dictionary words and bigrams; everything else (spaces,
 * punctuation, emoji, symbols) separates tokens.
 */
export const SEP = 0;
export const WORD = 1;
export const CJK = 2;
export const JOINER = 3;
export type CharClass = typeof SEP | typeof WORD | typeof CJK | typeof JOINER;

const CJK_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
// '+' is deliberately not a joiner: `6500+` and `dsc 3+` mean "plus", not a part.
const JOINERS = new Set(['-', '_', '.', '/', '|', "'", '\u2010', '\u2011']);

/** 0 = not yet classified, otherwise class + 1. */
const bmpTable = new Uint8Array(0x10000);
const astralTable = new Map<number, CharClass>();

function classifySlow(ch: string): CharClass {
  if (JOINERS.has(ch)) return JOINER;
  if (CJK_SCRIPT.test(ch)) return CJK;
  if (LETTER_OR_DIGIT.test(ch)) return WORD;
  return SEP;
}

function classifyCodePoint(cp: number): CharClass {
  if (cp < 0x10000) {
    const known = bmpTable[cp];
    if (known !== 0) return (known - 1) as CharClass;
    const cls = classifySlow(String.fromCharCode(cp));
    bmpTable[cp] = cls + 1;
    return cls;
  }
  let cls = astralTable.get(cp);
  if (cls === undefined) {
    cls = classifySlow(String.fromCodePoint(cp));
    astralTable.set(cp, cls);
  }
  return cls;
}

/** Class of the character at `i` and its width in code units (2 for a surrogate pair). */
export function charAt(text: string, i: number): { cls: CharClass; width: 1 | 2 } {
  const c = text.charCodeAt(i);
  if (c < 0x80) {
    const lower = c | 0x20;
    if ((lower >= 0x61 && lower <= 0x7a) || (c >= 0x30 && c <= 0x39)) return WORD_1;
  }
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) {
      const cls = classifyCodePoint(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
      return cls === CJK ? CJK_2 : cls === WORD ? WORD_2 : SEP_2;
    }
  }
  return SINGLE[classifyCodePoint(c)];
}

const WORD_1 = Object.freeze({ cls: WORD, width: 1 }) as { cls: CharClass; width: 1 | 2 };
const WORD_2 = Object.freeze({ cls: WORD, width: 2 }) as { cls: CharClass; width: 1 | 2 };
const CJK_2 = Object.freeze({ cls: CJK, width: 2 }) as { cls: CharClass; width: 1 | 2 };
const SEP_2 = Object.freeze({ cls: SEP, width: 2 }) as { cls: CharClass; width: 1 | 2 };
const SINGLE: readonly { cls: CharClass; width: 1 | 2 }[] = [SEP, WORD, CJK, JOINER].map((cls) => Object.freeze({ cls: cls as CharClass, width: 1 as const }));

/** True for a digit 0-9 (folded text only carries ASCII digits). */
export function isDigitCode(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
