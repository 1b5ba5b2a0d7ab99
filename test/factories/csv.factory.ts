import { forEachCsvRecord } from '@app/spreadsheets';

/** The records of a CSV text as a spreadsheet reads them (a leading BOM dropped), to compare what a writer wrote. */
export function csvRecords(text: string): string[][] {
  const rows: string[][] = [];
  forEachCsvRecord(text.replace(/^\ufeff/, ''), ',', { maxFields: 1000, maxRecordChars: 100_000 }, (cells) => (rows.push(cells), true));
  return rows;
}
