import { forEachCsvRecord, toCsv } from '@app/spreadsheets';

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
