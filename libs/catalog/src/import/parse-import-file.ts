import { columnLetter, isBlankCell, readCsv, readXlsx, type RawSheet, type SheetCell, type SheetRow } from '@app/spreadsheets';
import type { InstrumentInputResult, ValidateInstrumentOptions } from '../validation/validate-instrument-input';
import { displayText } from './cell-parsers';
import { findImportColumn, IMPORT_COLUMNS } from './import-columns';
import { mapImportRow, type BoundColumn, type ImportViolation } from './map-import-row';

export type ImportFormat = 'csv' | 'xlsx';

export interface ImportRow {
  /** Row number as the user sees it in the sheet: the header is row 1. */
  rowNumber: number;
  /**
   * Cell text of every column the file has, keyed by the canonical Chinese
   * header ('仪器编号', …) whichever alias the file used, '' for empty cells.
   */
  raw: Record<string, string>;
  /** Failed rows carry ImportViolation (FieldViolation plus the column header). */
  result: InstrumentInputResult;
}

export interface ParseImportResult {
  rows: ImportRow[];
  /**
   * Problems with the file as a whole (layout, encoding, size). When this is
   * non-empty the caller must import nothing, even if some rows are valid.
   */
  fileErrors: string[];
  /** Fully blank rows between the header and the last data row, skipped but counted. */
  skippedBlankRows: number;
}

export interface ParseImportOptions extends ValidateInstrumentOptions {
  /** Data rows accepted per file. Default IMPORT_MAX_ROWS. */
  maxRows?: number;
}

/**
 * Instrument rows accepted per import file, the one limit (stated to units in
 * config/import-template/README.md). A unit registers far fewer instruments;
 * larger registers are split into several files.
 */
export const IMPORT_MAX_ROWS = 5_000;
/** Marks the template's example rows (see config/import-template). */
const EXAMPLE_ID = /^example[-_.]/i;

/**
 * Parses a bulk-import file (CSV or XLSX, the layout of IMPORT_COLUMNS) and
 * validates each row with validateInstrumentInput. Never throws for bad
 * input: unreadable files and wrong layouts come back as fileErrors.
 */
export async function parseImportFile(buffer: Buffer, format: ImportFormat, opts: ParseImportOptions = {}): Promise<ParseImportResult> {
  const maxRows = opts.maxRows ?? IMPORT_MAX_ROWS;
  // One row more than accepted is read, so the answer can say "N rows" when
  // the file is just over the limit; reading stops at the row after that.
  const limits = { maxDataRows: maxRows + 1 };
  const sheet: RawSheet = format === 'xlsx' ? await readXlsx(buffer, limits, { checkOtherSheet: otherSheetWithInstruments }) : readCsv(buffer, limits);
  return parseSheet(sheet, format, maxRows, opts);
}

/**
 * Only the first worksheet is imported. A later sheet that also carries
 * instrument headers would otherwise be dropped without a word; notes or
 * instruction sheets (no known headers) are fine to leave alone.
 */
function otherSheetWithInstruments(header: readonly SheetCell[], sheet: string, first: string): string | undefined {
  if (!header.some((c) => typeof c === 'string' && findImportColumn(c) !== undefined)) return undefined;
  return `worksheet "${sheet}" also looks like instrument data, but only the first worksheet ("${first}") is imported; move all instruments to the first worksheet or remove the extra sheet`;
}

function parseSheet(sheet: RawSheet, format: ImportFormat, maxRows: number, opts: ParseImportOptions): ParseImportResult {
  const fileErrors = [...sheet.errors];
  const empty = (skippedBlankRows = 0): ParseImportResult => ({ rows: [], fileErrors, skippedBlankRows });
  if (sheet.rows.length === 0 && fileErrors.length > 0) return empty();

  // Readers hand over non-blank rows only: the first is the header. Blank
  // rows between data rows are counted so none vanish unnoticed; blank rows
  // after the last data row are formatting residue (Excel keeps styled empty rows).
  const [headerRow, ...dataRows] = sheet.rows;
  if (!headerRow) {
    fileErrors.push('the file is empty: expected a header row (仪器编号, 仪器名称, …) followed by one row per instrument');
    return empty();
  }
  const skippedBlankRows = dataRows.reduce((n, r) => n + r.blankRowsBefore, 0);

  // Checked before the header is matched or a row validated: a file over the
  // limit costs no more than reading it that far.
  if (dataRows.length > maxRows) {
    const count = sheet.truncated ? `more than ${maxRows}` : String(dataRows.length);
    fileErrors.push(`the file has ${count} instrument rows; at most ${maxRows} are accepted per file, split it into several files`);
    return empty(skippedBlankRows);
  }

  const { bound, errors: headerErrors } = bindHeader(headerRow, dataRows, format);
  fileErrors.push(...headerErrors);
  if (headerErrors.length > 0) return empty();

  if (dataRows.length === 0) {
    fileErrors.push('the file has a header row but no instrument rows');
    return empty();
  }

  const cellCtx = { date1904: sheet.date1904 };
  const headerWidth = headerRow.cells.length;
  const firstRowById = new Map<string, number>();
  const idColumn = bound.find((b) => b.column.field === 'localId')!;
  const rows: ImportRow[] = dataRows.map((row) => {
    const raw: Record<string, string> = {};
    for (const b of bound) raw[b.column.header] = displayText(row.cells[b.index]);

    let result = mapImportRow(row.cells, bound, cellCtx, opts);
    const extra: ImportViolation[] = [];

    // CSV rows longer than the header usually mean an unquoted comma (often
    // in an address) shifted the cells; every value after it is suspect.
    const overflow = row.cells.slice(headerWidth).findIndex((c) => !isBlankCell(c));
    if (overflow >= 0) {
      extra.push({
        field: '(row)',
        message: `has a value in column ${columnLetter(headerWidth + overflow)}, beyond the last header column ${columnLetter(headerWidth - 1)}; check for an unquoted comma that split a cell`,
      });
    }

    const localId = raw[idColumn.column.header].trim();
    if (localId !== '') {
      if (EXAMPLE_ID.test(localId)) {
        extra.push({
          field: 'localId',
          column: idColumn.fileHeader,
          message: `${idColumn.fileHeader}: ${JSON.stringify(localId)} is an example row from the template; delete it before importing`,
        });
      }
      const first = firstRowById.get(localId);
      if (first !== undefined) {
        extra.push({
          field: 'localId',
          column: idColumn.fileHeader,
          message: `${idColumn.fileHeader}: ${JSON.stringify(localId)} duplicates row ${first}; each instrument may appear once per file`,
        });
      } else {
        firstRowById.set(localId, row.rowNumber);
      }
    }
    if (extra.length > 0) {
      result = { ok: false, violations: [...(result.ok ? [] : result.violations), ...extra] };
    }
    return { rowNumber: row.rowNumber, raw, result };
  });
  return { rows, fileErrors, skippedBlankRows };
}

function bindHeader(headerRow: SheetRow, dataRows: readonly SheetRow[], format: ImportFormat): { bound: BoundColumn[]; errors: string[] } {
  const errors: string[] = [];
  const bound: BoundColumn[] = [];
  const unknown: string[] = [];
  const unlabelled: number[] = [];

  headerRow.cells.forEach((cell, index) => {
    const text = displayText(cell).trim();
    if (text === '') {
      unlabelled.push(index);
      return;
    }
    const column = findImportColumn(text);
    if (!column) {
      unknown.push(`${JSON.stringify(text)} (column ${columnLetter(index)})`);
      return;
    }
    const twin = bound.find((b) => b.column === column);
    if (twin) {
      errors.push(
        `columns ${columnLetter(twin.index)} (${JSON.stringify(twin.fileHeader)}) and ${columnLetter(index)} (${JSON.stringify(text)}) both map to ${column.header} (${column.field}); keep one`,
      );
      return;
    }
    bound.push({ column, index, fileHeader: text });
  });

  const headerless = findHeaderlessData(headerRow.cells.length, unlabelled, dataRows, format).map(
    ({ index, rowNumber }) => `column ${columnLetter(index)} (first value in row ${rowNumber})`,
  );

  const missing = IMPORT_COLUMNS.filter((c) => c.requiredColumn && !bound.some((b) => b.column === c));
  if (missing.length > 0) {
    errors.push(`missing required columns: ${missing.map((c) => `${c.header} (${c.field})`).join(', ')}`);
  }
  if (unknown.length > 0) {
    errors.push(
      `unknown columns: ${unknown.join(', ')}; use the headers of the import template (see config/import-template/README.md), nothing is imported from columns the platform does not know`,
    );
  }
  if (headerless.length > 0) {
    errors.push(`data without a header: ${headerless.join(', ')}; give the column a template header or delete its contents`);
  }
  return { bound, errors };
}

/**
 * Data no header claims, in one pass over the rows: columns whose header
 * cell is empty (harmless when the column is empty too, Excel often leaves
 * one), and, in a workbook, anything right of the header. In a CSV the
 * latter is usually one broken row and is reported on that row instead.
 * Returns each unlabelled column with data, then the first cell right of the
 * header (in sheet order), each with the first row that has data there.
 */
function findHeaderlessData(
  width: number,
  unlabelled: readonly number[],
  dataRows: readonly SheetRow[],
  format: ImportFormat,
): { index: number; rowNumber: number }[] {
  const firstUse = new Map<number, number>();
  let beyond: { index: number; rowNumber: number } | undefined;
  for (const row of dataRows) {
    for (const index of unlabelled) {
      if (!firstUse.has(index) && !isBlankCell(row.cells[index])) firstUse.set(index, row.rowNumber);
    }
    if (format === 'xlsx' && !beyond) {
      for (let index = width; index < row.cells.length && !beyond; index++) {
        if (!isBlankCell(row.cells[index])) beyond = { index, rowNumber: row.rowNumber };
      }
    }
  }
  const found = unlabelled.flatMap((index) => {
    const rowNumber = firstUse.get(index);
    return rowNumber === undefined ? [] : [{ index, rowNumber }];
  });
  return beyond ? [...found, beyond] : found;
}
