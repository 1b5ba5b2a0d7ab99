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
