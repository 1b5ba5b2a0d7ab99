import { csvRecords as records } from '@test/factories';
import { looksLikeFormula, spreadsheetSafe } from './spreadsheet-formula';
import { toCsv } from './write-csv';

describe('CSV the gateway writes', () => {
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
});
