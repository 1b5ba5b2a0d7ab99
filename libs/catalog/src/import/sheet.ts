/**
 * The format-neutral shape both readers (CSV, XLSX) produce, so header
 * matching, cell conversion and row validation exist once.
 */

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
}

export interface RawSheet {
  rows: SheetRow[];
  /** XLSX workbooks using the 1904 date system (old Mac Excel) shift serial numbers. */
  date1904: boolean;
  /** File-level problems found while reading (bad encoding, other sheets with data …). */
  errors: string[];
}

export function isCellError(cell: SheetCell): cell is CellError {
  return typeof cell === 'object' && cell !== null && !(cell instanceof Date);
}

export function isBlankCell(cell: SheetCell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

export function isBlankRow(row: SheetRow): boolean {
  return row.cells.every(isBlankCell);
}
