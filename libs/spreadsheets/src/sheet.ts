/**
 * The format-neutral shape both readers (CSV, XLSX) produce, so header
 * matching, cell conversion and row validation exist once.
 */

/**
 * Widest sheet an import accepts (the template has 35 columns). Readers
 * refuse a value beyond it and drop blank cells beyond it, so no later step
 * ever sees a row wider than this, whatever the file claims.
 */
export const MAX_COLUMNS = 200;

/** An Excel error value such as `#N/A` or `#REF!` (formula results included). */
export interface CellError {
  error: string;
}

/**
 * CSV cells are always strings; XLSX cells keep their type so a real date
 * cell or a number is not re-parsed from its display text.
 */
export type SheetCell = string | number | boolean | Date | CellError | null;

export interface SheetRow {
  /** Row number as the user sees it in the sheet (the header is normally row 1). */
  rowNumber: number;
  cells: SheetCell[];
  /**
   * Blank rows (empty, or only whitespace) directly above this row. Readers
   * count them instead of keeping them, so a file of empty lines costs no memory.
   */
  blankRowsBefore: number;
}

/** How much of a sheet a reader keeps; it stops reading beyond that. */
export interface ReadLimits {
  /** Non-blank rows to keep after the first one (the header). */
  maxDataRows: number;
}

export interface RawSheet {
  /** The non-blank rows, in sheet order: the first is the header. */
  rows: SheetRow[];
  /**
   * The reader stopped at ReadLimits.maxDataRows: at least one more non-blank
   * row exists, how many is unknown.
   */
  truncated: boolean;
  /** XLSX workbooks using the 1904 date system (old Mac Excel) shift serial numbers. */
  date1904: boolean;
  /** File-level problems found while reading (bad encoding, other sheets with data …). */
  errors: string[];
}

/** A reader's answer for a file it could not read at all. */
export function unreadableSheet(error: string): RawSheet {
  return { rows: [], truncated: false, date1904: false, errors: [error] };
}

export function isCellError(cell: SheetCell): cell is CellError {
  return typeof cell === 'object' && cell !== null && !(cell instanceof Date);
}

export function isBlankCell(cell: SheetCell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

export function isBlankRow(cells: readonly SheetCell[]): boolean {
  return cells.every(isBlankCell);
}

/**
 * Keeps a reader's rows within ReadLimits: blank rows are counted onto the
 * next kept row, and `add` answers false once the limit is exceeded so the
 * reader can stop reading.
 */
export class RowCollector {
  readonly rows: SheetRow[] = [];
  truncated = false;
  private blankRun = 0;

  constructor(private readonly limits: ReadLimits) {}

  add(rowNumber: number, cells: SheetCell[]): boolean {
    if (isBlankRow(cells)) {
      this.blankRun++;
      return true;
    }
    // The header plus maxDataRows rows are kept; one more proves the file is over the limit.
    if (this.rows.length > this.limits.maxDataRows) {
      this.truncated = true;
      return false;
    }
    this.rows.push({ rowNumber, cells, blankRowsBefore: this.blankRun });
    this.blankRun = 0;
    return true;
  }
}

/** The file-level error for a sheet wider than MAX_COLUMNS; `detail` says where. */
export function tooManyColumns(detail: string): string {
  return `too many columns: ${detail}; an import file has at most ${MAX_COLUMNS} columns, delete the columns right of the data`;
}

/** Spreadsheet column letters for a 0-based index (0 → A, 26 → AA), as users see them. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
