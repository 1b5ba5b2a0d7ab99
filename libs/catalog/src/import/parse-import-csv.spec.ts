import { IMPORT_COLUMNS } from './import-columns';
import { parseImportFile } from './parse-import-file';
import { csvBuffer, csvText, encodeGbk, encodeLegacy, HEADERS, OPTS, problems, sampleRow } from './testing/import-fixtures';

const parseCsv = (buffer: Buffer, opts = OPTS) => parseImportFile(buffer, 'csv', opts);

describe('parseImportFile (CSV)', () => {
  it('parses a valid file into API bodies, with sheet row numbers and raw cells', async () => {
    const second = sampleRow({
      仪器编号: 'JXU-NMR-0002',
      仪器名称: '核磁共振波谱仪',
      分类编码: '0106',
      '原值(元)': '5,800,000.50',
      资金来源: 'fiscal',
      服务方式: '',
      收费单位: '',
      '对内单价(元)': '',
      '对外单价(元)': '',
      '开机费(元)': '',
      涉密状态: '',
      免税进口报关单号: '',
      海关放行日期: '',
      纬度: '',
      经度: '',
      需管理员审批: '',
    });
    const result = await parseCsv(csvBuffer([sampleRow(), second]));
    expect(result.fileErrors).toEqual([]);
    expect(result.skippedBlankRows).toBe(0);
    expect(result.rows.map((r) => r.rowNumber)).toEqual([2, 3]);
    expect(result.rows[0].raw['仪器编号']).toBe('JXU-SEM-0001');
    expect(result.rows[0].result).toEqual({
      ok: true,
      value: {
        localId: 'JXU-SEM-0001',
        name: '场发射扫描电子显微镜',
        nameEn: 'Field emission SEM',
        model: 'Sigma 300',
        manufacturer: '卡尔蔡司',
        countryOfOrigin: '德国',
        description: '分辨率 1.2 nm',
        categoryCode: '0101',
        valueCny: 3250000,
        fundingSource: 'fiscal',
        unitId: 'jx-u001',
        city: '嘉兴市',
        address: '嘉杭路118号',
        location: { lat: 30.7469, lon: 120.7553 },
        acceptanceDate: '2023-11-20',
        provincialJoinDate: '2023-12-08',
        iotSensorId: 'IOT-1',
        serviceModes: ['operator_assisted', 'sample_submission'],
        fee: { unit: 'hour', internalPriceCny: 300, externalPriceCny: 450, setupFeeCny: 100 },
        confidentiality: { status: 'none' },
        dutyFreeImport: { declarationNo: '310120231000123456', releaseDate: '2023-09-01', supervisionYears: 3 },
        requiresOwnerApproval: true,
      },
    });
    // Empty groups stay absent (no fee yet is legal, Art. 13); empty status means none.
    expect(result.rows[1].result).toEqual({
      ok: true,
      value: expect.objectContaining({ valueCny: 5800000.5, serviceModes: [], confidentiality: { status: 'none' } }),
    });
    const second_ = result.rows[1].result;
    expect(second_.ok && ['fee', 'location', 'dutyFreeImport', 'requiresOwnerApproval'].filter((k) => k in second_.value)).toEqual([]);
  });

  it('accepts a file with only the required columns, in any order, with English or full-width headers', async () => {
    const headers = ['unitId', ' 仪器名称 ', '*仪器编号', '分类编码', '原值（元）', 'FundingSource', '所在城市', '涉密状态'];
    const row = {
      unitId: 'jx-u001',
      ' 仪器名称 ': 'A',
      '*仪器编号': 'X1',
      分类编码: '01',
      '原值（元）': '1',
      FundingSource: '其他',
      所在城市: '嘉兴市',
      涉密状态: '',
    };
    const result = await parseCsv(csvBuffer([row], headers));
    expect(result.fileErrors).toEqual([]);
    expect(result.rows[0].result).toEqual({
      ok: true,
      value: {
        localId: 'X1',
        name: 'A',
        categoryCode: '01',
        valueCny: 1,
        fundingSource: 'other',
        unitId: 'jx-u001',
        city: '嘉兴市',
        serviceModes: [],
        confidentiality: { status: 'none' },
      },
    });
    // raw is keyed by the canonical header whatever the file called the column.
    expect(Object.keys(result.rows[0].raw).sort()).toEqual(
      ['仪器名称', '仪器编号', '分类编码', '原值(元)', '资金来源', '所在城市', '涉密状态', '管理单位编号'].sort(),
    );
  });

  describe('formula-looking cells (CSV injection)', () => {
    it('refuses text cells a spreadsheet would run, row by row, and keeps signed numbers', async () => {
      const rows = [
        sampleRow({ 仪器编号: 'F-1', 仪器名称: "=cmd|' /C calc'!A0" }),
        sampleRow({ 仪器编号: 'F-2', 规格型号: '@SUM(A1:A9)' }),
        sampleRow({ 仪器编号: 'F-3', 主要功能及技术指标: '+1+cmd' }),
        sampleRow({ 仪器编号: 'F-4', 生产厂商: '\t=1+1' }),
        sampleRow({ 仪器编号: '-A1' }),
        // A signed number is no formula, in a number column or a text one.
        sampleRow({ 仪器编号: 'F-6', 经度: '-120.7553', 规格型号: '-5' }),
        sampleRow({ 仪器编号: 'F-7' }),
      ];
      const r = await parseCsv(csvBuffer(rows));
      expect(r.fileErrors).toEqual([]);
      const formula = problems(r.rows).filter(([, , message]) => /run as a formula/.test(message));
      expect(formula.map(([row, field]) => [row, field])).toEqual([
        [2, 'name'],
        [3, 'model'],
        [4, 'description'],
        [5, 'manufacturer'],
        [6, 'localId'],
      ]);
      expect(formula[0][2]).toBe('仪器名称: starts with "=", which spreadsheet programs run as a formula; remove the leading character');
      expect(formula[3][2]).toMatch(/^生产厂商: starts with a tab/);
      expect(r.rows[5].result.ok || problems([r.rows[5]]).every(([, field]) => field !== 'model')).toBe(true);
      expect(r.rows[6].result.ok).toBe(true);
    });
  });

  describe('encodings', () => {
    const text = csvText([sampleRow({ 仪器名称: '透射电子显微镜（球差校正）', 安放地址: '嘉兴市南湖区·科技城' })]);
    const expectName = async (buffer: Buffer) => {
      const r = await parseCsv(buffer);
      expect(r.fileErrors).toEqual([]);
      expect(r.rows[0].result.ok && r.rows[0].result.value.name).toBe('透射电子显微镜（球差校正）');
    };
    it('reads UTF-8 without BOM', () => expectName(Buffer.from(text, 'utf8')));
    it('reads UTF-8 with BOM (Excel "CSV UTF-8")', () => expectName(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])));
    it('reads GBK/GB18030 (Excel "CSV" on Chinese Windows)', () => expectName(encodeGbk(text)));
    it('reads UTF-16LE tab-separated (Excel "Unicode text")', () =>
      expectName(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(/,/g, '\t'), 'utf16le')])));
    it('reads semicolon-separated files', () => expectName(Buffer.from(text.replace(/,/g, ';'), 'utf8')));
    it('refuses binary garbage with a file error', async () => {
      const r = await parseCsv(Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00]));
      expect(r.rows).toEqual([]);
      expect(r.fileErrors).toEqual([expect.stringMatching(/binary data|neither UTF-8 nor GB18030/)]);
    });
    // Each decodes as GB18030 without a single error, into mojibake (電子顯微鏡 → 筿陪稬描).
    const ACCEPTED = /UTF-8 \(with or without BOM\), UTF-16 with BOM, or GB18030\/GBK/;
    it.each([
      ['Big5', encodeLegacy('儀器編號,儀器名稱,管理單位編號\nSEM-1,場發射掃描電子顯微鏡,jx-u001\n', 'big5'), /Big5/],
      ['Big5, one cell', encodeLegacy('localId,name\nSEM-1,電子顯微鏡\n', 'big5'), /Big5/],
      ['Shift-JIS', encodeLegacy('機器番号,機器名称,管理部署\nSEM-1,電界放出形走査電子顕微鏡,東京大学\n', 'shift_jis'), /Shift-JIS/],
      ['EUC-KR', encodeLegacy('장비번호,장비명,관리기관\nSEM-1,전계방출형 주사전자현미경,서울대학교\n', 'euc-kr'), /EUC-KR/],
    ])('refuses a %s file instead of storing it as mojibake, naming the encodings accepted', async (_name, bytes, named) => {
      expect(new TextDecoder('gb18030', { fatal: true }).decode(bytes)).toBeTruthy();
      const r = await parseCsv(bytes);
      expect(r.rows).toEqual([]);
      expect(r.fileErrors).toEqual([expect.stringMatching(ACCEPTED)]);
      expect(r.fileErrors[0]).toMatch(named);
    });
    it('refuses UTF-32, naming the encodings accepted', async () => {
      const utf32 = Buffer.from([0xff, 0xfe, 0, 0, ...[...'localId\n'].flatMap((c) => [c.charCodeAt(0), 0, 0, 0])]);
      expect((await parseCsv(utf32)).fileErrors).toEqual([expect.stringMatching(ACCEPTED)]);
    });
    it('refuses bytes that are neither UTF-8 nor GB18030', async () => {
      const r = await parseCsv(Buffer.from([0x41, 0x2c, 0xff, 0xff, 0xff, 0x0a]));
      expect(r.fileErrors).toEqual([expect.stringMatching(/neither UTF-8 nor GB18030/)]);
    });
  });

  describe('file-level errors', () => {
    it('lists every missing required column', async () => {
      const headers = HEADERS.filter((h) => !['仪器编号', '原值(元)', '涉密状态'].includes(h));
      const r = await parseCsv(csvBuffer([sampleRow()], headers));
      expect(r.rows).toEqual([]);
      expect(r.fileErrors).toEqual(['missing required columns: 仪器编号 (localId), 原值(元) (valueCny), 涉密状态 (confidentiality.status)']);
    });

    it('refuses unknown columns instead of ignoring them, with their column letters', async () => {
      const headers = [...HEADERS.slice(0, 8), '原值(万元)', ...HEADERS.slice(9), '备注'];
      const r = await parseCsv(csvBuffer([sampleRow()], headers));
      expect(r.rows).toEqual([]);
      expect(r.fileErrors).toEqual([
        'missing required columns: 原值(元) (valueCny)',
        expect.stringMatching(/^unknown columns: "原值\(万元\)" \(column I\), "备注" \(column AJ\); use the headers of the import template/),
      ]);
    });

    it('refuses a column given twice', async () => {
      const headers = [...HEADERS, 'localId'];
      const r = await parseCsv(csvBuffer([sampleRow()], headers));
      expect(r.fileErrors).toEqual([expect.stringMatching(/columns A \("仪器编号"\) and AJ \("localId"\) both map to 仪器编号 \(localId\)/)]);
    });

    it('refuses data under an empty header, but tolerates an empty unlabelled column', async () => {
      const headers = [...HEADERS, ''];
      const ok = await parseCsv(csvBuffer([sampleRow()], headers));
      expect(ok.fileErrors).toEqual([]);
      const bad = await parseCsv(csvBuffer([sampleRow(), sampleRow({ 仪器编号: 'B', '': 'stray' })], headers));
      expect(bad.fileErrors).toEqual([expect.stringMatching(/data without a header: column AJ \(first value in row 3\)/)]);
    });

    it('reports an empty file, a header-only file and a file over the row limit', async () => {
      expect((await parseCsv(Buffer.from('\r\n\r\n'))).fileErrors).toEqual([expect.stringMatching(/the file is empty/)]);
      expect((await parseCsv(csvBuffer([]))).fileErrors).toEqual(['the file has a header row but no instrument rows']);
      const rows = [1, 2, 3].map((i) => sampleRow({ 仪器编号: `X${i}` }));
      expect((await parseCsv(csvBuffer(rows), { ...OPTS, maxRows: 2 })).fileErrors).toEqual([
        'the file has 3 instrument rows; at most 2 are accepted per file, split it into several files',
      ]);
    });

    it('stops reading at the row limit: says "more than", never reaches what follows', async () => {
      const rows = [1, 2, 3, 4].map((i) => sampleRow({ 仪器编号: `X${i}` }));
      // A broken quote after the limit: a reader that went on would report it instead.
      const text = csvText(rows) + '"unterminated,x\r\n';
      expect((await parseCsv(Buffer.from(text, 'utf8'), { ...OPTS, maxRows: 2 })).fileErrors).toEqual([
        'the file has more than 2 instrument rows; at most 2 are accepted per file, split it into several files',
      ]);
    });

    it('does not count blank lines against the row limit', async () => {
      const text =
        csvText([sampleRow({ 仪器编号: 'A' })]) +
        '\r\n,,,\r\n'.repeat(1000) +
        csvText([sampleRow({ 仪器编号: 'B' })])
          .split('\r\n')
          .slice(1)
          .join('\r\n');
      const r = await parseCsv(Buffer.from(text, 'utf8'), { ...OPTS, maxRows: 2 });
      expect(r.fileErrors).toEqual([]);
      expect(r.rows.map((x) => x.rowNumber)).toEqual([2, 2003]);
      expect(r.skippedBlankRows).toBe(2000);
    });

    it('refuses a header row wider than any spreadsheet before looking at the rows', async () => {
      // 300,000 empty header cells over 30,000 rows once cost one scan of every row per empty cell (~2 minutes).
      const required = IMPORT_COLUMNS.filter((c) => c.requiredColumn).map((c) => c.header);
      const text = required.join(',') + ','.repeat(300_000) + '\r\n' + 'x\r\n'.repeat(30_000);
      const r = await parseCsv(Buffer.from(text, 'utf8'), { ...OPTS, maxRows: 50_000 });
      expect(r.rows).toEqual([]);
      expect(r.fileErrors).toEqual([
        'too many columns: row 1 has more than 16384 cells; an import file has at most 200 columns, delete the columns right of the data',
      ]);
    });

    it('refuses a value beyond column 200, but tolerates the empty cells Excel exports for a wide used range', async () => {
      const padded = (line: string) => line + ','.repeat(400);
      const lines = csvText([sampleRow()]).split('\r\n').filter(Boolean);
      const ok = await parseCsv(Buffer.from(lines.map(padded).join('\r\n'), 'utf8'));
      expect(ok.fileErrors).toEqual([]);
      expect(ok.rows[0].result.ok).toBe(true);

      // The row has HEADERS.length cells; enough commas put 'stray' in the 201st (column GS).
      const stray = [lines[0], lines[1] + ','.repeat(201 - HEADERS.length) + 'stray'].join('\r\n');
      expect((await parseCsv(Buffer.from(stray, 'utf8'))).fileErrors).toEqual([
        'too many columns: row 2 has a value in column GS; an import file has at most 200 columns, delete the columns right of the data',
      ]);
    });

    it('reports a broken quote as a file error instead of throwing', async () => {
      const r = await parseCsv(Buffer.from(`${HEADERS.join(',')}\r\n"unterminated,x\r\n`));
      expect(r.fileErrors).toEqual([expect.stringMatching(/^the CSV could not be read/)]);
    });
  });

  describe('row errors carry the row number, the column and the reason', () => {
    // [what, overrides, expected [field, message pattern]]
    const cases: [string, Record<string, string>, [string, RegExp][]][] = [
      ['missing name', { 仪器名称: '' }, [['name', /^仪器名称: is required/]]],
      ['bad localId', { 仪器编号: 'JX 001' }, [['localId', /^仪器编号: may only contain letters/]]],
      ['unknown category', { 分类编码: '9901' }, [['categoryCode', /^分类编码: must be a national instrument category code/]]],
      ['value in 万元', { '原值(元)': '325万' }, [['valueCny', /^原值\(元\): expected an amount in yuan \(元\), got "325万"/]]],
      ['value not a number', { '原值(元)': 'N/A' }, [['valueCny', /^原值\(元\): expected a number such as 3250000/]]],
      ['negative value', { '原值(元)': '-5' }, [['valueCny', /^原值\(元\): must be an amount in CNY from 0/]]],
      ['value with 3 decimals', { '原值(元)': '1.005' }, [['valueCny', /whole fen/]]],
      ['funding source label', { 资金来源: '自筹' }, [['fundingSource', /^资金来源: expected 财政资金, 国有资本 or 其他/]]],
      ['missing unit', { 管理单位编号: '' }, [['unitId', /^管理单位编号: is required/]]],
      ['latitude out of range', { 纬度: '130.5' }, [['location.lat', /^纬度: must be a latitude between -90 and 90/]]],
      ['latitude in DMS', { 纬度: '30°44′N' }, [['location.lat', /^纬度: expected decimal degrees such as 30.7469/]]],
      ['longitude without latitude', { 纬度: '' }, [['location.lat', /^纬度: is required/]]],
      ['date in US order', { 验收日期: '11/20/2023' }, [['acceptanceDate', /^验收日期: expected a date such as 2024-03-05, 2024\/3\/5/]]],
      ['non-existent date', { 验收日期: '2023/2/30' }, [['acceptanceDate', /^验收日期: "2023\/2\/30" is not a real calendar date/]]],
      ['far-future date', { 入网日期: '2032-01-01' }, [['provincialJoinDate', /^入网日期: must not be more than 366 days in the future/]]],
      ['joined before acceptance', { 入网日期: '2023-11-01' }, [['provincialJoinDate', /^入网日期: must be on or after acceptanceDate \(2023-11-20\)/]]],
      ['unknown service mode', { 服务方式: '自主操作、远程操作' }, [['serviceModes', /^服务方式: "远程操作" is not a service mode/]]],
      ['repeated service mode', { 服务方式: '送样检测；送样' }, [['serviceModes[1]', /^服务方式: duplicates serviceModes\[0\]/]]],
      ['fee unit unknown', { 收费单位: '周' }, [['fee.unit', /^收费单位: expected 小时, 样品, 天 or 项/]]],
      ['fee price missing', { '对外单价(元)': '' }, [['fee.externalPriceCny', /^对外单价\(元\): is required/]]],
      ['fee without unit', { 收费单位: '' }, [['fee.unit', /^收费单位: is required: one of 'hour'/]]],
      ['confidentiality label', { 涉密状态: '保密' }, [['confidentiality.status', /^涉密状态: expected 无, 涉密 or 豁免/]]],
      [
        'exemption records with empty status',
        { 涉密状态: '', 豁免审批部门: '嘉兴市科技局', 备案文号: '浙大仪办备〔2024〕1号' },
        [['confidentiality.status', /^涉密状态: is empty but 豁免审批部门, 备案文号 are filled; set 豁免/]],
      ],
      [
        'exemption records with status none',
        { 豁免审批文号: '嘉科〔2024〕1号' },
        [['confidentiality.status', /^涉密状态: is 无 \(none\) but exemption approval\/filing cells are filled/]],
      ],
      [
        'declaration number mangled by Excel',
        { 免税进口报关单号: '3.10120231000123E+17' },
        [['dutyFreeImport.declarationNo', /^免税进口报关单号: Excel stored this value as a number/]],
      ],
      ['release date missing', { 海关放行日期: '' }, [['dutyFreeImport.releaseDate', /^海关放行日期: is required/]]],
      ['supervision years out of range', { 监管年限: '15' }, [['dutyFreeImport.supervisionYears', /^监管年限: must be a whole number of years from 1 to 10/]]],
      ['supervision years fractional', { 监管年限: '2.5' }, [['dutyFreeImport.supervisionYears', /whole number/]]],
      ['approval flag', { 需管理员审批: '看情况' }, [['requiresOwnerApproval', /^需管理员审批: expected 是 or 否/]]],
      ['name with a line break', { 仪器名称: '电镜\n备用' }, [['name', /^仪器名称: must be a single line/]]],
      [
        'several problems, left to right',
        { 仪器名称: '', '原值(元)': 'abc', 需管理员审批: '?' },
        [
          ['name', /^仪器名称/],
          ['valueCny', /^原值\(元\)/],
          ['requiresOwnerApproval', /^需管理员审批/],
        ],
      ],
    ];
    it.each(cases)('%s', async (_what, overrides, expected) => {
      const r = await parseCsv(csvBuffer([sampleRow({ 仪器编号: 'OK-1' }), sampleRow(overrides)]));
      expect(r.fileErrors).toEqual([]);
      expect(r.rows[0].result.ok).toBe(true);
      expect(r.rows[1].rowNumber).toBe(3);
      expect(problems(r.rows)).toEqual(expected.map(([field, message]) => [3, field, expect.stringMatching(message)]));
    });

    it('names the column on each violation', async () => {
      const r = await parseCsv(csvBuffer([sampleRow({ 纬度: 'north' })]));
      expect(r.rows[0].result).toEqual({
        ok: false,
        violations: [{ field: 'location.lat', column: '纬度', message: expect.stringMatching(/^纬度: expected a number/) }],
      });
    });

    it('names a missing column when a value needs it', async () => {
      const headers = HEADERS.filter((h) => h !== '收费单位');
      const r = await parseCsv(csvBuffer([sampleRow()], headers));
      expect(problems(r.rows)).toEqual([[2, 'fee.unit', expect.stringMatching(/^收费单位 \(column missing from the file\): is required/)]]);
    });

    it('reports a row with cells beyond the header (unquoted comma)', async () => {
      const text = csvText([sampleRow()]).replace('嘉杭路118号', '嘉杭路,118号');
      const r = await parseCsv(Buffer.from(text, 'utf8'));
      expect(r.fileErrors).toEqual([]);
      expect(problems(r.rows)).toContainEqual([
        2,
        '(row)',
        expect.stringMatching(/value in column AJ, beyond the last header column AI; check for an unquoted comma/),
      ]);
    });
  });

  it('reports a repeated instrument number on the later rows', async () => {
    const r = await parseCsv(
      csvBuffer([
        sampleRow({ 仪器编号: 'A-1' }),
        sampleRow({ 仪器编号: 'B-2' }),
        sampleRow({ 仪器编号: ' A-1 ' }),
        sampleRow({ 仪器编号: 'A-1', '原值(元)': 'x' }),
      ]),
    );
    expect(r.rows.map((x) => x.result.ok)).toEqual([true, true, false, false]);
    expect(problems(r.rows)).toEqual([
      [4, 'localId', '仪器编号: "A-1" duplicates row 2; each instrument may appear once per file'],
      [5, 'valueCny', expect.stringMatching(/^原值/)],
      [5, 'localId', expect.stringMatching(/duplicates row 2/)],
    ]);
  });

  it('skips blank rows but counts those between data rows; row numbers still match the sheet', async () => {
    const blank = HEADERS.map(() => '').join(',');
    const text =
      csvText([sampleRow({ 仪器编号: 'A' })]) +
      `${blank}\r\n\r\n` +
      csvText([sampleRow({ 仪器编号: 'B' })])
        .split('\r\n')
        .slice(1)
        .join('\r\n') +
      `${blank}\r\n\r\n`;
    const r = await parseCsv(Buffer.from(text, 'utf8'));
    expect(r.fileErrors).toEqual([]);
    expect(r.rows.map((x) => [x.rowNumber, x.raw['仪器编号']])).toEqual([
      [2, 'A'],
      [5, 'B'],
    ]);
    expect(r.skippedBlankRows).toBe(2);
  });

  it('counts a quoted multi-line cell as one sheet row', async () => {
    const r = await parseCsv(csvBuffer([sampleRow({ 仪器编号: 'A', 主要功能及技术指标: '第一行\n第二行' }), sampleRow({ 仪器编号: 'B', 仪器名称: '' })]));
    expect(r.rows[0].result.ok && r.rows[0].result.value.description).toBe('第一行\n第二行');
    expect(problems(r.rows)).toEqual([[3, 'name', expect.any(String)]]);
  });

  it('refuses the template example rows', async () => {
    const r = await parseCsv(csvBuffer([sampleRow({ 仪器编号: 'EXAMPLE-JXU-SEM-0001' })]));
    expect(problems(r.rows)).toEqual([[2, 'localId', expect.stringMatching(/example row from the template; delete it/)]]);
  });

  describe('date formats', () => {
    it.each([
      ['2024-03-05', '2024-03-05'],
      ['2024/3/5', '2024-03-05'],
      ['2024.03.05', '2024-03-05'],
      ['2024年3月5日', '2024-03-05'],
      ['2024年03月05日', '2024-03-05'],
      ['2024 年 3 月 5 日', '2024-03-05'],
      ['２０２４／３／５', '2024-03-05'],
      ['20240305', '2024-03-05'],
      ['2024/3/5 0:00', '2024-03-05'],
      ['2024-03-05 00:00:00', '2024-03-05'],
      ['2024-02-29', '2024-02-29'],
    ])('%s → %s', async (text, iso) => {
      const r = await parseCsv(csvBuffer([sampleRow({ 验收日期: text, 入网日期: '' })]));
      expect(r.rows[0].result).toEqual({ ok: true, value: expect.objectContaining({ acceptanceDate: iso }) });
    });
    it.each(['5/3/2024', '2024-3', '2024/13/01', '2023-02-29', '2024-03-05T08:00:00+08:00', '45356', '昨天', '2024-3/5'])('refuses %s', async (text) => {
      const r = await parseCsv(csvBuffer([sampleRow({ 验收日期: text, 入网日期: '' })]));
      expect(problems(r.rows)).toEqual([[2, 'acceptanceDate', expect.stringMatching(/^验收日期: /)]]);
    });
  });

  it('restores the leading zero Excel strips from category codes', async () => {
    const r = await parseCsv(csvBuffer([sampleRow({ 分类编码: '101' }), sampleRow({ 仪器编号: 'B', 分类编码: '1' })]));
    expect(r.rows.map((x) => x.result.ok && x.result.value.categoryCode)).toEqual(['0101', '01']);
  });

  it('rejects an exemption without its Art. 11 approval and filing', async () => {
    const r = await parseCsv(csvBuffer([sampleRow({ 涉密状态: '豁免', 豁免审批部门: '嘉兴市科技局' })]));
    expect(r.rows[0].result.ok).toBe(false);
    const fields = r.rows[0].result.ok ? [] : r.rows[0].result.violations.map((v) => v.field);
    expect(fields).toEqual(expect.arrayContaining(['confidentiality.approvalRef', 'confidentiality.filingRef', 'confidentiality.filingDate']));
  });

  it('accepts label variants for enums and booleans', async () => {
    const r = await parseCsv(
      csvBuffer([
        sampleRow({
          资金来源: '国有资本',
          服务方式: 'self_operated, 送样检测/委托操作',
          收费单位: '元/样品',
          涉密状态: 'exempted',
          豁免审批部门: '嘉兴市科技局',
          豁免审批文号: '嘉科〔2026〕3号',
          豁免审批日期: '2026/1/5',
          备案文号: '浙大仪备〔2026〕12号',
          备案日期: '2026年1月20日',
          需管理员审批: 'no',
          '原值(元)': '¥1,860,000.00元',
        }),
      ]),
    );
    expect(r.rows[0].result).toEqual({
      ok: true,
      value: expect.objectContaining({
        fundingSource: 'state_capital',
        serviceModes: ['self_operated', 'sample_submission', 'operator_assisted'],
        fee: expect.objectContaining({ unit: 'sample' }),
        confidentiality: {
          status: 'exempted',
          approvedBy: '嘉兴市科技局',
          approvalRef: '嘉科〔2026〕3号',
          approvalDate: '2026-01-05',
          filingRef: '浙大仪备〔2026〕12号',
          filingDate: '2026-01-20',
        },
        requiresOwnerApproval: false,
        valueCny: 1860000,
      }),
    });
  });
});
