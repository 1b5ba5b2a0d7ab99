import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { forEachCsvRecord } from './csv-records';
import { looksLikeFormula, spreadsheetSafe } from './spreadsheet-formula';
import { buildTemplateCsv, toCsv } from './write-csv';
import { buildTemplateXlsx } from './write-template-xlsx';

const records = (text: string) => {
  const rows: string[][] = [];
  forEachCsvRecord(text.replace(/^\ufeff/, ''), ',', { maxFields: 1000, maxRecordChars: 100_000 }, (cells) => (rows.push(cells), true));
  return rows;
};

describe('CSV and XLSX the gateway writes', () => {
  it('neutralises every cell a spreadsheet would run as a formula, and nothing else', () => {
    for (const text of ["=cmd|' /C calc'!A0", '+1+1', '-A1', '@SUM(A1)', '\t=1', '\r=1']) {
      expect(looksLikeFormula(text)).toBe(true);
      expect(spreadsheetSafe(text)).toBe(`'${text}`);
    }
    for (const value of ['-5', '+3.5', '扫描电镜', 'a=b', 12, null]) expect(spreadsheetSafe(value)).toBe(value);
  });

  it('writes CSV cells quoted where needed and escaped where dangerous', () => {
    const csv = toCsv([
      ['name', 'note'],
      ["=cmd|' /C calc'!A0", 'a, "b"'],
      ['-5', '@x'],
    ]);
    expect(records(csv)).toEqual([
      ['name', 'note'],
      ["'=cmd|' /C calc'!A0", 'a, "b"'],
      ['-5', "'@x"],
    ]);
  });

  it('serves the CSV template with the same cells as the maintained file, none of them a formula', () => {
    const source = readFileSync(join(__dirname, '..', '..', '..', '..', 'config', 'import-template', 'instruments-template.csv'), 'utf8');
    const served = buildTemplateCsv(source);
    expect([...served.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const cells = records(served.toString('utf8'));
    expect(cells).toEqual(records(source).map((row) => row.map((c) => String(spreadsheetSafe(c)))));
    expect(cells.flat().some(looksLikeFormula)).toBe(false);
  });

  it('writes no formula-looking text into the XLSX template', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await buildTemplateXlsx()) as never);
    const texts: string[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => void (typeof cell.value === 'string' && texts.push(cell.value)))));
    expect(texts.length).toBeGreaterThan(10);
    expect(texts.some(looksLikeFormula)).toBe(false);
  });
});
