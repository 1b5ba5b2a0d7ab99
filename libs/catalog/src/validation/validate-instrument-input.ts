import { InputContract, type FieldViolation, type InputCheck, type InputSchema } from '@app/common';
import { validateExemption } from '@app/policy';
import { isValidCategoryCode as nationalCategoryCodeCheck } from '../domain/categories';
import { CONFIDENTIALITY_STATUSES, FEE_UNITS, FUNDING_SOURCES, SERVICE_MODES, type BookingLimits, type InstrumentInput } from '../domain/instrument';
import { addDays, chinaToday, isCalendarDate } from './calendar-date';

/**
 * The instrument body's input contract (POST/PUT /instruments, every bulk
 * import row, partners' and the province's records after mapping).
 *
 * Strict by design: the body is a public contract (OpenAPI: "unknown fields
 * are rejected"), so a misspelt optional field must fail loudly instead of
 * being dropped — a dropped `confidentiality` or `dutyFreeImport` would
 * silently turn off an exclusion or a customs gate. Every problem is collected
 * (not fail-fast) so a unit fixing a form or a spreadsheet row sees all of
 * them at once, each with the exact path of the offending value.
 *
 * The schema says the shape; the rules beside it what a schema cannot: dates
 * against the calendar and today, the category table, tiers in order, and an
 * exemption's records (Art. 11).
 */

export interface ValidateInstrumentOptions {
  /** National category code check; injectable so callers/tests can pin a table. */
  isValidCategoryCode?: (code: string) => boolean;
  /** Clock used for the "not in the far future" date rule; the only impure input. */
  now?: Date;
  /** How far past today (China time) a date may lie. Default 366 days. */
  maxFutureDays?: number;
  /**
   * Our own units' writes (POST/PUT, import): an `exempted` status is the
   * competent department's decision (`@app/exemptions`, Art. 11), not the
   * unit's, so its approval and filing record is not checked here; the
   * use-case keeps the decided record or refuses the status
   * (`ownExemptionRecord`). Partners' and the province's records keep the check.
   */
  exemptionByDecision?: boolean;
}

export type InstrumentInputResult = InputCheck<InstrumentInput>;

export const INSTRUMENT_LIMITS = {
  localIdMax: 64,
  nameMax: 200,
  shortTextMax: 200,
  descriptionMax: 5000,
  noteMax: 1000,
  unitIdMax: 64,
  cityMax: 50,
  addressMax: 300,
  iotSensorIdMax: 64,
  declarationNoMax: 40,
  moneyMax: 1e10,
  maxTiers: 20,
  supervisionYearsMin: 1,
  supervisionYearsMax: 10,
  supervisionYearsDefault: 3,
  /** Earliest plausible date; catches typos such as `0224-03-05`. */
  earliestDate: '1900-01-01',
  maxFutureDaysDefault: 366,
} as const;

/** Upper bounds of a unit's booking limits: the booking request's own bounds (14 days, 366 days ahead). */
const BOOKING_LIMIT_MAX: Record<keyof BookingLimits, number> = {
  maxWindowHours: 336,
  maxAheadDays: 366,
  maxActivePerRequester: 1000,
  maxActivePerPartner: 1000,
};

// Single-line fields refuse every C0/C1 control char (and the Unicode line
// separators), which would break CSV exports, logs and table layouts.
export const SINGLE_LINE = '^[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]*$';
// Multi-line fields (description, notes) may keep tab and line breaks.
export const MULTI_LINE = '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$';
export const ISO_DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
/** China time, UTC+8 all year (no daylight saving): what `chinaToday` reads. */
const CHINA_OFFSET_MS = 8 * 3600_000;
const L = INSTRUMENT_LIMITS;

const text = (maxLength: number) =>
  ({
    type: 'string',
    nullable: true,
    maxLength,
    pattern: SINGLE_LINE,
    'x-message': 'must be a single line without control characters (no line breaks, tabs or invisible control codes)',
  }) as const;
const requiredText = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength, pattern: SINGLE_LINE, 'x-message': text(0)['x-message'] }) as const;
const longText = (maxLength: number) =>
  ({
    type: 'string',
    nullable: true,
    maxLength,
    pattern: MULTI_LINE,
    'x-message': 'must not contain control characters (line breaks and tabs are allowed)',
  }) as const;
const DATE = {
  type: 'string',
  pattern: ISO_DATE_SHAPE.source,
  'x-message': 'must be a date in YYYY-MM-DD format (e.g. 2024-03-05)',
  'x-expected': 'a date in YYYY-MM-DD format',
} as const;
const date = { ...DATE, nullable: true } as const;
const MONEY = {
  type: 'number',
  minimum: 0,
  maximum: L.moneyMax,
  'x-fen': true,
  'x-expected': `an amount in CNY from 0 to ${L.moneyMax.toExponential()} with at most 2 decimals`,
} as const;
const limit = (key: keyof BookingLimits, description: string) =>
  ({ type: 'integer', nullable: true, minimum: 1, maximum: BOOKING_LIMIT_MAX[key], description }) as const;
const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

const schema: InputSchema<InstrumentInput> = {
  type: 'object',
  'x-expected': 'an instrument object',
  additionalProperties: false,
  required: ['localId', 'name', 'categoryCode', 'valueCny', 'fundingSource', 'unitId', 'city', 'serviceModes', 'confidentiality'],
  properties: {
    localId: {
      type: 'string',
      minLength: 1,
      maxLength: L.localIdMax,
      pattern: '^[A-Za-z0-9._-]+$',
      'x-message': 'may only contain letters A–Z/a–z, digits, dot, underscore and hyphen',
      description: "The unit's own inventory number; the instrument's id is `jiaxing:<unitId>.<localId>`",
      example: 'JX-SEM-001',
    },
    name: { ...requiredText(L.nameMax), example: '场发射扫描电子显微镜' },
    nameEn: { ...text(L.shortTextMax), example: 'Field emission scanning electron microscope' },
    model: { ...text(L.shortTextMax), example: 'JSM-7800F' },
    manufacturer: { ...text(L.shortTextMax), example: 'JEOL' },
    countryOfOrigin: { ...text(L.shortTextMax), example: '日本' },
    description: longText(L.descriptionMax),
    categoryCode: { ...requiredText(16), description: "National category code: '01' (class) or '0101' (sub-class), from the national table", example: '0101' },
    valueCny: { ...MONEY, example: 3200000 },
    fundingSource: { type: 'string', enum: FUNDING_SOURCES },
    unitId: { ...requiredText(L.unitIdMax), example: 'jx-u001' },
    city: { ...requiredText(L.cityMax), example: '嘉兴市' },
    address: text(L.addressMax),
    location: {
      type: 'object',
      nullable: true,
      'x-expected': 'a location {lat, lon} in decimal degrees (WGS-84)',
      additionalProperties: false,
      required: ['lat', 'lon'],
      properties: {
        lat: { type: 'number', minimum: -90, maximum: 90, 'x-expected': 'a latitude between -90 and 90 (decimal degrees)', example: 30.7522 },
        lon: { type: 'number', minimum: -180, maximum: 180, 'x-expected': 'a longitude between -180 and 180 (decimal degrees)', example: 120.7555 },
      },
    },
    acceptanceDate: { ...date, description: 'Installation acceptance, YYYY-MM-DD (starts the Art. 13 clock)' },
    provincialJoinDate: { ...date, description: 'On the provincial platform since, YYYY-MM-DD; on or after acceptanceDate' },
    iotSensorId: text(L.iotSensorIdMax),
    serviceModes: {
      type: 'array',
      maxItems: SERVICE_MODES.length,
      uniqueItems: true,
      'x-message': 'each service mode may be listed once',
      'x-expected': `an array of distinct service modes from ${list(SERVICE_MODES)} (may be empty)`,
      items: { type: 'string', enum: SERVICE_MODES },
    },
    fee: {
      type: 'object',
      nullable: true,
      description: 'Optional: Art. 13 allows three months after joining',
      'x-expected': 'a fee standard {unit, internalPriceCny, externalPriceCny, tiers?, setupFeeCny?, note?}',
      additionalProperties: false,
      required: ['unit', 'internalPriceCny', 'externalPriceCny'],
      properties: {
        unit: { type: 'string', enum: FEE_UNITS },
        internalPriceCny: { ...MONEY, example: 300 },
        externalPriceCny: { ...MONEY, example: 500 },
        tiers: {
          type: 'array',
          nullable: true,
          maxItems: L.maxTiers,
          'x-items': 'tiers',
          'x-expected': 'an array of price tiers {minQuantity, internalPriceCny, externalPriceCny} sorted by strictly increasing minQuantity',
          items: {
            type: 'object',
            'x-expected': 'a price tier {minQuantity, internalPriceCny, externalPriceCny}',
            additionalProperties: false,
            required: ['minQuantity', 'internalPriceCny', 'externalPriceCny'],
            properties: {
              minQuantity: {
                type: 'number',
                exclusiveMinimum: 0,
                maximum: 1e9,
                'x-expected': 'a quantity greater than 0 (in the fee unit) from which this tier applies',
              },
              internalPriceCny: MONEY,
              externalPriceCny: MONEY,
            },
          },
        },
        setupFeeCny: { ...MONEY, nullable: true },
        note: longText(L.noteMax),
      },
    },
    confidentiality: {
      type: 'object',
      'x-expected': `a confidentiality object {status: ${list(CONFIDENTIALITY_STATUSES)}, approvedBy?, approvalRef?, approvalDate?, filingRef?, filingDate?, note?}`,
      additionalProperties: false,
      required: ['status'],
      properties: {
        status: {
          type: 'string',
          enum: CONFIDENTIALITY_STATUSES,
          description:
            "`confidential` (state secrets, Art. 2) is the unit's declaration. `exempted` (Art. 11) is never declared by a unit (400): it is requested at POST /api/v1/exemptions and set by the filing of the competent department's approval; an exempted instrument keeps that record on PUT and import whatever the body says, except `confidential`",
        },
        approvedBy: { ...text(L.shortTextMax), description: 'Competent department that approved the exemption (Art. 11); set by the exemption decision' },
        approvalRef: text(L.shortTextMax),
        approvalDate: date,
        filingRef: { ...text(L.shortTextMax), description: 'Filing with the provincial office (省大仪办)' },
        filingDate: date,
        note: longText(L.noteMax),
      },
    },
    dutyFreeImport: {
      type: 'object',
      nullable: true,
      'x-expected': 'a duty-free import record {declarationNo, releaseDate, supervisionYears?}',
      additionalProperties: false,
      required: ['declarationNo', 'releaseDate', 'supervisionYears'],
      properties: {
        declarationNo: { ...requiredText(L.declarationNoMax), 'x-expected': `the customs declaration number, a string of 1–${L.declarationNoMax} characters` },
        releaseDate: DATE,
        // Customs supervision of duty-free scientific instruments is usually 3 years; the default makes every stored record carry it.
        supervisionYears: {
          type: 'integer',
          minimum: L.supervisionYearsMin,
          maximum: L.supervisionYearsMax,
          default: L.supervisionYearsDefault,
          'x-expected': `a whole number of years from ${L.supervisionYearsMin} to ${L.supervisionYearsMax} (default ${L.supervisionYearsDefault})`,
        },
      },
    },
    requiresOwnerApproval: { type: 'boolean', nullable: true },
    bookingLimits: {
      type: 'object',
      nullable: true,
      description: "The unit's booking rules for this instrument (Art. 13); a limit left out is the gateway's default. Shown in the instrument's detail.",
      'x-expected': 'booking limits {maxWindowHours?, maxAheadDays?, maxActivePerRequester?, maxActivePerPartner?}',
      additionalProperties: false,
      properties: {
        maxWindowHours: limit('maxWindowHours', 'Longest window of one booking, hours (default BOOKING_QUOTA_MAX_WINDOW_HOURS)'),
        maxAheadDays: limit('maxAheadDays', 'How far ahead a window may start, days (default BOOKING_QUOTA_MAX_AHEAD_DAYS)'),
        maxActivePerRequester: limit(
          'maxActivePerRequester',
          'Open future bookings one requester may hold of this instrument (default BOOKING_QUOTA_MAX_ACTIVE)',
        ),
        maxActivePerPartner: limit(
          'maxActivePerPartner',
          "The same for all of one partner platform's users together (default BOOKING_QUOTA_MAX_ACTIVE_PER_PARTNER)",
        ),
      },
    },
  },
};

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Text as the schema judges it: trimmed, and a blank optional free-text field
 * (HTML forms send "") is "not given"; -0 is 0; an undefined member is absent,
 * as JSON would have it (a partner's record is mapped to this shape in code, not
 * parsed). Own keys only, so a body key like `__proto__` stays a key to refuse
 * and never reaches a prototype.
 */
const NO_SCHEMA: Obj = Object.freeze({});
/** Each schema node's required names, made once: normalise runs on every field of every record a sync reads. */
const requiredNames = new WeakMap<Obj, ReadonlySet<string>>();
function requiredOf(node: Obj): ReadonlySet<string> {
  let names = requiredNames.get(node);
  if (!names) requiredNames.set(node, (names = new Set((node.required as string[] | undefined) ?? [])));
  return names;
}

function normalise(value: unknown, node: Obj = schema as unknown as Obj): unknown {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return value === 0 ? 0 : value;
  if (Array.isArray(value)) return value.map((item) => normalise(item, (node.items ?? NO_SCHEMA) as Obj));
  if (!isObject(value)) return value;
  const properties = (node.properties ?? NO_SCHEMA) as Record<string, Obj>;
  const required = requiredOf(node);
  const out: Obj = {};
  for (const key of Object.keys(value)) {
    if (value[key] === undefined) continue;
    const property = Object.prototype.hasOwnProperty.call(properties, key) ? properties[key] : NO_SCHEMA;
    const v = normalise(value[key], property);
    const freeText = property.pattern === SINGLE_LINE || property.pattern === MULTI_LINE;
    if (v === '' && freeText && !required.has(key)) continue;
    // An own "__proto__" stays a member, as JSON.parse made it, never the prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[key] = v;
  }
  return out;
}

/** The dates of the body, by field, as they were sent. */
function dates(body: Obj): [string, unknown][] {
  const c = isObject(body.confidentiality) ? body.confidentiality : {};
  const d = isObject(body.dutyFreeImport) ? body.dutyFreeImport : {};
  return [
    ['acceptanceDate', body.acceptanceDate],
    ['provincialJoinDate', body.provincialJoinDate],
    ['confidentiality.approvalDate', c.approvalDate],
    ['confidentiality.filingDate', c.filingDate],
    ['dutyFreeImport.releaseDate', d.releaseDate],
  ];
}

/** The last date a record may carry, for the day `now` falls on in China: worked out once a day, not once per record of a sync. */
let latestMemo = { day: NaN, maxFutureDays: NaN, latest: '' };
export function latestDate(now: Date, maxFutureDays: number): string {
  const day = Math.floor((now.getTime() + CHINA_OFFSET_MS) / 86_400_000);
  if (day !== latestMemo.day || maxFutureDays !== latestMemo.maxFutureDays) {
    latestMemo = { day, maxFutureDays, latest: addDays(chinaToday(now), maxFutureDays) };
  }
  return latestMemo.latest;
}

function rules(value: unknown, opts: ValidateInstrumentOptions = {}, reported: ReadonlySet<string>): FieldViolation[] {
  if (!isObject(value)) return [];
  const out: FieldViolation[] = [];
  const refused = (field: string) => reported.has(field) || out.some((v) => v.field === field);
  const isValidCategoryCode = opts.isValidCategoryCode ?? nationalCategoryCodeCheck;
  if (typeof value.categoryCode === 'string' && !refused('categoryCode') && !isValidCategoryCode(value.categoryCode)) {
    out.push({
      field: 'categoryCode',
      message: `must be a national instrument category code such as '01' (class) or '0101' (sub-class), got ${JSON.stringify(value.categoryCode.length > 60 ? `${value.categoryCode.slice(0, 57)}...` : value.categoryCode)}`,
    });
  }
  const maxFutureDays = opts.maxFutureDays ?? L.maxFutureDaysDefault;
  const latest = latestDate(opts.now ?? new Date(), maxFutureDays);
  for (const [field, s] of dates(value)) {
    if (typeof s !== 'string' || !ISO_DATE_SHAPE.test(s) || refused(field)) continue;
    if (!isCalendarDate(s)) out.push({ field, message: `must be a real calendar date, got ${s} (no such day)` });
    else if (s < L.earliestDate) out.push({ field, message: `must not be before ${L.earliestDate}, got ${s}` });
    else if (s > latest) out.push({ field, message: `must not be more than ${maxFutureDays} days in the future (latest ${latest}), got ${s}` });
  }
  const { acceptanceDate, provincialJoinDate } = value;
  // ISO dates compare correctly as strings. Joining the platform before
  // acceptance would make the Art. 13 30-working-day clock negative.
  if (
    typeof acceptanceDate === 'string' &&
    typeof provincialJoinDate === 'string' &&
    !refused('acceptanceDate') &&
    !refused('provincialJoinDate') &&
    provincialJoinDate < acceptanceDate
  ) {
    out.push({
      field: 'provincialJoinDate',
      message: `must be on or after acceptanceDate (${acceptanceDate}): an instrument joins the provincial platform after installation acceptance, got ${provincialJoinDate}`,
    });
  }
  const tiers = isObject(value.fee) && Array.isArray(value.fee.tiers) && !refused('fee') && !refused('fee.tiers') ? value.fee.tiers : [];
  let previous: { index: number; minQuantity: number } | undefined;
  tiers.forEach((tier, i) => {
    const minQuantity = isObject(tier) ? tier.minQuantity : undefined;
    const field = `fee.tiers[${i}].minQuantity`;
    if (typeof minQuantity !== 'number' || refused(field) || refused(`fee.tiers[${i}]`)) return;
    if (previous !== undefined && minQuantity <= previous.minQuantity) {
      out.push({
        field,
        message: `must be greater than fee.tiers[${previous.index}].minQuantity (${previous.minQuantity}): tiers are sorted by strictly increasing minQuantity, got ${minQuantity}`,
      });
    }
    previous = { index: i, minQuantity };
  });
  // Art. 11: an exemption stands only with the competent department's approval
  // and the filing with the provincial office both on record.
  const confidentiality = value.confidentiality;
  const aboutConfidentiality = (f: string) => f === 'confidentiality' || f.startsWith('confidentiality.');
  const confidentialityRefused = [...reported].some(aboutConfidentiality) || out.some((v) => aboutConfidentiality(v.field));
  if (!opts.exemptionByDecision && isObject(confidentiality) && !confidentialityRefused) {
    for (const v of validateExemption(confidentiality as unknown as InstrumentInput['confidentiality'])) out.push({ field: v.field, message: v.messageEn });
  }
  return out;
}

export const instrumentInput = new InputContract<InstrumentInput, ValidateInstrumentOptions>('InstrumentInput', schema, {
  normalise: (value) => normalise(value),
  check: rules,
  // Limits left out are the gateway's defaults: an empty object says nothing.
  finish: (value) => {
    if (value.bookingLimits && Object.keys(value.bookingLimits).length === 0) delete value.bookingLimits;
    return value;
  },
});

export function validateInstrumentInput(raw: unknown, opts: ValidateInstrumentOptions = {}): InstrumentInputResult {
  return instrumentInput.check(raw, opts);
}
