import { validateInstrumentInput, type ValidateInstrumentOptions } from './validate-instrument-input';
import { isCalendarDate } from './calendar-date';

// A fixed table keeps these cases independent of the national category list
// (owned elsewhere); one case below exercises the real default.
const CODES = new Set(['01', '0101', '0102', '02', '0201']);
const NOW = new Date('2025-06-15T04:00:00Z'); // 12:00 in Beijing
const opts: ValidateInstrumentOptions = { isValidCategoryCode: (c) => CODES.has(c), now: NOW };

function valid(): Record<string, any> {
  return {
    localId: 'JXU-SEM-001',
    name: '场发射扫描电子显微镜',
    nameEn: 'Field emission scanning electron microscope',
    model: 'Sigma 300',
    manufacturer: 'Carl Zeiss',
    countryOfOrigin: '德国',
    description: '分辨率 1.2 nm @ 15 kV\n配备 EDS 能谱',
    categoryCode: '0101',
    valueCny: 3_250_000.5,
    fundingSource: 'fiscal',
    unitId: 'jx-u001',
    city: '嘉兴市',
    address: '嘉兴学院梁林校区 7 号楼 101',
    location: { lat: 30.7469, lon: 120.7553 },
    acceptanceDate: '2023-11-20',
    provincialJoinDate: '2023-12-08',
    iotSensorId: 'IOT-33-0401-0001',
    serviceModes: ['operator_assisted', 'sample_submission'],
    fee: {
      unit: 'hour',
      internalPriceCny: 300,
      externalPriceCny: 450,
      tiers: [
        { minQuantity: 8, internalPriceCny: 270, externalPriceCny: 400 },
        { minQuantity: 40, internalPriceCny: 240, externalPriceCny: 360 },
      ],
      setupFeeCny: 100,
      note: '含常规耗材',
    },
    confidentiality: { status: 'none' },
    dutyFreeImport: { declarationNo: '310120231000123456', releaseDate: '2023-09-01', supervisionYears: 3 },
    requiresOwnerApproval: true,
  };
}

function violationsOf(input: unknown, o: ValidateInstrumentOptions = opts) {
  const r = validateInstrumentInput(input, o);
  if (r.ok) throw new Error(`expected violations, got ok: ${JSON.stringify(r.value)}`);
  return r.violations;
}

/** Deep-set by dotted/bracket path, `undefined` deletes. */
function withField(path: string, value: unknown): Record<string, any> {
  const body = valid();
  if (path.startsWith('=')) {
    body[path.slice(1)] = value; // literal key, for keys containing dots
    return body;
  }
  const parts = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let o: any = body;
  for (const p of parts.slice(0, -1)) o = o[p];
  const last = parts[parts.length - 1];
  if (value === undefined) delete o[last];
  else o[last] = value;
  return body;
}

describe('validateInstrumentInput', () => {
  it('accepts a complete valid body and returns it normalised', () => {
    const r = validateInstrumentInput(valid(), opts);
    expect(r).toEqual({ ok: true, value: valid() });
  });

  it('accepts the minimal body (required fields only) and defaults nothing it should not', () => {
    const minimal = {
      localId: 'a',
      name: 'N',
      categoryCode: '01',
      valueCny: 0,
      fundingSource: 'other',
      unitId: 'u',
      city: '嘉兴市',
      serviceModes: [],
      confidentiality: { status: 'none' },
    };
    expect(validateInstrumentInput(minimal, opts)).toEqual({ ok: true, value: minimal });
  });

  it('trims strings, drops blank optional strings and defaults supervisionYears to 3', () => {
    const body = valid();
    body.name = '  场发射扫描电子显微镜 ';
    body.localId = ' JXU-SEM-001 ';
    body.model = '   ';
    delete body.dutyFreeImport.supervisionYears;
    const r = validateInstrumentInput(body, opts);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.name).toBe('场发射扫描电子显微镜');
    expect(r.value.localId).toBe('JXU-SEM-001');
    expect('model' in r.value).toBe(false);
    expect(r.value.dutyFreeImport?.supervisionYears).toBe(3);
  });

  it('uses the national category table by default', () => {
    const r = validateInstrumentInput(valid(), { now: NOW });
    expect(r.ok).toBe(true);
    expect(violationsOf(withField('categoryCode', '9999'), { now: NOW })).toEqual([
      { field: 'categoryCode', message: expect.stringMatching(/national instrument category code/) },
    ]);
  });

  it('rejects non-objects at the root', () => {
    for (const raw of [undefined, null, 'x', 42, [], true]) {
      expect(violationsOf(raw)).toEqual([{ field: '(root)', message: expect.stringMatching(/instrument/) }]);
    }
  });

  it('reports every problem at once, in field order', () => {
    const body = valid();
    body.localId = '';
    body.valueCny = -1;
    body.fee.tiers[1].externalPriceCny = 'cheap';
    expect(violationsOf(body).map((v) => v.field)).toEqual(['localId', 'valueCny', 'fee.tiers[1].externalPriceCny']);
  });

  it('does not let keys reach Object.prototype', () => {
    const body = JSON.parse('{"__proto__": {"status": "none"}, "constructor": 1}');
    const fields = violationsOf(body).map((v) => v.field);
    expect(fields).toEqual(expect.arrayContaining(['__proto__', 'constructor', 'localId', 'confidentiality']));
  });

  // [what, path, value (undefined = delete), expected field, message pattern]
  const cases: [string, string, unknown, string, RegExp][] = [
    // unknown fields
    ['unknown root field', 'colour', 'red', 'colour', /not a known field; allowed: localId/],
    ['typo gets a suggestion', 'local_id', 'x', 'local_id', /did you mean 'localId'/],
    ['unknown nested field', 'fee.currency', 'CNY', 'fee.currency', /not a known field/],
    ['unknown tier field', 'fee.tiers[0].max', 10, 'fee.tiers[0].max', /not a known field/],
    ['unknown location field', 'location.alt', 5, 'location.alt', /not a known field/],
    ['unknown confidentiality field', 'confidentiality.level', 'secret', 'confidentiality.level', /not a known field/],
    ['unknown dutyFreeImport field', 'dutyFreeImport.officer', 'x', 'dutyFreeImport.officer', /not a known field/],
    ['odd key is bracket-quoted', '=a.b', 1, '["a.b"]', /not a known field/],
    // localId
    ['localId missing', 'localId', undefined, 'localId', /is required: a string of 1–64 characters/],
    ['localId empty', 'localId', '  ', 'localId', /must not be empty/],
    ['localId too long', 'localId', 'x'.repeat(65), 'localId', /at most 64 characters, got 65/],
    ['localId bad chars', 'localId', 'JX 001', 'localId', /letters A–Z.*digits, dot, underscore and hyphen/],
    ['localId colon', 'localId', 'jiaxing:1', 'localId', /letters/],
    ['localId Chinese', 'localId', '仪器1', 'localId', /letters/],
    ['localId number', 'localId', 17, 'localId', /must be a string.*got the number 17/],
    // name
    ['name missing', 'name', undefined, 'name', /is required: a string of 1–200/],
    ['name too long', 'name', '镜'.repeat(201), 'name', /at most 200 characters, got 201/],
    ['name with newline', 'name', 'a\nb', 'name', /single line without control characters/],
    ['name with NUL', 'name', 'a\u0000b', 'name', /control characters/],
    ['name null', 'name', null, 'name', /got null/],
    // optional short strings
    ['nameEn too long', 'nameEn', 'x'.repeat(201), 'nameEn', /at most 200/],
    ['model wrong type', 'model', 5, 'model', /must be .*string/],
    ['manufacturer too long', 'manufacturer', 'x'.repeat(201), 'manufacturer', /at most 200/],
    ['countryOfOrigin null', 'countryOfOrigin', null, 'countryOfOrigin', /omit the field instead of sending null/],
    ['description too long', 'description', 'x'.repeat(5001), 'description', /at most 5000/],
    ['description with control char', 'description', 'ok\u0007', 'description', /line breaks and tabs are allowed/],
    // categoryCode
    ['categoryCode missing', 'categoryCode', undefined, 'categoryCode', /is required/],
    ['categoryCode unknown', 'categoryCode', '0199', 'categoryCode', /national instrument category code such as '01'.*got "0199"/],
    ['categoryCode number', 'categoryCode', 101, 'categoryCode', /must be .*string/],
    // valueCny
    ['valueCny missing', 'valueCny', undefined, 'valueCny', /is required: an amount in CNY/],
    ['valueCny negative', 'valueCny', -0.01, 'valueCny', /from 0 to 1e\+10.*got -0.01/],
    ['valueCny too big', 'valueCny', 1e10 + 1, 'valueCny', /from 0 to 1e\+10/],
    ['valueCny 3 decimals', 'valueCny', 12.345, 'valueCny', /at most 2 decimals \(whole fen\)/],
    ['valueCny tiny', 'valueCny', 1e-7, 'valueCny', /whole fen/],
    ['valueCny string', 'valueCny', '3000000', 'valueCny', /got the string "3000000"/],
    ['valueCny NaN', 'valueCny', NaN, 'valueCny', /non-finite/],
    ['valueCny Infinity', 'valueCny', Infinity, 'valueCny', /non-finite/],
    // fundingSource
    ['fundingSource missing', 'fundingSource', undefined, 'fundingSource', /is required: one of 'fiscal', 'state_capital', 'other'/],
    ['fundingSource Chinese', 'fundingSource', '财政资金', 'fundingSource', /one of 'fiscal'/],
    // unitId / city / address
    ['unitId missing', 'unitId', undefined, 'unitId', /is required/],
    ['unitId empty', 'unitId', '', 'unitId', /must not be empty/],
    ['city missing', 'city', undefined, 'city', /is required: a string of 1–50/],
    ['city too long', 'city', '市'.repeat(51), 'city', /at most 50/],
    ['address too long', 'address', '路'.repeat(301), 'address', /at most 300/],
    // location
    ['location not object', 'location', [30, 120], 'location', /must be a location \{lat, lon\}.*got an array/],
    ['lat out of range', 'location.lat', 90.5, 'location.lat', /latitude between -90 and 90.*got 90.5/],
    ['lon out of range', 'location.lon', -180.01, 'location.lon', /longitude between -180 and 180/],
    ['lat missing', 'location.lat', undefined, 'location.lat', /is required: a latitude/],
    ['lon string', 'location.lon', '120.7', 'location.lon', /longitude.*got the string/],
    // dates
    ['date wrong shape', 'acceptanceDate', '2023/11/20', 'acceptanceDate', /YYYY-MM-DD format \(e.g. 2024-03-05\), got "2023\/11\/20"/],
    ['date unpadded', 'acceptanceDate', '2023-1-2', 'acceptanceDate', /YYYY-MM-DD/],
    ['date with time', 'acceptanceDate', '2023-11-20T00:00:00Z', 'acceptanceDate', /YYYY-MM-DD/],
    ['date Feb 30', 'acceptanceDate', '2025-02-30', 'acceptanceDate', /real calendar date, got 2025-02-30/],
    ['date Feb 29 non-leap', 'acceptanceDate', '2023-02-29', 'acceptanceDate', /real calendar date/],
    ['date month 13', 'provincialJoinDate', '2024-13-01', 'provincialJoinDate', /real calendar date/],
    ['date far future', 'acceptanceDate', '2042-01-01', 'acceptanceDate', /more than 366 days in the future \(latest 2026-06-16\)/],
    ['date ancient', 'acceptanceDate', '0224-03-05', 'acceptanceDate', /before 1900-01-01/],
    ['date number', 'acceptanceDate', 45356, 'acceptanceDate', /YYYY-MM-DD.*got the number/],
    ['join before acceptance', 'provincialJoinDate', '2023-11-19', 'provincialJoinDate', /on or after acceptanceDate \(2023-11-20\)/],
    // iotSensorId
    ['iotSensorId too long', 'iotSensorId', 'x'.repeat(65), 'iotSensorId', /at most 64/],
    // serviceModes
    ['serviceModes missing', 'serviceModes', undefined, 'serviceModes', /is required: an array of distinct service modes/],
    ['serviceModes string', 'serviceModes', 'self_operated', 'serviceModes', /must be an array.*got the string/],
    ['serviceModes bad value', 'serviceModes[1]', 'remote', 'serviceModes[1]', /one of 'self_operated', 'operator_assisted', 'sample_submission'.*"remote"/],
    ['serviceModes duplicate', 'serviceModes[1]', 'operator_assisted', 'serviceModes[1]', /duplicates serviceModes\[0\]/],
    ['serviceModes too many', 'serviceModes', ['self_operated', 'self_operated', 'self_operated', 'x'], 'serviceModes', /at most 3 entries, got 4/],
    // fee
    ['fee not object', 'fee', '300元/小时', 'fee', /fee standard.*got the string/],
    ['fee unit missing', 'fee.unit', undefined, 'fee.unit', /is required: one of 'hour', 'sample', 'day', 'item'/],
    ['fee unit bad', 'fee.unit', 'week', 'fee.unit', /one of 'hour'/],
    ['fee internal negative', 'fee.internalPriceCny', -5, 'fee.internalPriceCny', /from 0/],
    ['fee external missing', 'fee.externalPriceCny', undefined, 'fee.externalPriceCny', /is required: an amount in CNY/],
    ['fee external 3 decimals', 'fee.externalPriceCny', 1.005, 'fee.externalPriceCny', /whole fen/],
    ['fee setup negative', 'fee.setupFeeCny', -1, 'fee.setupFeeCny', /from 0/],
    ['fee note too long', 'fee.note', 'x'.repeat(1001), 'fee.note', /at most 1000/],
    ['tiers not array', 'fee.tiers', {}, 'fee.tiers', /array of price tiers/],
    ['tier not object', 'fee.tiers[0]', 8, 'fee.tiers[0]', /price tier.*got the number 8/],
    ['tier minQuantity zero', 'fee.tiers[0].minQuantity', 0, 'fee.tiers[0].minQuantity', /greater than 0/],
    ['tiers not increasing', 'fee.tiers[1].minQuantity', 8, 'fee.tiers[1].minQuantity', /greater than fee.tiers\[0\].minQuantity \(8\)/],
    ['tiers decreasing', 'fee.tiers[1].minQuantity', 2, 'fee.tiers[1].minQuantity', /strictly increasing minQuantity, got 2/],
    ['tier price bad', 'fee.tiers[1].externalPriceCny', 'x', 'fee.tiers[1].externalPriceCny', /amount in CNY/],
    ['tier price missing', 'fee.tiers[0].internalPriceCny', undefined, 'fee.tiers[0].internalPriceCny', /is required/],
    [
      'too many tiers',
      'fee.tiers',
      Array.from({ length: 21 }, (_, i) => ({ minQuantity: i + 1, internalPriceCny: 1, externalPriceCny: 1 })),
      'fee.tiers',
      /at most 20 tiers/,
    ],
    // confidentiality
    [
      'confidentiality missing',
      'confidentiality',
      undefined,
      'confidentiality',
      /is required: a confidentiality object \{status: 'none', 'confidential', 'exempted'/,
    ],
    ['confidentiality string', 'confidentiality', 'none', 'confidentiality', /confidentiality object.*got the string/],
    ['confidentiality status missing', 'confidentiality.status', undefined, 'confidentiality.status', /is required: one of 'none', 'confidential', 'exempted'/],
    ['confidentiality status bad', 'confidentiality.status', 'secret', 'confidentiality.status', /one of 'none'/],
    ['confidentiality approvalDate bad', 'confidentiality.approvalDate', '2024-02-30', 'confidentiality.approvalDate', /real calendar date/],
    ['confidentiality filingDate shape', 'confidentiality.filingDate', '20240301', 'confidentiality.filingDate', /YYYY-MM-DD/],
    ['confidentiality approvedBy too long', 'confidentiality.approvedBy', 'x'.repeat(201), 'confidentiality.approvedBy', /at most 200/],
    // dutyFreeImport
    [
      'dutyFree declarationNo missing',
      'dutyFreeImport.declarationNo',
      undefined,
      'dutyFreeImport.declarationNo',
      /is required: the customs declaration number, a string of 1–40/,
    ],
    ['dutyFree declarationNo too long', 'dutyFreeImport.declarationNo', '1'.repeat(41), 'dutyFreeImport.declarationNo', /at most 40/],
    ['dutyFree releaseDate missing', 'dutyFreeImport.releaseDate', undefined, 'dutyFreeImport.releaseDate', /is required: a date in YYYY-MM-DD/],
    ['dutyFree releaseDate invalid', 'dutyFreeImport.releaseDate', '2023-04-31', 'dutyFreeImport.releaseDate', /real calendar date/],
    ['dutyFree years zero', 'dutyFreeImport.supervisionYears', 0, 'dutyFreeImport.supervisionYears', /whole number of years from 1 to 10 \(default 3\), got 0/],
    ['dutyFree years 11', 'dutyFreeImport.supervisionYears', 11, 'dutyFreeImport.supervisionYears', /from 1 to 10/],
    ['dutyFree years fractional', 'dutyFreeImport.supervisionYears', 2.5, 'dutyFreeImport.supervisionYears', /whole number/],
    ['dutyFree years string', 'dutyFreeImport.supervisionYears', '3', 'dutyFreeImport.supervisionYears', /got the string "3"/],
    // requiresOwnerApproval
    ['requiresOwnerApproval string', 'requiresOwnerApproval', 'yes', 'requiresOwnerApproval', /must be true or false, got the string "yes"/],
  ];

  it.each(cases)('%s', (_what, path, value, field, message) => {
    expect(violationsOf(withField(path, value))).toEqual([{ field, message: expect.stringMatching(message) }]);
  });

  it.each([
    ['integer value', 'valueCny', 300000],
    ['1 decimal', 'valueCny', 0.5],
    ['2 decimals', 'valueCny', 1234567.89],
    ['maximum value', 'valueCny', 1e10],
    ['zero price', 'fee.internalPriceCny', 0],
    ['lat boundary', 'location.lat', -90],
    ['lon boundary', 'location.lon', 180],
    ['leap day', 'dutyFreeImport.releaseDate', '2024-02-29'],
    ['one year ahead (planned acceptance)', 'provincialJoinDate', '2026-06-16'],
    ['join on acceptance day', 'provincialJoinDate', '2023-11-20'],
    ['empty serviceModes', 'serviceModes', []],
    ['no fee yet (Art. 13 allows 3 months)', 'fee', undefined],
    ['no tiers', 'fee.tiers', undefined],
    [
      'exempted with records',
      'confidentiality',
      {
        status: 'exempted',
        approvedBy: '嘉兴市科学技术局',
        approvalRef: '嘉科〔2024〕12号',
        approvalDate: '2024-03-01',
        filingRef: '浙大仪备〔2024〕3号',
        filingDate: '2024-03-15',
        note: '承担保密科研任务',
      },
    ],
    ['supervision 10 years', 'dutyFreeImport.supervisionYears', 10],
    ['Chinese text in free fields', 'description', '主要功能：\t形貌观察\r\n成分分析'],
    ['localId with dot and underscore', 'localId', 'A.b_c-1'],
  ])('accepts %s', (_what, path, value) => {
    const r = validateInstrumentInput(withField(path, value), opts);
    expect(r.ok ? [] : r.violations).toEqual([]);
  });

  it('caps unknown-field reports so a hostile body cannot balloon the response', () => {
    const body = valid();
    for (let i = 0; i < 1000; i++) body[`x${i}`] = i;
    const v = violationsOf(body);
    expect(v).toHaveLength(21);
    expect(v[20]).toEqual({ field: '(root)', message: 'has 980 more unknown fields (not listed)' });
  });

  it('counts characters, not UTF-16 units', () => {
    expect(validateInstrumentInput(withField('name', '𠀀'.repeat(200)), opts).ok).toBe(true);
  });
});

describe('isCalendarDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['1900-02-29', false],
    ['2025-02-30', false],
    ['2025-04-31', false],
    ['2025-12-31', true],
    ['2025-00-10', false],
    ['2025-1-10', false],
    [' 2025-01-10', false],
  ])('%s → %s', (s, expected) => expect(isCalendarDate(s)).toBe(expected));
});
