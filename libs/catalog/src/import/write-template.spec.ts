import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { looksLikeFormula, spreadsheetSafe } from '@app/spreadsheets';
import { csvRecords as records } from '@test/factories';
import ExcelJS from 'exceljs';
import { buildTemplateCsv } from './write-template-csv';
import { buildTemplateXlsx } from './write-template-xlsx';

describe('the import templates the gateway serves', () => {
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
