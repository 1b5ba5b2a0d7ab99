import { Workbook, type CellValue, type Worksheet } from 'exceljs';
import { findImportColumn } from './import-columns';
import { isBlankCell, type RawSheet, type SheetCell, type SheetRow } from './sheet';

/**
 * Reads the first worksheet of an XLSX workbook into typed cells.
 *
 * Cells keep their type (a real date cell stays a Date, a number stays a
 * number) so nothing is re-parsed from Excel's locale-dependent display text.
 */
export async function readXlsx(buffer: Buffer): Promise<RawSheet> {
  const workbook = new Workbook();
  try {
    // exceljs types want its own Buffer alias; Node's Buffer is what it reads.
    await workbook.xlsx.load(buffer as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (e) {
    return {
      rows: [],
      date1904: false,
      errors: [`the file could not be read as an XLSX workbook (${(e as Error).message}); save it from Excel as .xlsx and try again`],
    };
  }
  const sheets = workbook.worksheets;
  if (sheets.length === 0) return { rows: [], date1904: false, errors: ['the workbook has no worksheets'] };

  const date1904 = Boolean(workbook.properties?.date1904);
  const rows = readRows(sheets[0]);
  const errors: string[] = [];

  // Only the first sheet is imported. A later sheet that also carries
  // instrument headers would otherwise be dropped without a word; notes or
  // instruction sheets (no known headers) are fine to leave alone.
  for (const other of sheets.slice(1)) {
    const header = readRows(other).find((r) => r.cells.some((c) => !isBlankCell(c)));
    if (header?.cells.some((c) => typeof c === 'string' && findImportColumn(c) !== undefined)) {
      errors.push(
        `worksheet "${other.name}" also looks like instrument data, but only the first worksheet ("${sheets[0].name}") is imported; move all instruments to the first worksheet or remove the extra sheet`,
      );
    }
  }
  return { rows, date1904, errors };
}

function readRows(sheet: Worksheet): SheetRow[] {
  const rows: SheetRow[] = [];
  // eachRow skips rows that were never written; row numbers are the sheet's own.
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: SheetCell[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(toSheetCell(row.getCell(c).value));
    rows.push({ rowNumber, cells });
  });
  return rows;
}

function toSheetCell(v: CellValue): SheetCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if ('error' in v) return { error: String(v.error) };
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('formula' in v || 'sharedFormula' in v) {
    const result = (v as { result?: unknown }).result;
    // A formula written by a tool other than Excel may have no cached result;
    // evaluating formulas is out of scope, so say so instead of importing blank.
    if (result === undefined || result === null) return { error: 'formula without a computed value (open and save the file in Excel)' };
    return toSheetCell(result as CellValue);
  }
  if ('hyperlink' in v) {
    const text = (v as { text: unknown }).text;
    if (typeof text === 'string') return text;
    if (text && typeof text === 'object' && 'richText' in text) {
      return (text as { richText: { text: string }[] }).richText.map((r) => r.text).join('');
    }
    return v.hyperlink;
  }
  return { error: 'unsupported cell content' };
}
