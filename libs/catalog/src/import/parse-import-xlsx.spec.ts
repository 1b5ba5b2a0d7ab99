import { buildZip, inlineRow, xlsxWithSheetData } from '@test/factories';
import { Workbook, type CellValue } from 'exceljs';
import { IMPORT_COLUMNS } from './import-columns';
import { parseImportFile } from './parse-import-file';
import { HEADERS, OPTS, problems, sampleRow } from './testing/import-fixtures';
import { buildTemplateXlsx } from './write-template-xlsx';

type Cells = Record<string, CellValue>;

/** An XLSX buffer with `headers` in row 1 and each entry of `rows` at its own row number. */
async function xlsx(rows: Record<number, Cells>, opts: { headers?: string[]; date1904?: boolean; extraSheets?: [string, string[][]][] } = {}) {
  const wb = new Workbook();
  if (opts.date1904) wb.properties.date1904 = true;
  const ws = wb.addWorksheet('仪器');
  const headers = opts.headers ?? HEADERS;
  headers.forEach((h, i) => (ws.getCell(1, i + 1).value = h));
  for (const [rowNumber, cells] of Object.entries(rows)) {
    for (const [header, value] of Object.entries(cells)) {
      const col = headers.indexOf(header);
      if (col < 0) throw new Error(`no header ${header}`);
      ws.getCell(Number(rowNumber), col + 1).value = value;
    }
  }
  for (const [name, data] of opts.extraSheets ?? []) {
    const extra = wb.addWorksheet(name);
    data.forEach((r) => extra.addRow(r));
  }
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** sampleRow() as typed cells, the way a unit's workbook holds them. */
function typedRow(overrides: Cells = {}): Cells {
  const cells: Cells = { ...sampleRow() };
  for (const [k, v] of Object.entries(cells)) if (v === '') delete cells[k];
  return {
    ...cells,
    '原值(元)': 3250000,
    纬度: 30.7469,
    经度: 120.7553,
    验收日期: new Date(Date.UTC(2023, 10, 20)),
    入网日期: new Date(Date.UTC(2023, 11, 8)),
    '对内单价(元)': 300,
    '对外单价(元)': 450,
    '开机费(元)': 100,
    海关放行日期: new Date(Date.UTC(2023, 8, 1)),
    需管理员审批: true,
    ...overrides,
  };
}

const parse = (buffer: Buffer) => parseImportFile(buffer, 'xlsx', OPTS);

describe('parseImportFile (XLSX)', () => {
  it('round-trips typed cells: dates, numbers, booleans, rich text, formulas, hyperlinks', async () => {
    const buffer = await xlsx({
      2: typedRow({
        仪器名称: { richText: [{ text: '场发射' }, { text: '扫描电子显微镜', font: { bold: true } }] },
        '原值(元)': { formula: '3000000+250000', result: 3250000 },
        '对外单价(元)': { formula: '0.1+0.2', result: 0.1 + 0.2 },
        生产厂商: { text: '卡尔蔡司', hyperlink: 'https://www.zeiss.com.cn' },
        监管年限: 5,
      }),
    });
    const r = await parse(buffer);
    expect(r.fileErrors).toEqual([]);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0].rowNumber).toBe(2);
    expect(r.rows[0].raw).toEqual(expect.objectContaining({ 验收日期: '2023-11-20', '原值(元)': '3250000', 需管理员审批: 'TRUE' }));
    expect(r.rows[0].result).toEqual({
      ok: true,
      value: expect.objectContaining({
        name: '场发射扫描电子显微镜',
        manufacturer: '卡尔蔡司',
        valueCny: 3250000,
        location: { lat: 30.7469, lon: 120.7553 },
        acceptanceDate: '2023-11-20',
        provincialJoinDate: '2023-12-08',
        fee: { unit: 'hour', internalPriceCny: 300, externalPriceCny: 0.3, setupFeeCny: 100 },
        dutyFreeImport: { declarationNo: '310120231000123456', releaseDate: '2023-09-01', supervisionYears: 5 },
        requiresOwnerApproval: true,
      }),
    });
  });

  it('reads numeric date serials, in both the 1900 and the 1904 date systems', async () => {
    const r1900 = await parse(await xlsx({ 2: typedRow({ 验收日期: 45356, 入网日期: 45356.75 }) }));
    expect(r1900.rows[0].result).toEqual({ ok: true, value: expect.objectContaining({ acceptanceDate: '2024-03-05', provincialJoinDate: '2024-03-05' }) });
    const r1904 = await parse(await xlsx({ 2: typedRow({ 验收日期: 45356 - 1462, 入网日期: '' }) }, { date1904: true }));
    expect(r1904.rows[0].result).toEqual({ ok: true, value: expect.objectContaining({ acceptanceDate: '2024-03-05' }) });
  });

  it('accepts text dates in text cells', async () => {
    const r = await parse(await xlsx({ 2: typedRow({ 验收日期: '2024年3月5日', 入网日期: '2024/3/6' }) }));
    expect(r.rows[0].result).toEqual({ ok: true, value: expect.objectContaining({ acceptanceDate: '2024-03-05', provincialJoinDate: '2024-03-06' }) });
  });

  it('restores numeric category codes and numeric ids', async () => {
    const r = await parse(await xlsx({ 2: typedRow({ 分类编码: 101, 仪器编号: 20190001 }) }));
    expect(r.rows[0].result).toEqual({ ok: true, value: expect.objectContaining({ categoryCode: '0101', localId: '20190001' }) });
  });

  it('reports cells Excel has already damaged or that hold errors, with the sheet row number', async () => {
    const r = await parse(
      await xlsx({
        2: typedRow({ 仪器编号: 'A' }),
        4: typedRow({ 仪器编号: 'B', 免税进口报关单号: 310120231000123456 }),
        5: typedRow({ 仪器编号: 'C', '原值(元)': { formula: 'VLOOKUP(A5,价目!A:B,2,0)', result: { error: '#N/A' } } }),
        6: typedRow({ 仪器编号: 'D', '原值(元)': { formula: 'SUM(X1:X9)' } as CellValue }),
        7: typedRow({ 仪器编号: 'E', 验收日期: 99999999 }),
        8: typedRow({ 仪器编号: 'F', 需管理员审批: new Date(Date.UTC(2024, 0, 1)) }),
      }),
    );
    expect(r.fileErrors).toEqual([]);
    expect(r.skippedBlankRows).toBe(0); // row 3 was never written: exceljs has no such row
    expect(problems(r.rows)).toEqual([
      [4, 'dutyFreeImport.declarationNo', expect.stringMatching(/^免税进口报关单号: Excel stored this value as a number and may have dropped digits/)],
      [5, 'valueCny', expect.stringMatching(/^原值\(元\): the cell holds the spreadsheet error #N\/A/)],
      [6, 'valueCny', expect.stringMatching(/formula without a computed value/)],
      [7, 'acceptanceDate', expect.stringMatching(/^验收日期: expected a date such as .*got the number 99999999/)],
      [8, 'requiresOwnerApproval', expect.stringMatching(/^需管理员审批: expected 是 or 否/)],
    ]);
  });

  it('counts blank rows between data rows (cells written but empty)', async () => {
    const r = await parse(
      await xlsx(
        { 2: typedRow({ 仪器编号: 'A' }), 3: { 仪器名称: '  ' }, 4: typedRow({ 仪器编号: 'B' }), 9: { 备注: null } as Cells },
        { headers: [...HEADERS, '备注'] },
      ),
    );
    // '备注' is unknown → file error; the layout check comes first.
    expect(r.fileErrors).toEqual([expect.stringMatching(/unknown columns: "备注"/)]);
    const ok = await parse(await xlsx({ 2: typedRow({ 仪器编号: 'A' }), 3: { 仪器名称: '  ' }, 4: typedRow({ 仪器编号: 'B' }), 7: { 仪器名称: '' } }));
    expect(ok.fileErrors).toEqual([]);
    expect(ok.rows.map((x) => x.rowNumber)).toEqual([2, 4]);
    expect(ok.skippedBlankRows).toBe(1);
  });

  it('reports duplicate ids across rows', async () => {
    const r = await parse(await xlsx({ 2: typedRow({ 仪器编号: 'A' }), 3: typedRow({ 仪器编号: 'A' }) }));
    expect(problems(r.rows)).toEqual([[3, 'localId', '仪器编号: "A" duplicates row 2; each instrument may appear once per file']]);
  });

  it('refuses data to the right of the header and wrong headers', async () => {
    const wide = await xlsx({ 2: typedRow(), 3: typedRow({ 仪器编号: 'B' }) }, { headers: [...HEADERS, 'x'] });
    expect((await parse(wide)).fileErrors).toEqual([expect.stringMatching(/unknown columns: "x" \(column AJ\)/)]);

    const wb = new Workbook();
    const ws = wb.addWorksheet('仪器');
    ws.addRow(HEADERS);
    ws.addRow(HEADERS.map((h) => sampleRow()[h]));
    ws.getCell(2, HEADERS.length + 2).value = 'stray';
    const r = await parse(Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    expect(r.fileErrors).toEqual([expect.stringMatching(/data without a header: column AK \(first value in row 2\)/)]);

    const missing = await xlsx({ 2: { 仪器编号: 'A' } }, { headers: ['仪器编号', '仪器名称'] });
    expect((await parse(missing)).fileErrors).toEqual([
      'missing required columns: 分类编码 (categoryCode), 原值(元) (valueCny), 资金来源 (fundingSource), 管理单位编号 (unitId), 所在城市 (city), 涉密状态 (confidentiality.status)',
    ]);
  });

  it('imports the first worksheet only, and says so when another sheet holds instruments', async () => {
    const notes = await xlsx({ 2: typedRow() }, { extraSheets: [['填写说明', [['请按模板填写'], ['日期格式 2024-03-05']]]] });
    expect((await parse(notes)).fileErrors).toEqual([]);
    const second = await xlsx({ 2: typedRow() }, { extraSheets: [['第二批', [HEADERS, HEADERS.map((h) => sampleRow()[h])]]] });
    const r = await parse(second);
    expect(r.fileErrors).toEqual([
      expect.stringMatching(/worksheet "第二批" also looks like instrument data, but only the first worksheet \("仪器"\) is imported/),
    ]);
  });

  it('keeps the type of cached formula results: booleans, dates, errors', async () => {
    const r = await parse(
      await xlsx({
        2: typedRow({
          需管理员审批: { formula: 'AND(TRUE(),TRUE())', result: true },
          验收日期: { formula: 'DATE(2023,11,20)', result: new Date(Date.UTC(2023, 10, 20)) },
          入网日期: '',
        }),
        3: typedRow({ 仪器编号: 'B', 纬度: { formula: '1/0', result: { error: '#DIV/0!' } } }),
      }),
    );
    expect(r.rows[0].result).toEqual({ ok: true, value: expect.objectContaining({ requiresOwnerApproval: true, acceptanceDate: '2023-11-20' }) });
    expect(problems(r.rows)).toEqual([[3, 'location.lat', expect.stringMatching(/spreadsheet error #DIV\/0!/)]]);
  });

  it('gives every cell of a merged range its value, as Excel shows it', async () => {
    const wb = new Workbook();
    const ws = wb.addWorksheet('仪器');
    ws.addRow(HEADERS);
    for (const id of ['A', 'B', 'C']) ws.addRow(HEADERS.map((h) => (h === '所在城市' || h === '安放地址' ? null : sampleRow({ 仪器编号: id })[h])));
    const col = (h: string) => HEADERS.indexOf(h) + 1;
    ws.getCell(2, col('所在城市')).value = '嘉兴市';
    ws.mergeCells(2, col('所在城市'), 4, col('所在城市'));
    ws.getCell(3, col('安放地址')).value = '嘉杭路118号';
    ws.mergeCells(3, col('安放地址'), 4, col('安放地址'));
    const r = await parse(Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    expect(r.fileErrors).toEqual([]);
    expect(r.rows.map((x) => [x.raw['所在城市'], x.raw['安放地址']])).toEqual([
      ['嘉兴市', ''],
      ['嘉兴市', '嘉杭路118号'],
      ['嘉兴市', '嘉杭路118号'],
    ]);
  });

  it('decodes the _xHHHH_ escapes of shared and inline strings, so control characters reach validation', async () => {
    const shared = await parse(await xlsx({ 2: typedRow({ 仪器编号: 'NUL_x0000_ID' }) }));
    expect(shared.rows[0].raw['仪器编号']).toBe('NUL\u0000ID');
    expect(problems(shared.rows)).toEqual([[2, 'localId', expect.any(String)]]);

    const inline = await parse(
      xlsxWithSheetData(
        inlineRow(1, HEADERS) +
          inlineRow(
            2,
            HEADERS.map((h) => (h === '仪器名称' ? 'A_x0009_B' : sampleRow()[h])),
          ),
      ),
    );
    expect(inline.rows[0].raw['仪器名称']).toBe('A\tB');
  });

  it('reads workbooks other tools write: tab order over part names, prefixed elements, inline rich text, phonetic guides', async () => {
    const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    // No `r` attributes: rows and cells follow one another, as the format allows.
    const row = (cells: string[]) => `<x:row>${cells.join('')}</x:row>`;
    const inline = (...runs: string[]) => `<x:c t="inlineStr"><x:is>${runs.map((t) => `<x:r><x:t>${t}</x:t></x:r>`).join('')}</x:is></x:c>`;
    const required = ['仪器编号', '仪器名称', '分类编码', '原值(元)', '资金来源', '管理单位编号', '所在城市', '涉密状态'];
    const sheet = `<x:worksheet xmlns:x="${NS}"><x:sheetData>${row(required.map((h) => inline(h)))}${row([
      inline('X1'),
      inline('场发射', '扫描电子显微镜'),
      inline('0101'),
      '<x:c><x:v>3250000</x:v></x:c>',
      inline('财政资金'),
      inline('jx-u001'),
      '<x:c t="s"><x:v>0</x:v></x:c>',
      inline('无'),
    ])}</x:sheetData></x:worksheet>`;
    const buffer = buildZip([
      {
        name: 'xl/workbook.xml',
        data: `<workbook xmlns="${NS}" xmlns:rel="${REL}"><sheets><sheet name="仪器" sheetId="2" rel:id="rId2"/><sheet name="说明" sheetId="1" rel:id="rId1"/></sheets></workbook>`,
      },
      {
        name: 'xl/_rels/workbook.xml.rels',
        data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="${REL}/sharedStrings" Target="strings.xml"/></Relationships>`,
      },
      { name: 'xl/strings.xml', data: `<sst xmlns="${NS}"><si><t>嘉兴市</t><rPh sb="0" eb="3"><t>jiā xīng shì</t></rPh></si></sst>` },
      { name: 'xl/worksheets/sheet1.xml', data: `<worksheet xmlns="${NS}"><sheetData>${inlineRow(1, ['请按模板填写'])}</sheetData></worksheet>` },
      { name: 'xl/worksheets/sheet2.xml', data: sheet },
    ]);
    const r = await parse(buffer);
    expect(r.fileErrors).toEqual([]);
    expect(r.rows.map((x) => x.rowNumber)).toEqual([2]);
    expect(r.rows[0].result).toEqual({
      ok: true,
      value: expect.objectContaining({ localId: 'X1', name: '场发射扫描电子显微镜', valueCny: 3250000, city: '嘉兴市' }),
    });
  });

  describe('hostile files', () => {
    const MB = 1024 * 1024;
    const blankRows = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => `<row r="${from + i}"><c r="A${from + i}" t="inlineStr"><is><t> </t></is></c></row>`).join('');

    it('stops reading at the row limit and says "more than"', async () => {
      const rows = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [i + 2, typedRow({ 仪器编号: `X${i}` })]));
      expect((await parseImportFile(await xlsx(rows), 'xlsx', { ...OPTS, maxRows: 5 })).fileErrors).toEqual([
        'the file has more than 5 instrument rows; at most 5 are accepted per file, split it into several files',
      ]);
      // One row over the limit is still counted exactly.
      const six = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [i + 2, typedRow({ 仪器编号: `X${i}` })]));
      expect((await parseImportFile(await xlsx(six), 'xlsx', { ...OPTS, maxRows: 5 })).fileErrors).toEqual([
        'the file has 6 instrument rows; at most 5 are accepted per file, split it into several files',
      ]);
    });

    it('never reads the sheet past the row limit', async () => {
      const rows = [HEADERS, ...[1, 2, 3, 4].map((i) => HEADERS.map((h) => sampleRow({ 仪器编号: `X${i}` })[h]))];
      // Broken XML after the rows: a reader that went on would fail on it.
      const sheet = rows.map((cells, i) => inlineRow(i + 1, cells)).join('') + '<row r="9"><c r="A9"><v>1</v></c></row><broken';
      const r = await parseImportFile(xlsxWithSheetData(sheet), 'xlsx', { ...OPTS, maxRows: 2 });
      expect(r.fileErrors).toEqual(['the file has more than 2 instrument rows; at most 2 are accepted per file, split it into several files']);
    });

    it('refuses a zip bomb from the ZIP directory, without unpacking it', async () => {
      // 40 MB of one repeated row packs into about 40 KB; parsed, it would be 700,000 instrument rows.
      const sheet = Buffer.alloc(40 * MB, '<row><c t="inlineStr"><is><t>x</t></is></c></row>');
      const bomb = xlsxWithSheetData(sheet);
      expect(bomb.length).toBeLessThan(200_000);
      const r = await parse(bomb);
      expect(r.rows).toEqual([]);
      expect(r.fileErrors).toEqual([
        expect.stringMatching(/^part xl\/worksheets\/sheet1\.xml is compressed \d+:1, which no spreadsheet reaches; the file is not accepted$/),
      ]);
    });

    it('stops unpacking a part that is larger than the ZIP directory declares', async () => {
      // Blank rows do not count against the row limit, so only the size check can stop this one.
      const sheet = `<worksheet><sheetData>${inlineRow(1, HEADERS)}${blankRows(2, 20_000)}</sheetData></worksheet>`;
      const r = await parse(xlsxWithSheetData(sheet, { declaredSize: 100_000 }));
      expect(r.fileErrors).toEqual([
        expect.stringMatching(
          /could not be read as an XLSX workbook \(part xl\/worksheets\/sheet1\.xml unpacks to more than the 100000 bytes the ZIP directory declares\)/,
        ),
      ]);
    });

    it('refuses a value beyond column 200', async () => {
      const wb = new Workbook();
      const ws = wb.addWorksheet('仪器');
      ws.addRow(HEADERS);
      ws.addRow(HEADERS.map((h) => sampleRow()[h]));
      ws.getCell(2, 202).value = 'stray';
      const r = await parse(Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
      expect(r.fileErrors).toEqual([
        'too many columns: row 2 has a value in column GT; an import file has at most 200 columns, delete the columns right of the data',
      ]);
    });
  });

  it('turns an unreadable workbook into a file error', async () => {
    const r = await parse(Buffer.from('PK\u0003\u0004 not really a zip'));
    expect(r.rows).toEqual([]);
    expect(r.fileErrors).toEqual([expect.stringMatching(/could not be read as an XLSX workbook/)]);
  });
});

describe('buildTemplateXlsx', () => {
  it('has the layout header with a note per column, text/date formats and one example row the import refuses', async () => {
    const buffer = await buildTemplateXlsx();
    const wb = new Workbook();
    await wb.xlsx.load(buffer as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const ws = wb.worksheets[0];
    IMPORT_COLUMNS.forEach((c, i) => {
      const cell = ws.getCell(1, i + 1);
      expect(cell.value).toBe(c.header);
      const note = typeof cell.note === 'string' ? cell.note : (cell.note?.texts ?? []).map((t) => t.text).join('');
      expect(note).toContain(c.field);
      expect(note).toContain(c.requiredValue ? '必填' : c.requiredColumn ? '列必须保留' : '选填');
    });
    const col = (field: string) => IMPORT_COLUMNS.findIndex((c) => c.field === field) + 1;
    expect(ws.getCell(2, col('categoryCode')).numFmt).toBe('@');
    expect(ws.getCell(2, col('dutyFreeImport.declarationNo')).numFmt).toBe('@');
    expect(ws.getCell(2, col('acceptanceDate')).value).toBeInstanceOf(Date);

    const r = await parse(buffer);
    expect(r.fileErrors).toEqual([]);
    expect(problems(r.rows)).toEqual([[2, 'localId', expect.stringMatching(/example row from the template/)]]);
  });

  it('parses to a valid instrument once the example id is replaced', async () => {
    const wb = new Workbook();
    await wb.xlsx.load((await buildTemplateXlsx()) as unknown as Parameters<typeof wb.xlsx.load>[0]);
    wb.worksheets[0].getCell(2, 1).value = 'JXU-SEM-0001';
    const r = await parse(Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    expect(r.rows[0].result).toEqual({
      ok: true,
      value: expect.objectContaining({ localId: 'JXU-SEM-0001', categoryCode: '0101', serviceModes: ['operator_assisted', 'sample_submission'] }),
    });
  });
});
