/**
 * How well bytes read as each East Asian legacy encoding. Bytes of one
 * double-byte encoding are mostly valid in the others too (a Big5 file read as
 * GB18030 decodes without a single error into mojibake: 電子顯微鏡 →
 * 筿陪稬描), so validity alone cannot tell them apart. What differs is where
 * the characters fall: real text in an encoding is made almost entirely of
 * that encoding's common repertoire (GB2312's hanzi and symbols for GBK
 * Chinese, Big5's frequently-used hanzi, JIS level-1 kanji and kana, KS X 1001
 * Hangul), while the same bytes read as another encoding scatter over its rare
 * and extension areas. The score is the share of multi-byte characters that
 * fall in the common repertoire (ASCII is the same in all of them and does not
 * count).
 */
export type LegacyEncoding = 'gb18030' | 'big5' | 'shift_jis' | 'euc-kr';

export interface EncodingScore {
  encoding: LegacyEncoding;
  /** Share of multi-byte characters in the encoding's common repertoire, 0–1. */
  score: number;
  /** Multi-byte characters seen. */
  characters: number;
}

const between = (b: number, lo: number, hi: number) => b >= lo && b <= hi;

/** One character at `i`: its length in bytes and whether it is common. */
type Step = (bytes: Uint8Array, i: number) => { length: number; common: boolean };

const STEPS: Record<LegacyEncoding, Step> = {
  // GB2312 rows A1–A9 (symbols, full-width forms) and B0–F7 (hanzi levels 1, 2);
  // GBK extensions (lead 81–A0 or trail below A1) and 4-byte sequences are rare in real text.
  gb18030: (bytes, i) => {
    const lead = bytes[i];
    const trail = bytes[i + 1] ?? 0;
    if (between(trail, 0x30, 0x39)) return { length: 4, common: false };
    return { length: 2, common: between(trail, 0xa1, 0xfe) && (between(lead, 0xa1, 0xa9) || between(lead, 0xb0, 0xf7)) };
  },
  // Symbols A140–A3BF and the frequently used hanzi A440–C67E.
  big5: (bytes, i) => {
    const lead = bytes[i];
    return { length: 2, common: between(lead, 0xa1, 0xc5) || (lead === 0xc6 && (bytes[i + 1] ?? 0) <= 0x7e) };
  },
  // Symbols, kana (81–84) and level-1 kanji (889F–9872); half-width katakana are single bytes.
  shift_jis: (bytes, i) => {
    const lead = bytes[i];
    if (between(lead, 0xa1, 0xdf)) return { length: 1, common: false };
    return { length: 2, common: between(lead, 0x81, 0x84) || between(lead, 0x88, 0x98) };
  },
  // KS X 1001 symbols (A1–AC) and the 2,350 Hangul syllables (B0–C8); Hanja and UHC extensions are rare.
  'euc-kr': (bytes, i) => {
    const lead = bytes[i];
    const trail = bytes[i + 1] ?? 0;
    return { length: 2, common: between(trail, 0xa1, 0xfe) && (between(lead, 0xa1, 0xac) || between(lead, 0xb0, 0xc8)) };
  },
};

/** The score of `bytes` read as `encoding`; the bytes must decode in it without error. */
export function scoreEncoding(bytes: Uint8Array, encoding: LegacyEncoding): EncodingScore {
  const step = STEPS[encoding];
  let characters = 0;
  let common = 0;
  for (let i = 0; i < bytes.length;) {
    if (bytes[i] < 0x80) {
      i += 1;
      continue;
    }
    const next = step(bytes, i);
    characters += 1;
    if (next.common) common += 1;
    i += next.length;
  }
  return { encoding, score: characters === 0 ? 1 : common / characters, characters };
}
