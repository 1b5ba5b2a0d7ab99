import { scoreEncoding, type LegacyEncoding } from './legacy-encoding-score';
import { CsvSyntaxError, CsvTooWideError, forEachCsvRecord } from './csv-records';
import { columnLetter, isBlankCell, MAX_COLUMNS, RowCollector, tooManyColumns, unreadableSheet, type RawSheet, type ReadLimits } from './sheet';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** Named in every refusal, so a unit knows what to save the file as. */
export const ACCEPTED_CSV_ENCODINGS = 'UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK';
const SAVE_AS = `CSV files must be ${ACCEPTED_CSV_ENCODINGS}: save it from Excel as "CSV UTF-8" or as .xlsx`;
/** Real GBK Chinese is almost all GB2312; a Big5 or Shift-JIS file read as GBK scores far lower. */
const MIN_GB_SCORE = 0.8;
const OTHER_LEGACY: LegacyEncoding[] = ['big5', 'shift_jis', 'euc-kr'];
const LABEL: Record<LegacyEncoding, string> = { gb18030: 'GB18030', big5: 'Big5', shift_jis: 'Shift-JIS', 'euc-kr': 'EUC-KR' };

/**
 * Decodes CSV bytes the way units actually produce them: UTF-8 with or
 * without BOM (WPS, LibreOffice, Excel's "CSV UTF-8"), GB18030/GBK (Excel's
 * plain "CSV" on Chinese Windows), and UTF-16 with BOM (Excel's "Unicode
 * text"). GB18030 is a superset of GBK and GB2312 and is only tried when the
 * bytes are not valid UTF-8; Chinese text in GBK is practically never valid
 * UTF-8, so the order cannot mistake one for the other. Bytes that are not
 * UTF-8 are GB18030 only if they read as Chinese (legacy-encoding-score.ts):
 * Big5, Shift-JIS and EUC-KR files decode as GB18030 without an error, into
 * mojibake, so a file that scores low as GB18030, or as well in one of them,
 * is refused rather than stored half-understood.
 */
export function decodeCsvBytes(buffer: Buffer): { text: string; encoding: TextEncodingName } | { error: string } {
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const attempt = <E extends string>(encoding: E, body: Uint8Array) => {
    try {
      return { text: new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body), encoding };
    } catch {
      return undefined;
    }
  };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return attempt('utf-8' as const, bytes.subarray(3)) ?? { error: `the file starts with a UTF-8 byte order mark but is not valid UTF-8. ${SAVE_AS}` };
  }
  if (
    (bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) ||
    (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff)
  ) {
    return { error: `the file is UTF-32 text. ${SAVE_AS}` };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return attempt('utf-16le' as const, bytes.subarray(2)) ?? { error: `the file starts with a UTF-16 byte order mark but is not valid UTF-16. ${SAVE_AS}` };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return attempt('utf-16be' as const, bytes.subarray(2)) ?? { error: `the file starts with a UTF-16 byte order mark but is not valid UTF-16. ${SAVE_AS}` };
  }
  const utf8 = attempt('utf-8' as const, bytes);
  if (utf8) return utf8;
  const gb = attempt('gb18030' as const, bytes);
  const rivals = OTHER_LEGACY.filter((e) => attempt(e, bytes) !== undefined).map((e) => scoreEncoding(bytes, e));
  const best = [...rivals].sort((a, b) => b.score - a.score)[0];
  const looksLike = best && best.score >= MIN_GB_SCORE ? ` (it looks like ${LABEL[best.encoding]})` : '';
  if (!gb) return { error: `the file is neither UTF-8 nor GB18030/GBK text${looksLike}. ${SAVE_AS}` };
  const score = scoreEncoding(bytes, 'gb18030');
  if (score.score < MIN_GB_SCORE) {
    return {
      error: `the file is not UTF-8, and read as GB18030/GBK only ${Math.round(score.score * 100)}% of its Chinese characters are common ones: it is probably in another encoding${looksLike}. ${SAVE_AS}`,
    };
  }
  if (best && best.score >= score.score) {
    return { error: `the file's encoding is ambiguous: it reads as GB18030/GBK and as ${LABEL[best.encoding]} equally well. ${SAVE_AS}` };
  }
  return gb;
}

/**
 * Excel writes ';' instead of ',' under some locales and a tab for "Unicode
 * text"; the header line decides, since it never legitimately contains them.
 * Only its start is looked at: the header of a 200-column sheet is a few KB,
 * while the first line of a hostile file may be the whole file.
 */
function detectDelimiter(text: string): string {
  const counts: [string, number][] = [
    [',', 0],
    ['\t', 0],
    [';', 0],
  ];
  const end = Math.min(text.length, DELIMITER_SCAN_CHARS);
  for (let i = 0; i < end; i++) {
    const ch = text[i];
    if (ch === '\n' || ch === '\r') break;
    for (const entry of counts) if (entry[0] === ch) entry[1]++;
  }
  // Stable sort: on a tie the earlier candidate (comma first) wins.
  const [best, count] = counts.sort((a, b) => b[1] - a[1])[0];
  return count > 0 ? best : ',';
}

const DELIMITER_SCAN_CHARS = 64 * 1024;

/**
 * Longest record accepted, in characters; bounds memory on a file with one
 * unterminated quote.
 */
const MAX_RECORD_CHARS = 1_000_000;
/**
 * Cells per record while reading. Excel's own column limit: an export of a
 * sheet whose used range runs far right has that many (empty) cells per
 * line, anything wider is not a spreadsheet.
 */
const MAX_CSV_FIELDS = 16_384;

export function readCsv(buffer: Buffer, limits: ReadLimits): RawSheet & { encoding?: TextEncodingName } {
  const decoded = decodeCsvBytes(buffer);
  if ('error' in decoded) return unreadableSheet(decoded.error);
  const { text, encoding } = decoded;
  if (text.includes('\u0000')) {
    return unreadableSheet('the file contains binary data, not CSV text; upload a .csv or .xlsx file');
  }
  const collector = new RowCollector(limits);
  try {
    forEachCsvRecord(text, detectDelimiter(text), { maxFields: MAX_CSV_FIELDS, maxRecordChars: MAX_RECORD_CHARS }, (cells, rowNumber) =>
      collector.add(rowNumber, withinColumnLimit(cells, rowNumber)),
    );
  } catch (e) {
    const message = fileError(e);
    if (message === undefined) throw e;
    return { ...unreadableSheet(message), encoding };
  }
  return { rows: collector.rows, truncated: collector.truncated, date1904: false, errors: [], encoding };
}

/** A readable CSV this import refuses; the message is the file error as is. */
class RefusedCsv extends Error {}

function fileError(e: unknown): string | undefined {
  if (e instanceof RefusedCsv) return e.message;
  if (e instanceof CsvTooWideError) return tooManyColumns(`row ${e.recordNumber} has more than ${e.maxFields} cells`);
  if (e instanceof CsvSyntaxError) return `the CSV could not be read: ${e.message}`;
  return undefined;
}

/**
 * Cells right of MAX_COLUMNS may only be the empty tail Excel writes for a
 * wide used range; they are dropped so no later step sees a wider row.
 */
function withinColumnLimit(cells: string[], rowNumber: number): string[] {
  if (cells.length <= MAX_COLUMNS) return cells;
  for (let i = MAX_COLUMNS; i < cells.length; i++) {
    if (!isBlankCell(cells[i])) throw new RefusedCsv(tooManyColumns(`row ${rowNumber} has a value in column ${columnLetter(i)}`));
  }
  return cells.slice(0, MAX_COLUMNS);
}
