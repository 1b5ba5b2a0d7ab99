import { Workbook } from 'exceljs';
import { spreadsheetSafe, toCsv } from '@app/spreadsheets';
import type { ReportTable } from '../domain/report-table';

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const BOM = '\ufeff';

/** One table as CSV (the one CSV writer, @app/spreadsheets: RFC 4180, formula-safe), with a BOM so Excel reads UTF-8. */
export function reportCsv(table: ReportTable): Buffer {
  const rows = [table.columns.map((c) => c.header), ...table.rows.map((r) => table.columns.map((c) => r[c.key]))];
  return Buffer.from(BOM + toCsv(rows), 'utf8');
}

/**
 * Tables as one workbook, a sheet each, numbers as numbers; text that a
 * spreadsheet would run as a formula is neutralised like the CSV's.
 */
export async function reportXlsx(tables: readonly ReportTable[]): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.creator = 'YRD instrument-sharing gateway';
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((c) => ({ key: c.key, width: Math.min(40, Math.max(12, c.header.length + 2)) }));
    sheet.getRow(1).values = table.columns.map((c) => spreadsheetSafe(c.header));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) sheet.addRow(table.columns.map((c) => spreadsheetSafe(row[c.key] ?? null)));
  }
  return Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}
