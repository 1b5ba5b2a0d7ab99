import { forEachCsvRecord } from './csv-records';
import { spreadsheetSafe } from './spreadsheet-formula';

function csvCell(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(spreadsheetSafe(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The one CSV writer: RFC 4180 quoting, CRLF lines, and every cell a
 * spreadsheet would run as a formula neutralised (spreadsheet-formula.ts).
 */
export function toCsv(rows: Iterable<readonly unknown[]>): string {
  const lines: string[] = [];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return lines.map((l) => `${l}\r\n`).join('');
}

const BOM = '\ufeff';

/**
 * The CSV import template as served: the maintained file, written again
 * through toCsv, with a UTF-8 BOM so Excel opens it as UTF-8.
 */
export function buildTemplateCsv(source: string): Buffer {
  const rows: string[][] = [];
  forEachCsvRecord(source.startsWith(BOM) ? source.slice(1) : source, ',', { maxFields: 1_000, maxRecordChars: 100_000 }, (cells) => {
    rows.push(cells);
    return true;
  });
  return Buffer.from(BOM + toCsv(rows), 'utf8');
}
