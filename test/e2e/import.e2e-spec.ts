import ExcelJS from 'exceljs';
import request from 'supertest';
import { IMPORT_MAX_ROWS } from '@app/catalog';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';
import { CSV_HEADERS, csvRow, instrumentsCsv } from '../support/import-files';
import { localInstrumentId } from '../support/ids';

describe('bulk import from CSV and XLSX (all-or-report, idempotent)', () => {
  let gw: TestGateway;
  let admin1: string;

  beforeAll(async () => {
    gw = await startTestGateway();
    await gw.seed(JX_UNITS);
    admin1 = await gw.token('unit_admin', 'jx-u001');
  }, 60_000);
  afterAll(() => gw?.close());

  const upload = (file: Buffer, filename: string, token = admin1) =>
    request(gw.server).post('/api/v1/instruments/import').set('Authorization', `Bearer ${token}`).attach('file', file, filename);

  const good = (n: number) => Array.from({ length: n }, (_, k) => sem({ localId: `IMP-${k + 1}`, name: `高效液相色谱仪 ${k + 1}`, categoryCode: '0105' }));

  it('stores every good row and reports every bad one with its row number and reason', async () => {
    const rows = [
      ...good(3),
      csvRow(sem({ localId: 'BAD-VALUE' })).replace('3200000', 'lots'),
      csvRow(sem({ localId: 'BAD-CAT', categoryCode: '9999' })),
      csvRow(sem({ localId: 'OTHER-UNIT', unitId: 'jx-u002' })),
      csvRow(sem({ localId: 'NO-UNIT', unitId: 'jx-u999' })),
      csvRow(sem({ localId: 'IMP-1' })),
    ];
    const res = await upload(instrumentsCsv(rows), 'register.csv').expect(200);
    expect(res.body).toMatchObject({ totalRows: 8, created: 3, updated: 0, unchanged: 0 });
    const rejected = Object.fromEntries(
      res.body.rejected.map((r: { row: number; violations: { field: string }[] }) => [r.row, r.violations.map((v) => v.field)]),
    );
    // Row 1 is the header: data rows start at 2.
    expect(Object.keys(rejected).map(Number)).toEqual([5, 6, 7, 8, 9]);
    expect(rejected[5]).toContain('valueCny');
    expect(rejected[6]).toContain('categoryCode');
    expect(rejected[7]).toContain('unitId');
    expect(rejected[8]).toContain('unitId');
    expect(rejected[9].join(' ')).toMatch(/localId/);
    const listed = await request(gw.server).get('/api/v1/instruments').query({ q: '高效液相色谱仪', pageSize: 100 }).expect(200);
    expect(listed.body.total).toBe(3);
  });

  it('changes nothing when the same file is imported again', async () => {
    const file = instrumentsCsv(good(3));
    const again = await upload(file, 'register.csv').expect(200);
    expect(again.body).toMatchObject({ totalRows: 3, created: 0, updated: 0, unchanged: 3, rejected: [] });
    const detail = await request(gw.server)
      .get(`/api/v1/instruments/${localInstrumentId('jx-u001', 'IMP-2')}`)
      .expect(200);
    expect(detail.body.version).toBe(1);
  });

  it('reads an XLSX workbook with real date cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('大型仪器');
    sheet.addRow([...CSV_HEADERS]);
    sheet.addRow([
      'XLSX-1',
      '透射电子显微镜',
      'Transmission electron microscope',
      'Talos F200X',
      'Thermo Fisher',
      '0101',
      8_600_000,
      '财政资金',
      'jx-u001',
      '嘉兴市',
      new Date(Date.UTC(2025, 2, 5)),
      '委托操作(机时)',
      '小时',
      800,
      1200,
      '无',
    ]);
    const res = await upload(Buffer.from(await workbook.xlsx.writeBuffer()), 'register.xlsx').expect(200);
    expect(res.body).toMatchObject({ format: 'xlsx', created: 1, rejected: [] });
    const detail = await request(gw.server)
      .get(`/api/v1/instruments/${localInstrumentId('jx-u001', 'XLSX-1')}`)
      .expect(200);
    expect(detail.body).toMatchObject({ acceptanceDate: '2025-03-05', model: 'Talos F200X', fee: { unit: 'hour', externalPriceCny: 1200 } });
  });

  it('answers the report even when a cell or the file name carries control characters', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('大型仪器');
    sheet.addRow([...CSV_HEADERS]);
    // The same Raman spectrometer twice: once with a clean id, once with Excel's escaped NUL in it.
    for (const localId of ['NUL-OK-1', 'NUL_x0000_ID']) {
      sheet.addRow([
        localId,
        '拉曼光谱仪',
        'Raman spectrometer',
        'LabRAM',
        'HORIBA',
        '0104',
        900_000,
        '财政资金',
        'jx-u001',
        '嘉兴市',
        new Date(Date.UTC(2025, 2, 5)),
        '送样检测',
        '样品',
        100,
        200,
        '无',
      ]);
    }
    // RFC 5987 lets a client put a NUL in the file name (filename*=UTF-8''…%00…).
    const body = Buffer.concat([
      Buffer.from(`--B\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''reg%00ister.xlsx\r\nContent-Type: application/octet-stream\r\n\r\n`),
      Buffer.from(await workbook.xlsx.writeBuffer()),
      Buffer.from('\r\n--B--\r\n'),
    ]);
    const res = await request(gw.server)
      .post('/api/v1/instruments/import')
      .set('Authorization', `Bearer ${admin1}`)
      .set('Content-Type', 'multipart/form-data; boundary=B')
      .send(body)
      .expect(200);
    expect(res.body.created).toBe(1);
    expect(res.body.rejected).toEqual([expect.objectContaining({ row: 3 })]);
    expect(JSON.stringify(res.body)).not.toMatch(/\\u0000/);
  });

  it('refuses a file whose headers are not the layout, storing nothing', async () => {
    const res = await upload(Buffer.from('编号,名字\nA,B\n'), 'wrong.csv').expect(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.detail).toMatch(/仪器名称|column/);
  });

  it('refuses what is not a spreadsheet, and a missing file', async () => {
    await upload(Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe]), 'photo.png').expect(400);
    await request(gw.server).post('/api/v1/instruments/import').set('Authorization', `Bearer ${admin1}`).expect(400);
  });

  it('refuses two files at once, storing neither', async () => {
    const before = (await request(gw.server).get('/api/v1/instruments').query({ pageSize: 1 }).expect(200)).body.total;
    const res = await request(gw.server)
      .post('/api/v1/instruments/import')
      .set('Authorization', `Bearer ${admin1}`)
      .attach('file', instrumentsCsv(good(2).map((r, i) => ({ ...r, localId: `TWO-A${i}` }))), 'a.csv')
      .attach('file', instrumentsCsv(good(2).map((r, i) => ({ ...r, localId: `TWO-B${i}` }))), 'b.csv')
      .expect(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.detail + JSON.stringify(res.body.violations)).toMatch(/exactly one file/);
    expect((await request(gw.server).get('/api/v1/instruments').query({ pageSize: 1 }).expect(200)).body.total).toBe(before);
  });

  const publicTotal = async () => (await request(gw.server).get('/api/v1/instruments').query({ pageSize: 1 }).expect(200)).body.total;

  it('refuses a file one row over the per-file limit, storing nothing', async () => {
    const before = await publicTotal();
    const rows = Array.from({ length: IMPORT_MAX_ROWS + 1 }, (_, k) => sem({ localId: `LIMIT-${k + 1}` }));
    const res = await upload(instrumentsCsv(rows), 'too-many.csv').expect(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.detail).toContain(`the file has ${IMPORT_MAX_ROWS + 1} instrument rows; at most ${IMPORT_MAX_ROWS} are accepted per file`);
    expect(await publicTotal()).toBe(before);
  });

  it('refuses formula-looking text row by row, storing the other rows', async () => {
    const res = await upload(instrumentsCsv([sem({ localId: 'CALC-OK' }), sem({ localId: 'CALC-1', name: "=cmd|' /C calc'!A0" })]), 'calc.csv').expect(200);
    expect(res.body).toMatchObject({
      created: 1,
      rejected: [{ row: 3, localId: 'CALC-1', violations: [{ field: 'name', message: expect.stringMatching(/run as a formula/) }] }],
    });
    await request(gw.server)
      .get(`/api/v1/instruments/${localInstrumentId('jx-u001', 'CALC-1')}`)
      .expect(404);
  });

  it('refuses a Big5 CSV instead of storing it as mojibake, naming the encodings accepted', async () => {
    const big5 = (hex: string) => Buffer.from(hex, 'hex');
    // 電子顯微鏡 and 嘉興市 in Big5: read as GB18030 they are 筿陪稬描 and 桂砍カ.
    const file = Buffer.concat([
      Buffer.from('localId,name,categoryCode,valueCny,fundingSource,unitId,city,confidentialityStatus\nBIG5-1,'),
      big5('b971a46cc5e3b74cc3e8'),
      Buffer.from(',0101,3200000,fiscal,jx-u001,'),
      big5('b9c5bfb3a5ab'),
      Buffer.from(',none\n'),
    ]);
    const res = await upload(file, 'big5.csv').expect(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.detail).toMatch(/UTF-8 \(with or without BOM\), UTF-16 with BOM, or GB18030\/GBK/);
    await request(gw.server)
      .get(`/api/v1/instruments/${localInstrumentId('jx-u001', 'BIG5-1')}`)
      .set('Authorization', `Bearer ${admin1}`)
      .expect(404);
  });

  it('needs a unit admin', async () => {
    await request(gw.server)
      .post('/api/v1/instruments/import')
      .attach('file', instrumentsCsv(good(1)), 'a.csv')
      .expect(401);
    await upload(instrumentsCsv(good(1)), 'a.csv', await gw.token('user', 'jx-u001')).expect(403);
  });

  it('serves the templates', async () => {
    const csv = await request(gw.server).get('/api/v1/instruments/import/template.csv').expect(200);
    expect(csv.text).toMatch(/仪器编号/);
    const xlsx = await request(gw.server)
      .get('/api/v1/instruments/import/template.xlsx')
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
  });
});
