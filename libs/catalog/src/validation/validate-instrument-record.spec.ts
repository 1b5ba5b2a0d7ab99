import { validateInstrumentInput, type ValidateInstrumentOptions } from './validate-instrument-input';
import { acceptedByRecordPass, validateInstrumentRecord } from './validate-instrument-record';

/*
 * The record pass is the instrument contract, cheaper: it must accept exactly
 * what the general pass accepts, as the same value, and leave every refusal
 * (and every case it is unsure of) to the general pass, so a refused record
 * keeps its fields and messages. Each case runs through both.
 */

const CODES = new Set(['01', '0101', '0102', '02', '0201']);
const NOW = new Date('2025-06-15T04:00:00Z'); // 12:00 in Beijing; the latest date is 2026-06-16
const opts: ValidateInstrumentOptions = { isValidCategoryCode: (c) => CODES.has(c), now: NOW };

/** A record as the wire mapping builds it: every optional member present, some undefined. */
function full(): Record<string, any> {
  return {
    localId: 'SH-SEM-001',
    name: '场发射扫描电子显微镜',
    nameEn: 'Field emission scanning electron microscope',
    model: 'Sigma 300',
    manufacturer: 'Carl Zeiss',
    countryOfOrigin: '德国',
    description: '分辨率 1.2 nm @ 15 kV\n配备 EDS 能谱',
    categoryCode: '0101',
    valueCny: 3_250_000.5,
    fundingSource: 'fiscal',
    unitId: 'sh-u001',
    city: '上海市',
    address: '徐汇区 7 号楼 101',
    location: { lat: 31.2, lon: 121.4 },
    acceptanceDate: '2023-11-20',
    provincialJoinDate: '2023-12-08',
    iotSensorId: 'IOT-31-0001',
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
    requiresOwnerApproval: false,
  };
}

function minimal(): Record<string, any> {
  return {
    localId: 'X1',
    nameEn: undefined,
    name: '离心机',
    categoryCode: '02',
    valueCny: 0,
    fundingSource: 'other',
    unitId: 'u',
    city: '合肥市',
    location: undefined,
    serviceModes: [],
    fee: undefined,
    confidentiality: { status: 'none' },
    dutyFreeImport: undefined,
    requiresOwnerApproval: undefined,
  };
}

/** A copy of `base` with `path` set (`undefined` sets the member undefined; `delete` removes it). */
/** An array whose own iterator yields `yields` instead of its items. */
function withIterator(items: unknown[], yields: unknown[]): unknown[] {
  return Object.defineProperty(items, Symbol.iterator, { value: () => yields[Symbol.iterator]() });
}

/** A class whose instances inherit `status: 'none'`. */
class Declared {}
(Declared.prototype as unknown as { status: string }).status = 'none';

function withField(base: () => Record<string, any>, path: string, value: unknown): Record<string, any> {
  const body = base();
  const parts = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let node = body;
  for (const part of parts.slice(0, -1)) node = node[part];
  const last = parts[parts.length - 1];
  if (value === DELETE) delete node[last];
  else node[last] = value;
  return body;
}
const DELETE = Symbol('delete');

const TEXT_FIELDS = [
  'localId',
  'name',
  'nameEn',
  'model',
  'manufacturer',
  'countryOfOrigin',
  'description',
  'categoryCode',
  'unitId',
  'city',
  'address',
  'iotSensorId',
  'fee.note',
  'dutyFreeImport.declarationNo',
];
const NUMBER_FIELDS = [
  'valueCny',
  'location.lat',
  'location.lon',
  'fee.internalPriceCny',
  'fee.externalPriceCny',
  'fee.setupFeeCny',
  'fee.tiers[0].minQuantity',
  'fee.tiers[1].minQuantity',
  'fee.tiers[1].externalPriceCny',
  'dutyFreeImport.supervisionYears',
];
const DATE_FIELDS = ['acceptanceDate', 'provincialJoinDate', 'dutyFreeImport.releaseDate'];
const ENUM_FIELDS = ['fundingSource', 'fee.unit', 'serviceModes[0]', 'confidentiality.status'];
const OBJECT_FIELDS = ['location', 'fee', 'fee.tiers', 'fee.tiers[0]', 'confidentiality', 'dutyFreeImport', 'serviceModes'];

const TEXTS = [
  '',
  ' ',
  '  padded  ',
  'x',
  'a\tb',
  'a\nb',
  'a\u0085b',
  'a\u2028b',
  'a\u0000b',
  '字'.repeat(200),
  'x'.repeat(201),
  '😀'.repeat(150),
  '😀'.repeat(201),
  'x'.repeat(5001),
  'A B',
  'sh-u001',
  '01',
];
const NUMBERS = [
  0,
  -0,
  -1,
  0.5,
  0.01,
  0.001,
  1.005,
  3,
  90,
  90.0001,
  -90,
  180,
  -180.5,
  1e9,
  1e9 + 1,
  1e10,
  1e10 + 0.01,
  1e21,
  Number.MAX_SAFE_INTEGER,
  NaN,
  Infinity,
  -Infinity,
  1e-7,
];
const DATES = [
  '',
  ' 2024-01-01 ',
  '2024-02-29',
  '2023-02-29',
  '2025-02-30',
  '1899-12-31',
  '1900-01-01',
  '2026-06-16',
  '2026-06-17',
  '2024-1-01',
  '20240101',
  '2023-11-19',
  '2023-12-09',
];
const ENUMS = [
  '',
  'fiscal',
  ' fiscal ',
  'FISCAL',
  'state_capital',
  'hour',
  'day',
  'week',
  'self_operated',
  'operator_assisted',
  'none',
  ' none',
  'confidential',
  'exempted',
  'unknown',
];
const OTHERS: unknown[] = [undefined, null, DELETE, 'text', 5, true, [], {}, [{}], { lat: 1 }, { status: 'none', note: '' }, { status: 'none', note: 'x' }];

function cases(): [string, Record<string, any>][] {
  const out: [string, Record<string, any>][] = [
    ['a full record', full()],
    ['a minimal record', minimal()],
    ['a record with every optional member absent', JSON.parse(JSON.stringify(minimal()))],
  ];
  for (const base of [full, minimal]) {
    const at = (path: string, value: unknown) =>
      out.push([`${base.name}: ${path} = ${String(value === DELETE ? 'deleted' : JSON.stringify(value))}`, withField(base, path, value)]);
    const present = (path: string) => base === full || !path.includes('.') || false;
    for (const path of TEXT_FIELDS.filter(present)) for (const v of [...TEXTS, ...OTHERS]) at(path, v);
    for (const path of NUMBER_FIELDS.filter(present)) for (const v of [...NUMBERS, ...OTHERS]) at(path, v);
    for (const path of DATE_FIELDS.filter(present)) for (const v of [...DATES, ...OTHERS]) at(path, v);
    for (const path of ENUM_FIELDS.filter(present)) for (const v of [...ENUMS, ...OTHERS]) at(path, v);
    for (const path of OBJECT_FIELDS.filter(present)) for (const v of OTHERS) at(path, v);
  }
  out.push(
    ['duplicate service modes', withField(full, 'serviceModes', ['self_operated', 'self_operated'])],
    ['duplicate service modes once trimmed', withField(full, 'serviceModes', ['self_operated', ' self_operated'])],
    ['four service modes', withField(full, 'serviceModes', ['self_operated', 'operator_assisted', 'sample_submission', 'self_operated'])],
    ['tiers not increasing', withField(full, 'fee.tiers[1].minQuantity', 8)],
    ['no tiers', withField(full, 'fee.tiers', [])],
    [
      '21 tiers',
      withField(
        full,
        'fee.tiers',
        Array.from({ length: 21 }, (_, i) => ({ minQuantity: i + 1, internalPriceCny: 1, externalPriceCny: 1 })),
      ),
    ],
    [
      '20 tiers',
      withField(
        full,
        'fee.tiers',
        Array.from({ length: 20 }, (_, i) => ({ minQuantity: i + 1, internalPriceCny: 1, externalPriceCny: 1 })),
      ),
    ],
    ['a tier with an unknown member', withField(full, 'fee.tiers[0]', { minQuantity: 1, internalPriceCny: 1, externalPriceCny: 1, extra: 1 })],
    ['a tier missing a price', withField(full, 'fee.tiers[0]', { minQuantity: 1, internalPriceCny: 1 })],
    ['a fee missing its unit', withField(full, 'fee.unit', DELETE)],
    ['joined before acceptance', withField(full, 'provincialJoinDate', '2023-11-19')],
    ['joined on the day of acceptance', withField(full, 'provincialJoinDate', '2023-11-20')],
    ['supervision years left out: the default', withField(full, 'dutyFreeImport.supervisionYears', DELETE)],
    ['supervision years not whole', withField(full, 'dutyFreeImport.supervisionYears', 2.5)],
    ['supervision years 11', withField(full, 'dutyFreeImport.supervisionYears', 11)],
    ['an unknown field', { ...full(), colour: 'red' }],
    ['a misspelt field', { ...full(), nameEN: 'x' }],
    ['an own __proto__ member', JSON.parse(JSON.stringify(full()).replace('{', '{"__proto__":{"x":1},'))],
    ['an empty bookingLimits', { ...full(), bookingLimits: {} }],
    ['bookingLimits', { ...full(), bookingLimits: { maxWindowHours: 8 } }],
    ['a location with an extra member', withField(full, 'location', { lat: 1, lon: 2, alt: 3 })],
    ['a location with an undefined extra member', withField(full, 'location', { lat: 1, lon: 2, alt: undefined })],
    [
      'an exemption on record',
      withField(full, 'confidentiality', {
        status: 'exempted',
        approvedBy: 'A',
        approvalRef: 'R',
        approvalDate: '2024-01-01',
        filingRef: 'F',
        filingDate: '2024-01-02',
      }),
    ],
    [
      'an exemption without its filing',
      withField(full, 'confidentiality', { status: 'exempted', approvedBy: 'A', approvalRef: 'R', approvalDate: '2024-01-01' }),
    ],
    ['a record with an inherited member', Object.assign(Object.create({ nameEn: 'inherited' }), full())],
    ['a confidentiality whose status is inherited', withField(full, 'confidentiality', Object.create({ status: 'none' }))],
    ['a location whose members are inherited', withField(full, 'location', Object.create({ lat: 1, lon: 2 }))],
    ['a fee whose members are inherited', withField(full, 'fee', Object.create({ unit: 'hour', internalPriceCny: 1, externalPriceCny: 1 }))],
    // A hole, as a decoded JSON body cannot have but an object built in code can.
    // eslint-disable-next-line no-sparse-arrays
    ['sparse service modes', withField(full, 'serviceModes', [, 'self_operated'])],
    // Built in code, an array may iterate otherwise than its indexes read, and a class may carry a default: the general pass reads by index and own member.
    ['service modes whose iterator yields nothing', withField(full, 'serviceModes', withIterator(['bogus', 42], []))],
    ['service modes whose iterator yields a valid mode', withField(full, 'serviceModes', withIterator([7], ['self_operated']))],
    [
      'fee tiers whose iterator yields nothing',
      withField(full, 'fee.tiers', withIterator([{ minQuantity: -5, internalPriceCny: -1, externalPriceCny: -1 }], [])),
    ],
    ['a confidentiality of a class whose prototype says none', withField(full, 'confidentiality', new Declared())],
    ['a location of a class', withField(full, 'location', Object.assign(new (class Point {})(), { lat: 1, lon: 2 }))],
    ['not an object', ['an array'] as unknown as Record<string, any>],
    ['every required field missing', {}],
    ['a category outside the table', withField(full, 'categoryCode', '9999')],
  );
  return out;
}

describe('validateInstrumentRecord: the instrument contract, cheaper for records built from typed fields', () => {
  it.each(cases())('%s: the same result as validateInstrumentInput', (_name, record) => {
    const expected = validateInstrumentInput(record, opts);
    expect(validateInstrumentRecord(record, opts)).toStrictEqual(expected);
    // What the cheaper pass accepts, the general pass accepts as the same value; it never accepts a refused record.
    const fast = acceptedByRecordPass(record, opts);
    if (fast !== undefined) expect(expected).toStrictEqual({ ok: true, value: fast });
  });

  it('takes the cheaper pass for the records a sync reads', () => {
    expect(acceptedByRecordPass(full(), opts)).toBeDefined();
    expect(acceptedByRecordPass(minimal(), opts)).toBeDefined();
    expect(acceptedByRecordPass(withField(full, 'dutyFreeImport.supervisionYears', DELETE), opts)).toMatchObject({ dutyFreeImport: { supervisionYears: 3 } });
    expect(acceptedByRecordPass(withField(full, 'name', '  padded  '), opts)).toMatchObject({ name: 'padded' });
    expect(acceptedByRecordPass(withField(full, 'model', ' '), opts)).not.toHaveProperty('model');
  });

  it('leaves a refused record to the general pass, with its fields and messages', () => {
    const record = withField(full, 'valueCny', 1e10 + 1);
    expect(acceptedByRecordPass(record, opts)).toBeUndefined();
    const result = validateInstrumentRecord(record, opts);
    expect(result.ok).toBe(false);
    expect(result).toStrictEqual(validateInstrumentInput(record, opts));
  });

  it('judges dates against the real clock and category table when given no options', () => {
    const record = withField(full, 'categoryCode', '0101');
    expect(validateInstrumentRecord(record)).toStrictEqual(validateInstrumentInput(record));
  });
});
