import { parse } from 'csv-parse/sync';
import type { RawSheet, SheetRow } from './sheet';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/**
 * Decodes CSV bytes the way units actually produce them: UTF-8 with or
 * without BOM (WPS, LibreOffice, Excel's "CSV UTF-8"), GB18030/GBK (Excel's
 * plain "CSV" on Chinese Windows), and UTF-16 with BOM (Excel's "Unicode
 * text"). GB18030 is a superset of GBK and GB2312 and is only tried when the
 * bytes are not valid UTF-8; Chinese text in GBK is practically never valid
 * UTF-8, so the order cannot mistake one for the other.
 */
export function decodeCsvBytes(buffer: Buffer): { text: string; encoding: TextEncodingName } | { error: string } {
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const attempt = (encoding: TextEncodingName, body: Uint8Array) => {
    try {
      return { text: new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body), encoding };
    } catch {
      return undefined;
    }
  };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return attempt('utf-8', bytes.subarray(3)) ?? { error: 'the file starts with a UTF-8 byte order mark but is not valid UTF-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return attempt('utf-16le', bytes.subarray(2)) ?? { error: 'the file starts with a UTF-16 byte order mark but is not valid UTF-16' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return attempt('utf-16be', bytes.subarray(2)) ?? { error: 'the file starts with a UTF-16 byte order mark but is not valid UTF-16' };
  }
  return (
    attempt('utf-8', bytes) ??
    attempt('gb18030', bytes) ?? {
      error: 'the file is neither UTF-8 nor GB18030/GBK text; save it from Excel as "CSV UTF-8" or as .xlsx',
    }
  );
}

/**
 * Excel writes ';' instead of ',' under some locales and a tab for "Unicode
 * text"; the header line decides, since it never legitimately contains them.
 */
function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (ch: string) => firstLine.split(ch).length - 1;
  const candidates: [string, number][] = [
    [',', count(',')],
    ['\t', count('\t')],
    [';', count(';')],
  ];
  candidates.sort((a, b) => b[1] - a[1]);
  return candidates[0][1] > 0 ? candidates[0][0] : ',';
}

/** Longest single record accepted; bounds memory on a file with one unterminated quote. */
const MAX_RECORD_BYTES = 1_000_000;

export function readCsv(buffer: Buffer): RawSheet & { encoding?: TextEncodingName } {
  const decoded = decodeCsvBytes(buffer);
  if ('error' in decoded) return { rows: [], date1904: false, errors: [decoded.error] };
  if (decoded.text.includes('\u0000')) {
    return {
      rows: [],
      date1904: false,
      errors: ['the file contains binary data, not CSV text; upload a .csv or .xlsx file'],
    };
  }
  let records: string[][];
  try {
    records = parse(decoded.text, {
      delimiter: detectDelimiter(decoded.text),
      // Blank lines are kept so row numbers match what the user sees in Excel;
      // the caller skips (and counts) them.
      skip_empty_lines: false,
      relax_column_count: true,
      max_record_size: MAX_RECORD_BYTES,
    });
  } catch (e) {
    return { rows: [], date1904: false, errors: [`the CSV could not be read: ${(e as Error).message}`], encoding: decoded.encoding };
  }
  // Excel numbers rows by record, not by physical line (a quoted cell may span lines).
  const rows: SheetRow[] = records.map((cells, i) => ({ rowNumber: i + 1, cells }));
  return { rows, date1904: false, errors: [], encoding: decoded.encoding };
}
