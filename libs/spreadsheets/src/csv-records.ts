/**
 * CSV tokenizer for the import: RFC 4180 as csv-parse reads it with its
 * defaults (double-quote quoting, `""` for a literal quote, the first line
 * break outside quotes decides whether records end in CRLF, LF or CR), and
 * the same malformed input refused: a quote inside an unquoted cell, text
 * after a closing quote, a quote never closed.
 *
 * It replaces csv-parse because no csv-parse option bounds the work an
 * upload can cause: csv-parse spends about a microsecond per cell and per
 * record (a 20 MB file of empty lines took 35 s, a 5 MB line of commas
 * became a 5-million-cell array), while here a record costs what its
 * characters cost, is handed over one at a time, and the caller can stop.
 */

/** The text is not well-formed CSV. */
export class CsvSyntaxError extends Error {}

/** A record has more cells than `CsvLimits.maxFields`; reading stopped there. */
export class CsvTooWideError extends Error {
  constructor(
    readonly recordNumber: number,
    readonly maxFields: number,
  ) {
    super(`record ${recordNumber} has more than ${maxFields} cells`);
  }
}

export interface CsvLimits {
  /** Cells per record; bounds the array built for one record. */
  maxFields: number;
  /** Characters per record; bounds memory on a file with one unterminated quote. */
  maxRecordChars: number;
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Calls `onRecord` with each record's cells and its 1-based number (blank
 * lines are records too, so numbers match spreadsheet rows even when a
 * quoted cell spans lines). Stops early when `onRecord` returns false.
 */
export function forEachCsvRecord(text: string, delimiter: string, limits: CsvLimits, onRecord: (cells: string[], recordNumber: number) => boolean): void {
  const delim = delimiter.charCodeAt(0);
  const n = text.length;
  let eol: string | undefined;
  let pos = 0;
  let recordNumber = 0;

  /** Whether a record ends at `at`; the first line break seen fixes the style. */
  const isEol = (at: number): boolean => {
    const c = text.charCodeAt(at);
    if (c !== CR && c !== LF) return false;
    if (eol === undefined) eol = c === CR && text.charCodeAt(at + 1) === LF ? '\r\n' : c === CR ? '\r' : '\n';
    return text.startsWith(eol, at);
  };

  while (pos < n) {
    recordNumber++;
    const cells: string[] = [];
    let chars = 0;
    const take = (from: number, to: number): string => {
      chars += to - from;
      if (chars > limits.maxRecordChars) {
        throw new CsvSyntaxError(`record ${recordNumber} is longer than ${limits.maxRecordChars} characters (is a quote left open?)`);
      }
      return text.slice(from, to);
    };

    for (;;) {
      if (cells.length === limits.maxFields) throw new CsvTooWideError(recordNumber, limits.maxFields);
      if (text.charCodeAt(pos) === QUOTE) {
        const parts: string[] = [];
        let from = pos + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0) throw new CsvSyntaxError(`the quoted cell opened in record ${recordNumber} is never closed`);
          if (text.charCodeAt(q + 1) === QUOTE) {
            parts.push(take(from, q + 1));
            from = q + 2;
            continue;
          }
          parts.push(take(from, q));
          pos = q + 1;
          break;
        }
        cells.push(parts.length === 1 ? parts[0] : parts.join(''));
        if (pos < n && text.charCodeAt(pos) !== delim && !isEol(pos)) {
          throw new CsvSyntaxError(`record ${recordNumber} has ${JSON.stringify(text[pos])} right after a closing quote; quote the whole cell`);
        }
      } else {
        const from = pos;
        for (; pos < n; pos++) {
          const c = text.charCodeAt(pos);
          if (c === delim || ((c === CR || c === LF) && isEol(pos))) break;
          if (c === QUOTE) {
            throw new CsvSyntaxError(
              `record ${recordNumber} has a quote inside the unquoted cell ${JSON.stringify(text.slice(from, pos + 1))}; quote the whole cell`,
            );
          }
        }
        cells.push(take(from, pos));
      }
      if (pos >= n) break;
      if (text.charCodeAt(pos) === delim) {
        pos++;
        continue;
      }
      pos += eol!.length;
      break;
    }
    if (!onRecord(cells, recordNumber)) return;
  }
}
