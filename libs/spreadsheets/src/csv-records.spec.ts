import { CsvSyntaxError, CsvTooWideError, forEachCsvRecord, type CsvLimits } from './csv-records';

const LIMITS: CsvLimits = { maxFields: 100, maxRecordChars: 1000 };

function records(text: string, limits = LIMITS, delimiter = ','): [number, string[]][] {
  const out: [number, string[]][] = [];
  forEachCsvRecord(text, delimiter, limits, (cells, n) => {
    out.push([n, cells]);
    return true;
  });
  return out;
}

describe('forEachCsvRecord', () => {
  // Each case was checked against csv-parse 7 with the options the importer used.
  it.each<[string, string, string[][]]>([
    [
      'CRLF records, trailing line break',
      'a,b\r\nc,d\r\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'no final line break',
      'a,b\r\nc,d',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'CR-only records',
      'a,b\rc,d\r',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'a bare LF inside a CRLF file stays in the cell',
      'a,b\r\nc\nd,e\r\n',
      [
        ['a', 'b'],
        ['c\nd', 'e'],
      ],
    ],
    ['blank lines are records', '\r\n\r\nx', [[''], [''], ['x']]],
    ['a trailing delimiter is an empty last cell', 'a,\r\n', [['a', '']]],
    [
      'quoted cells with escaped quotes and line breaks',
      'a,"",b\n"x""y","1\n2"',
      [
        ['a', '', 'b'],
        ['x"y', '1\n2'],
      ],
    ],
    ['quoted line breaks do not decide the record delimiter', '"a\nb",c\r\nd\r\n', [['a\nb', 'c'], ['d']]],
  ])('%s', (_what, text, expected) => {
    expect(records(text).map(([, cells]) => cells)).toEqual(expected);
  });

  it('numbers records as spreadsheet rows, a multi-line cell counting once', () => {
    expect(records('h\r\n"1\r\n2"\r\n\r\nx\r\n').map(([n]) => n)).toEqual([1, 2, 3, 4]);
  });

  it.each([
    ['a quote inside an unquoted cell', 'a,b"c,d\r\n', /quote inside the unquoted cell "b\\""/],
    ['text after a closing quote', 'a,"b"c,d\r\n', /"c" right after a closing quote/],
    ['a space before an opening quote', ' "a",b\n', /quote inside the unquoted cell/],
    ['a quote never closed', 'a,"b\r\n', /never closed/],
  ])('refuses %s', (_what, text, message) => {
    expect(() => records(text)).toThrow(CsvSyntaxError);
    expect(() => records(text)).toThrow(message);
  });

  it('stops building a record at maxFields', () => {
    expect(() => records('a' + ','.repeat(1_000_000))).toThrow(new CsvTooWideError(1, 100));
  });

  it('refuses a record longer than maxRecordChars (a stray quote swallowing the lines up to the next one)', () => {
    const text = `a\r\n"${'x,y\r\n'.repeat(500)}"\r\n`;
    expect(() => records(text, { ...LIMITS, maxRecordChars: 1000 })).toThrow(/record 2 is longer than 1000 characters/);
  });

  it('stops when the callback says so', () => {
    const seen: number[] = [];
    forEachCsvRecord('1\n2\n3\n"broken', ',', LIMITS, (_cells, n) => {
      seen.push(n);
      return n < 2;
    });
    expect(seen).toEqual([1, 2]);
  });

  it('reads other delimiters', () => {
    expect(records('a;b\r\n', LIMITS, ';')).toEqual([[1, ['a', 'b']]]);
    expect(records('a\tb,c\r\n', LIMITS, '\t')).toEqual([[1, ['a', 'b,c']]]);
  });
});
