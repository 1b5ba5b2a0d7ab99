import type { InstrumentInputResult, ValidateInstrumentOptions } from '../validation/validate-instrument-input';
import { displayText } from './cell-parsers';
import { columnLetter, findImportColumn, IMPORT_COLUMNS } from './import-columns';
import { mapImportRow, type BoundColumn, type ImportViolation } from './map-import-row';
import { readCsv } from './read-csv';
import { readXlsx } from './read-xlsx';
import { isBlankCell, isBlankRow, type RawSheet, type SheetRow } from './sheet';

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
  /** Data rows accepted per file. Default 5000. */
  maxRows?: number;
}

const DEFAULT_MAX_ROWS = 5000;
/** Marks the template's example rows (see config/import-template). */
const EXAMPLE_ID = /^example[-_.]/i;

/**
 * Parses a bulk-import file (CSV or XLSX, the layout of IMPORT_COLUMNS) and
 * validates each row with validateInstrumentInput. Never throws for bad
 * input: unreadable files and wrong layouts come back as fileErrors.
 */
export async function parseImportFile(
  buffer: Buffer,
  format: ImportFormat,
  opts: ParseImportOptions = {},
): Promise<ParseImportResult> {
  const sheet: RawSheet = format === 'xlsx' ? await readXlsx(buffer) : readCsv(buffer);
  return parseSheet(sheet, format, opts);
}

function parseSheet(sheet: RawSheet, format: ImportFormat, opts: ParseImportOptions): ParseImportResult {
  const fileErrors = [...sheet.errors];
  const empty = (): ParseImportResult => ({ rows: [], fileErrors, skippedBlankRows: 0 });
  if (sheet.rows.length === 0 && fileErrors.length > 0) return empty();

  const headerIndex = sheet.rows.findIndex((r) => !isBlankRow(r));
  if (headerIndex < 0) {
    fileErrors.push('the file is empty: expected a header row (仪器编号, 仪器名称, …) followed by one row per instrument');
    return empty();
  }
  const headerRow = sheet.rows[headerIndex];
  // Trailing blank rows are formatting residue (Excel keeps styled empty rows);
  // blank rows between data rows are counted so none vanish unnoticed.
  let last = sheet.rows.length - 1;
  while (last > headerIndex && isBlankRow(sheet.rows[last])) last--;
  const dataRows = sheet.rows.slice(headerIndex + 1, last + 1);

  const { bound, errors: headerErrors } = bindHeader(headerRow, dataRows, format);
  fileErrors.push(...headerErrors);
  if (headerErrors.length > 0) return empty();

  const nonBlank = dataRows.filter((r) => !isBlankRow(r));
  const skippedBlankRows = dataRows.length - nonBlank.length;
  if (nonBlank.length === 0) {
    fileErrors.push('the file has a header row but no instrument rows');
    return { rows: [], fileErrors, skippedBlankRows };
  }
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  if (nonBlank.length > maxRows) {
    fileErrors.push(`the file has ${nonBlank.length} instrument rows; at most ${maxRows} are accepted per file, split it into several files`);
    return { rows: [], fileErrors, skippedBlankRows };
  }

  const cellCtx = { date1904: sheet.date1904 };
  const headerWidth = headerRow.cells.length;
  const firstRowById = new Map<string, number>();
  const idColumn = bound.find((b) => b.column.field === 'localId')!;
  const rows: ImportRow[] = nonBlank.map((row) => {
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

function bindHeader(
  headerRow: SheetRow,
  dataRows: readonly SheetRow[],
  format: ImportFormat,
): { bound: BoundColumn[]; errors: string[] } {
  const errors: string[] = [];
  const bound: BoundColumn[] = [];
  const unknown: string[] = [];
  const headerless: string[] = [];

  headerRow.cells.forEach((cell, index) => {
    const text = displayText(cell).trim();
    if (text === '') {
      // An unlabelled column is harmless when empty (Excel often leaves one);
      // with data in it, that data would have nowhere to go.
      const used = dataRows.find((r) => !isBlankCell(r.cells[index]));
      if (used) headerless.push(`column ${columnLetter(index)} (first value in row ${used.rowNumber})`);
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

  // In a workbook, data right of the header has no owner. In a CSV the same
  // thing is usually one broken row, reported on that row instead.
  if (format === 'xlsx') {
    const width = headerRow.cells.length;
    const used = dataRows.find((r) => r.cells.slice(width).some((c) => !isBlankCell(c)));
    if (used) {
      const at = width + used.cells.slice(width).findIndex((c) => !isBlankCell(c));
      headerless.push(`column ${columnLetter(at)} (first value in row ${used.rowNumber})`);
    }
  }

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
