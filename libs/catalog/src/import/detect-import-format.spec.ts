import { detectImportFormat, diagnoseImportFormat } from './detect-import-format';

const XLSX = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00]);
const CSV = Buffer.from('仪器编号,仪器名称\r\nA,B\r\n', 'utf8');

describe('detectImportFormat', () => {
  it.each([
    ['xlsx by ZIP magic, whatever the name says', 'instruments.csv', 'text/csv', XLSX, 'xlsx'],
    ['xlsx with no name or type', undefined, undefined, XLSX, 'xlsx'],
    ['csv labelled as Excel by a Windows browser', 'instruments.csv', 'application/vnd.ms-excel', CSV, 'csv'],
    ['csv without a name', undefined, 'application/octet-stream', CSV, 'csv'],
    ['UTF-16 text (contains NUL bytes) with BOM', 'x.txt', 'text/plain', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b', 'utf16le')]), 'csv'],
  ])('%s', (_what, name, type, buffer, expected) => {
    expect(detectImportFormat(name, type, buffer)).toBe(expected);
  });

  it.each([
    ['empty upload', 'a.csv', Buffer.alloc(0), /empty/],
    ['legacy .xls or encrypted workbook', 'a.xls', OLE, /legacy \.xls .*password-protected/],
    ['named .xlsx but not a ZIP', 'a.xlsx', CSV, /named or labelled as an Excel workbook but is not a valid \.xlsx/],
    ['binary content', 'a.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]), /binary content/],
  ])('refuses %s with a reason', (_what, name, buffer, reason) => {
    expect(detectImportFormat(name, undefined, buffer)).toBeNull();
    expect(diagnoseImportFormat(name, undefined, buffer)).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });
});
