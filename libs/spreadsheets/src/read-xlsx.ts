import { readZipEntry } from './read-zip-entry';
import { scanXml } from './scan-xml';
import {
  columnLetter,
  isBlankCell,
  isBlankRow,
  MAX_COLUMNS,
  RowCollector,
  tooManyColumns,
  unreadableSheet,
  type RawSheet,
  type ReadLimits,
  type SheetCell,
  type SheetRow,
} from './sheet';
import { decodeXmlString, readDateStyles, readSharedStrings, readWorkbookLayout, XlsxFormatError, type XlsxPackage } from './xlsx-parts';
import { readZipDirectory, type ZipEntry } from './zip-directory';

/**
 * Reads the first worksheet of an XLSX workbook into typed cells.
 *
 * Cells keep their type (a real date cell stays a Date, a number stays a
 * number) so nothing is re-parsed from Excel's locale-dependent display text.
 *
 * Bounded for hostile uploads: the ZIP directory is checked before anything
 * is unpacked (size, part count, compression ratio), parts are unpacked as
 * streams that may not exceed their declared size, and the worksheet is read
 * row by row and abandoned as soon as it has more rows than `limits` allow.
 * Nothing is written to disk.
 */
export interface ReadXlsxOptions {
  /**
   * Only the first worksheet is read. This is shown the first non-blank row
   * of every later one and may return a file error for it (the caller knows
   * what a header of its data looks like; a notes sheet is fine to leave alone).
   */
  checkOtherSheet?(header: readonly SheetCell[], sheet: string, first: string): string | undefined;
}

export async function readXlsx(buffer: Buffer, limits: ReadLimits, options: ReadXlsxOptions = {}): Promise<RawSheet> {
  const directory = readZipDirectory(buffer);
  if (!directory.ok) return unreadableSheet(directory.damaged ? unreadable(directory.reason) : directory.reason);
  const pkg = zipPackage(buffer, directory.entries);
  try {
    const layout = await readWorkbookLayout(pkg);
    if (layout.sheets.length === 0) return unreadableSheet('the workbook has no worksheets');
    const ctx: CellContext = {
      sharedStrings: layout.sharedStringsPath ? await readSharedStrings(pkg.read(layout.sharedStringsPath)) : [],
      dateStyles: layout.stylesPath ? await readDateStyles(pkg.read(layout.stylesPath)) : [],
      date1904: layout.date1904,
    };

    const [first, ...others] = layout.sheets;
    const collector = new RowCollector(limits);
    const merges: CellRange[] = [];
    await scanSheet(pkg.read(first.path), ctx, {
      row(rowNumber, cells, wideColumn) {
        if (wideColumn !== undefined) throw new RefusedFile(tooManyColumns(`row ${rowNumber} has a value in column ${columnLetter(wideColumn)}`));
        return collector.add(rowNumber, cells);
      },
      mergeCell(ref) {
        if (merges.length === MAX_MERGED_RANGES) throw new RefusedFile(`the worksheet has more than ${MAX_MERGED_RANGES} merged cell ranges; unmerge them`);
        merges.push(parseRange(ref));
      },
    });
    const sheet: RawSheet = { rows: collector.rows, truncated: collector.truncated, date1904: layout.date1904, errors: [] };
    // Over the row limit the file is refused anyway; nothing more is worth unpacking.
    if (sheet.truncated) return sheet;
    fillMergedCells(sheet.rows, merges);

    const check = options.checkOtherSheet;
    if (check) {
      for (const other of others) {
        const header = await firstNonBlankRow(pkg.read(other.path), ctx);
        const error = header && check(header, other.name, first.name);
        if (error) sheet.errors.push(error);
      }
    }
    return sheet;
  } catch (e) {
    if (e instanceof RefusedFile) return unreadableSheet(e.message);
    // saxes, zlib and the package readers all fail with a message worth showing.
    return unreadableSheet(unreadable((e as Error).message));
  }
}

function unreadable(reason: string): string {
  return `the file could not be read as an XLSX workbook (${reason}); save it from Excel as .xlsx and try again`;
}

/** A readable workbook this import refuses; the message is the file error as is. */
class RefusedFile extends Error {}

function zipPackage(zip: Buffer, entries: readonly ZipEntry[]): XlsxPackage {
  const byName = new Map(entries.map((e) => [e.name, e]));
  return {
    has: (path) => byName.has(path),
    read: (path) => {
      const entry = byName.get(path);
      if (!entry) throw new XlsxFormatError(`no ${path} in the package`);
      return readZipEntry(zip, entry);
    },
  };
}

interface CellContext {
  sharedStrings: readonly string[];
  /** Per cell style index: whether the style's number format shows a date. */
  dateStyles: readonly boolean[];
  date1904: boolean;
}

interface SheetVisitor {
  /**
   * A row with at least one value (rows of empty styled cells are skipped,
   * as Excel's own "used rows" are). `cells` stops at MAX_COLUMNS;
   * `wideColumn` is the first non-blank cell beyond it. False stops reading.
   */
  row(rowNumber: number, cells: SheetCell[], wideColumn: number | undefined): boolean;
  /** Merge ranges come after the rows; without this callback reading ends with the rows. */
  mergeCell?(ref: string): void;
}

/** The parts of a `<c>` element, collected while its children stream by. */
interface RawCell {
  column: number;
  /** The `t` attribute: s, str, inlineStr, b, e, d or n (the default). */
  type: string;
  style: number;
  hasFormula: boolean;
  /** Text of `<v>`: the value, or the cached result of a formula. */
  value?: string;
  /** Text of an inline string (`<is>`), runs joined. */
  inline?: string;
}

/**
 * Streams a worksheet's `sheetData`, one row at a time. Memory is the
 * current row; the caller decides what to keep.
 */
async function scanSheet(chunks: AsyncIterable<Buffer>, ctx: CellContext, visitor: SheetVisitor): Promise<void> {
  let stopped = false;
  let inSheetData = false;
  let rowNumber = 0;
  let cells: SheetCell[] = [];
  let wideColumn: number | undefined;
  let cell: RawCell | undefined;
  let inValue = false;
  /** Text of the current `<t>` of an inline string, decoded when it closes. */
  let inlineText: string | undefined;
  let phonetic = 0;

  await scanXml(chunks, {
    open(name, a) {
      if (stopped) return;
      switch (name) {
        case 'sheetData':
          inSheetData = true;
          break;
        case 'row':
          if (!inSheetData) break;
          // `r` is optional in the format: without it a row follows the previous one.
          rowNumber = a.r === undefined ? rowNumber + 1 : positiveInteger(a.r, 'row number');
          cells = [];
          wideColumn = undefined;
          break;
        case 'c':
          if (!inSheetData) break;
          cell = {
            column: a.r === undefined ? (cell ? cell.column + 1 : 0) : columnIndex(a.r),
            type: a.t ?? 'n',
            style: a.s === undefined ? 0 : Number(a.s),
            hasFormula: false,
          };
          break;
        case 'f':
          if (cell) cell.hasFormula = true;
          break;
        case 'v':
          if (cell) {
            cell.value = '';
            inValue = true;
          }
          break;
        case 'is':
          if (cell) cell.inline = '';
          break;
        case 'rPh':
          phonetic++;
          break;
        case 't':
          if (cell?.inline !== undefined && phonetic === 0) inlineText = '';
          break;
        case 'mergeCell':
          if (!inSheetData && a.ref) visitor.mergeCell?.(a.ref);
          break;
      }
    },
    text(text) {
      if (inValue) cell!.value += text;
      else if (inlineText !== undefined) inlineText += text;
    },
    close(name) {
      if (stopped) return;
      switch (name) {
        case 'v':
          inValue = false;
          break;
        case 't':
          if (inlineText !== undefined) cell!.inline += decodeXmlString(inlineText);
          inlineText = undefined;
          break;
        case 'rPh':
          phonetic--;
          break;
        case 'c': {
          if (!cell) break;
          const value = cellValue(cell, ctx);
          if (value !== null) {
            if (cell.column < MAX_COLUMNS) cells[cell.column] = value;
            else if (wideColumn === undefined && !isBlankCell(value)) wideColumn = cell.column;
          }
          // `cell` stays until the next <c> so a following cell without `r` knows its column.
          break;
        }
        case 'row':
          if (!inSheetData) break;
          if (cells.length > 0 || wideColumn !== undefined) {
            // Array.from turns the holes left by unwritten cells into null.
            if (
              !visitor.row(
                rowNumber,
                Array.from(cells, (c) => c ?? null),
                wideColumn,
              )
            )
              stopped = true;
          }
          cell = undefined;
          break;
        case 'sheetData':
          inSheetData = false;
          if (!visitor.mergeCell) stopped = true;
          break;
      }
    },
    done: () => stopped,
  });
}

function cellValue(cell: RawCell, ctx: CellContext): SheetCell {
  if (cell.hasFormula) {
    // Only the result Excel cached is imported; formulas are never evaluated.
    // A tool other than Excel may have written none: say so instead of importing blank.
    if (!cell.value) return { error: 'formula without a computed value (open and save the file in Excel)' };
    return typedValue(cell.type, cell.value, cell.style, ctx);
  }
  if (cell.inline !== undefined) return cell.inline;
  if (cell.value === undefined) return null;
  return typedValue(cell.type, cell.value, cell.style, ctx);
}

function typedValue(type: string, text: string, style: number, ctx: CellContext): SheetCell {
  switch (type) {
    case 's': {
      const shared = ctx.sharedStrings[Number(text)];
      if (shared === undefined) throw new XlsxFormatError(`a cell refers to shared string ${text}, which does not exist`);
      return shared;
    }
    case 'str':
    case 'inlineStr':
      return text;
    case 'b':
      return Number(text) !== 0;
    case 'e':
      return { error: text };
    case 'd': {
      // ISO 8601 date cells: Strict OOXML and a few writers use them instead of serial numbers.
      const date = new Date(text);
      return Number.isNaN(date.getTime()) ? { error: `invalid date ${text}` } : date;
    }
    default: {
      const n = parseFloat(text);
      // Style 0 never counts as a date, as in exceljs: it is the sheet's default look.
      return style > 0 && ctx.dateStyles[style] ? excelSerialToDate(n, ctx.date1904) : n;
    }
  }
}

/** exceljs's conversion, kept so a date cell reads the same instant as before. */
function excelSerialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

/** The first row of a sheet with a non-blank cell, reading no further. */
async function firstNonBlankRow(chunks: AsyncIterable<Buffer>, ctx: CellContext): Promise<SheetCell[] | undefined> {
  let found: SheetCell[] | undefined;
  await scanSheet(chunks, ctx, {
    row(_rowNumber, cells) {
      if (isBlankRow(cells)) return true;
      found = cells;
      return false;
    },
  });
  return found;
}

/** Merged cell ranges worth keeping per sheet; real sheets have a handful per group of rows. */
const MAX_MERGED_RANGES = 100_000;

/** Zero-based, inclusive; rows are sheet row numbers. */
interface CellRange {
  firstRow: number;
  lastRow: number;
  firstColumn: number;
  lastColumn: number;
}

/** `B3:D10` (or a single `B3`) → range; refuses anything else. */
function parseRange(ref: string): CellRange {
  const [from, to = from] = ref.split(':');
  const [firstColumn, firstRow] = [columnIndex(from), rowIndex(from)];
  const [lastColumn, lastRow] = [columnIndex(to), rowIndex(to)];
  return {
    firstRow: Math.min(firstRow, lastRow),
    lastRow: Math.max(firstRow, lastRow),
    firstColumn: Math.min(firstColumn, lastColumn),
    lastColumn: Math.max(firstColumn, lastColumn),
  };
}

/**
 * Excel shows a merged range's value in every cell of it and exceljs read it
 * so: a city merged down ten rows belongs to all ten instruments. Only kept
 * rows are filled (a range never creates rows) and only up to MAX_COLUMNS;
 * valid merges never overlap, so each cell is visited once at most, and a
 * file whose merges would make that work exceed it is refused.
 */
function fillMergedCells(rows: SheetRow[], merges: readonly CellRange[]): void {
  if (merges.length === 0 || rows.length === 0) return;
  let budget = rows.length * MAX_COLUMNS;
  for (const m of merges) {
    const lastColumn = Math.min(m.lastColumn, MAX_COLUMNS - 1);
    let i = firstRowAtOrAfter(rows, m.firstRow);
    const master = i < rows.length && rows[i].rowNumber === m.firstRow ? rows[i].cells[m.firstColumn] : undefined;
    if (master === undefined || master === null) continue;
    for (; i < rows.length && rows[i].rowNumber <= m.lastRow; i++) {
      const cells = rows[i].cells;
      budget -= lastColumn - m.firstColumn + 1;
      if (budget < 0) throw new RefusedFile('the worksheet has overlapping merged cells; unmerge them and try again');
      for (let c = m.firstColumn; c <= lastColumn; c++) {
        while (cells.length <= c) cells.push(null);
        if (cells[c] === null) cells[c] = master;
      }
    }
  }
}

/** Binary search: index of the first row numbered `rowNumber` or later (rows are in sheet order). */
function firstRowAtOrAfter(rows: readonly SheetRow[], rowNumber: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid].rowNumber < rowNumber) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Zero-based column of a cell reference: `AB12` → 27. */
function columnIndex(ref: string): number {
  let column = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const code = ref.charCodeAt(i) & ~0x20; // upper-case ASCII letters
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  // Excel's last column is XFD (three letters); longer references are not cells.
  if (i === 0 || i > 3) throw new XlsxFormatError(`${JSON.stringify(ref)} is not a cell reference`);
  return column - 1;
}

/** Sheet row number of a cell reference: `AB12` → 12. */
function rowIndex(ref: string): number {
  return positiveInteger(ref.replace(/^[A-Za-z]+/, ''), 'cell reference');
}

function positiveInteger(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new XlsxFormatError(`${JSON.stringify(text)} is not a valid ${what}`);
  return n;
}
