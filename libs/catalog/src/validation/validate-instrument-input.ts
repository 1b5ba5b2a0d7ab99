import type { FieldViolation } from '@app/common';
import { validateExemption } from '@app/policy';
import { isValidCategoryCode as nationalCategoryCodeCheck } from '../domain/categories';
import {
  CONFIDENTIALITY_STATUSES,
  FEE_UNITS,
  FUNDING_SOURCES,
  SERVICE_MODES,
  type BookingLimits,
  type Confidentiality,
  type DutyFreeImport,
  type FeeStandard,
  type FeeTier,
  type GeoPoint,
  type InstrumentInput,
  type ServiceMode,
} from '../domain/instrument';
import { addDays, chinaToday, isCalendarDate } from './calendar-date';

/**
 * Validation of the instrument body (POST/PUT /instruments, bulk import rows).
 *
 * Strict by design: the body is a public contract (OpenAPI: "unknown fields
 * are rejected"), so a misspelt optional field must fail loudly instead of
 * being dropped — a dropped `confidentiality` or `dutyFreeImport` would
 * silently turn off an exclusion or a customs gate. Every problem is collected
 * (not fail-fast) so a unit fixing a form or a spreadsheet row sees all of
 * them at once, each with the exact path of the offending value.
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

export type InstrumentInputResult =
  | { ok: true; value: InstrumentInput }
  | { ok: false; violations: FieldViolation[] };

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

// Keys of each object, in the order the normalised value is built. The
// `satisfies` / exhaustiveness checks below keep them in step with the domain
// types: adding a field to InstrumentInput without validating it fails tsc.
const ROOT_KEYS = [
  'localId',
  'name',
  'nameEn',
  'model',
  'manufacturer',
  'countryOfOrigin',
  'description',
  'categoryCode',
  'valueCny',
  'fundingSource',
  'unitId',
  'city',
  'address',
  'location',
  'acceptanceDate',
  'provincialJoinDate',
  'iotSensorId',
  'serviceModes',
  'fee',
  'confidentiality',
  'dutyFreeImport',
  'requiresOwnerApproval',
  'bookingLimits',
] as const satisfies readonly (keyof InstrumentInput)[];
const BOOKING_LIMIT_KEYS = ['maxWindowHours', 'maxAheadDays', 'maxActivePerRequester', 'maxActivePerPartner'] as const satisfies readonly (keyof BookingLimits)[];
/** Upper bounds of a unit's booking limits: the booking request's own bounds (14 days, 366 days ahead). */
const BOOKING_LIMIT_MAX: Record<keyof BookingLimits, number> = { maxWindowHours: 336, maxAheadDays: 366, maxActivePerRequester: 1000, maxActivePerPartner: 1000 };
const LOCATION_KEYS = ['lat', 'lon'] as const satisfies readonly (keyof GeoPoint)[];
const FEE_KEYS = [
  'unit',
  'internalPriceCny',
  'externalPriceCny',
  'tiers',
  'setupFeeCny',
  'note',
] as const satisfies readonly (keyof FeeStandard)[];
const TIER_KEYS = ['minQuantity', 'internalPriceCny', 'externalPriceCny'] as const satisfies readonly (keyof FeeTier)[];
const CONFIDENTIALITY_KEYS = [
  'status',
  'approvedBy',
  'approvalRef',
  'approvalDate',
  'filingRef',
  'filingDate',
  'note',
] as const satisfies readonly (keyof Confidentiality)[];
const DUTY_FREE_KEYS = ['declarationNo', 'releaseDate', 'supervisionYears'] as const satisfies readonly (keyof DutyFreeImport)[];

type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : never;
const exhaustive: [
  Exhaustive<keyof InstrumentInput, (typeof ROOT_KEYS)[number]>,
  Exhaustive<keyof GeoPoint, (typeof LOCATION_KEYS)[number]>,
  Exhaustive<keyof FeeStandard, (typeof FEE_KEYS)[number]>,
  Exhaustive<keyof FeeTier, (typeof TIER_KEYS)[number]>,
  Exhaustive<keyof Confidentiality, (typeof CONFIDENTIALITY_KEYS)[number]>,
  Exhaustive<keyof DutyFreeImport, (typeof DUTY_FREE_KEYS)[number]>,
  Exhaustive<keyof BookingLimits, (typeof BOOKING_LIMIT_KEYS)[number]>,
] = [true, true, true, true, true, true, true];
void exhaustive;

/** Violations about unknown keys are capped per object so a hostile body cannot balloon the response. */
const MAX_UNKNOWN_REPORTED = 20;

// Single-line fields refuse every C0/C1 control char (and the Unicode line
// separators), which would break CSV exports, logs and table layouts.
const CONTROL_SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// Multi-line fields (description, notes) may keep tab and line breaks.
const CONTROL_MULTI_LINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LOCAL_ID = /^[A-Za-z0-9._-]+$/;
const ISO_DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
// Shortest round-trip decimal form of a JS number; at most two decimals means
// whole fen. Working on the string avoids float tolerance games (0.1 + 0.2).
const MONEY_SHAPE = /^\d+(\.\d{1,2})?$/;

class Violations {
  readonly list: FieldViolation[] = [];
  add(field: string, message: string): void {
    this.list.push({ field, message });
  }
}

interface Ctx {
  v: Violations;
  isValidCategoryCode: (code: string) => boolean;
  earliestDate: string;
  latestDate: string;
  maxFutureDays: number;
}

type Obj = Record<string, unknown>;

export function validateInstrumentInput(raw: unknown, opts: ValidateInstrumentOptions = {}): InstrumentInputResult {
  const maxFutureDays = opts.maxFutureDays ?? INSTRUMENT_LIMITS.maxFutureDaysDefault;
  const ctx: Ctx = {
    v: new Violations(),
    isValidCategoryCode: opts.isValidCategoryCode ?? nationalCategoryCodeCheck,
    earliestDate: INSTRUMENT_LIMITS.earliestDate,
    latestDate: addDays(chinaToday(opts.now ?? new Date()), maxFutureDays),
    maxFutureDays,
  };

  const body = readObject(ctx, raw, '', ROOT_KEYS, 'the instrument');
  if (body === undefined) {
    if (ctx.v.list.length === 0) ctx.v.add('(root)', 'is required: an instrument object');
    return { ok: false, violations: ctx.v.list };
  }

  const L = INSTRUMENT_LIMITS;
  const localId = readString(ctx, body, 'localId', '', {
    required: true,
    max: L.localIdMax,
    pattern: LOCAL_ID,
    patternMessage: 'may only contain letters A–Z/a–z, digits, dot, underscore and hyphen',
  });
  const name = readString(ctx, body, 'name', '', { required: true, max: L.nameMax });
  const nameEn = readString(ctx, body, 'nameEn', '', { max: L.shortTextMax });
  const model = readString(ctx, body, 'model', '', { max: L.shortTextMax });
  const manufacturer = readString(ctx, body, 'manufacturer', '', { max: L.shortTextMax });
  const countryOfOrigin = readString(ctx, body, 'countryOfOrigin', '', { max: L.shortTextMax });
  const description = readString(ctx, body, 'description', '', { max: L.descriptionMax, multiline: true });

  let categoryCode = readString(ctx, body, 'categoryCode', '', { required: true, max: 16 });
  if (categoryCode !== undefined && !ctx.isValidCategoryCode(categoryCode)) {
    ctx.v.add(
      'categoryCode',
      `must be a national instrument category code such as '01' (class) or '0101' (sub-class), got ${quote(categoryCode)}`,
    );
    categoryCode = undefined;
  }

  const valueCny = readMoney(ctx, body, 'valueCny', '', true);
  const fundingSource = readEnum(ctx, body, 'fundingSource', '', FUNDING_SOURCES, true);
  const unitId = readString(ctx, body, 'unitId', '', { required: true, max: L.unitIdMax });
  const city = readString(ctx, body, 'city', '', { required: true, max: L.cityMax });
  const address = readString(ctx, body, 'address', '', { max: L.addressMax });
  const location = readLocation(ctx, body);
  const acceptanceDate = readDate(ctx, body, 'acceptanceDate', '', false);
  let provincialJoinDate = readDate(ctx, body, 'provincialJoinDate', '', false);
  if (acceptanceDate !== undefined && provincialJoinDate !== undefined && provincialJoinDate < acceptanceDate) {
    // ISO dates compare correctly as strings. Joining the platform before
    // acceptance would make the Art. 13 30-working-day clock negative.
    ctx.v.add(
      'provincialJoinDate',
      `must be on or after acceptanceDate (${acceptanceDate}): an instrument joins the provincial platform after installation acceptance, got ${provincialJoinDate}`,
    );
    provincialJoinDate = undefined;
  }
  const iotSensorId = readString(ctx, body, 'iotSensorId', '', { max: L.iotSensorIdMax });
  const serviceModes = readServiceModes(ctx, body);
  const fee = readFee(ctx, body);
  const confidentiality = readConfidentiality(ctx, body);
  const dutyFreeImport = readDutyFreeImport(ctx, body);
  const requiresOwnerApproval = readBoolean(ctx, body, 'requiresOwnerApproval', '');
  const bookingLimits = readBookingLimits(ctx, body);
  // Art. 11: an exemption stands only with the competent department's approval
  // and the filing with the provincial office both on record.
  if (confidentiality && !opts.exemptionByDecision) {
    for (const v of validateExemption(confidentiality)) ctx.v.list.push({ field: v.field, message: v.messageEn });
  }

  if (ctx.v.list.length > 0) return { ok: false, violations: ctx.v.list };

  // Every required value is defined here (a missing one added a violation);
  // the casts only tell the compiler what the checks above established.
  const value: InstrumentInput = {
    localId: localId!,
    name: name!,
    ...defined({ nameEn, model, manufacturer, countryOfOrigin, description }),
    categoryCode: categoryCode!,
    valueCny: valueCny!,
    fundingSource: fundingSource!,
    unitId: unitId!,
    city: city!,
    ...defined({ address, location, acceptanceDate, provincialJoinDate, iotSensorId }),
    serviceModes: serviceModes!,
    ...defined({ fee }),
    confidentiality: confidentiality!,
    ...defined({ dutyFreeImport, requiresOwnerApproval, bookingLimits }),
  };
  return { ok: true, value };
}

// ---------------------------------------------------------------- objects

function readLocation(ctx: Ctx, body: Obj): GeoPoint | undefined {
  const o = readObject(ctx, get(body, 'location'), 'location', LOCATION_KEYS, 'a location {lat, lon} in decimal degrees (WGS-84)', false);
  if (o === undefined) return undefined;
  const lat = readNumber(ctx, o, 'lat', 'location', { required: true, min: -90, max: 90, expected: 'a latitude between -90 and 90 (decimal degrees)' });
  const lon = readNumber(ctx, o, 'lon', 'location', { required: true, min: -180, max: 180, expected: 'a longitude between -180 and 180 (decimal degrees)' });
  return lat === undefined || lon === undefined ? undefined : { lat, lon };
}

function readServiceModes(ctx: Ctx, body: Obj): ServiceMode[] | undefined {
  const raw = get(body, 'serviceModes');
  const expected = `an array of distinct service modes from ${list(SERVICE_MODES)} (may be empty)`;
  if (raw === undefined) {
    ctx.v.add('serviceModes', `is required: ${expected}`);
    return undefined;
  }
  if (!Array.isArray(raw)) {
    ctx.v.add('serviceModes', `must be ${expected}, got ${describe(raw)}`);
    return undefined;
  }
  if (raw.length > SERVICE_MODES.length) {
    // Only 3 distinct values exist: a longer list necessarily repeats one;
    // one violation instead of one per element keeps huge arrays cheap.
    ctx.v.add('serviceModes', `must be ${expected}: at most ${SERVICE_MODES.length} entries, got ${raw.length}`);
    return undefined;
  }
  const out: ServiceMode[] = [];
  let ok = true;
  raw.forEach((item, i) => {
    const path = `serviceModes[${i}]`;
    const mode = typeof item === 'string' ? item.trim() : item;
    if (typeof mode !== 'string' || !(SERVICE_MODES as readonly string[]).includes(mode)) {
      ctx.v.add(path, `must be one of ${list(SERVICE_MODES)}, got ${describe(item)}`);
      ok = false;
      return;
    }
    const first = out.indexOf(mode as ServiceMode);
    if (first >= 0) {
      ctx.v.add(path, `duplicates serviceModes[${raw.findIndex((x) => typeof x === 'string' && x.trim() === mode)}]: each service mode may be listed once`);
      ok = false;
      return;
    }
    out.push(mode as ServiceMode);
  });
  return ok ? out : undefined;
}

function readFee(ctx: Ctx, body: Obj): FeeStandard | undefined {
  const o = readObject(ctx, get(body, 'fee'), 'fee', FEE_KEYS, 'a fee standard {unit, internalPriceCny, externalPriceCny, tiers?, setupFeeCny?, note?}', false);
  if (o === undefined) return undefined;
  const before = ctx.v.list.length;
  const unit = readEnum(ctx, o, 'unit', 'fee', FEE_UNITS, true);
  const internalPriceCny = readMoney(ctx, o, 'internalPriceCny', 'fee', true);
  const externalPriceCny = readMoney(ctx, o, 'externalPriceCny', 'fee', true);
  const tiers = readTiers(ctx, o);
  const setupFeeCny = readMoney(ctx, o, 'setupFeeCny', 'fee', false);
  const note = readString(ctx, o, 'note', 'fee', { max: INSTRUMENT_LIMITS.noteMax, multiline: true });
  if (ctx.v.list.length > before) return undefined;
  return { unit: unit!, internalPriceCny: internalPriceCny!, externalPriceCny: externalPriceCny!, ...defined({ tiers, setupFeeCny, note }) };
}

function readTiers(ctx: Ctx, fee: Obj): FeeTier[] | undefined {
  const raw = get(fee, 'tiers');
  if (raw === undefined) return undefined;
  const expected = 'an array of price tiers {minQuantity, internalPriceCny, externalPriceCny} sorted by strictly increasing minQuantity';
  if (!Array.isArray(raw)) {
    ctx.v.add('fee.tiers', `must be ${expected}, got ${describe(raw)}`);
    return undefined;
  }
  if (raw.length > INSTRUMENT_LIMITS.maxTiers) {
    ctx.v.add('fee.tiers', `must have at most ${INSTRUMENT_LIMITS.maxTiers} tiers, got ${raw.length}`);
    return undefined;
  }
  const out: FeeTier[] = [];
  let ok = true;
  let previous: { index: number; minQuantity: number } | undefined;
  raw.forEach((item, i) => {
    const path = `fee.tiers[${i}]`;
    const o = readObject(ctx, item, path, TIER_KEYS, 'a price tier {minQuantity, internalPriceCny, externalPriceCny}', true);
    if (o === undefined) {
      ok = false;
      return;
    }
    const minQuantity = readNumber(ctx, o, 'minQuantity', path, {
      required: true,
      min: 0,
      minExclusive: true,
      max: 1e9,
      expected: 'a quantity greater than 0 (in the fee unit) from which this tier applies',
    });
    const internalPriceCny = readMoney(ctx, o, 'internalPriceCny', path, true);
    const externalPriceCny = readMoney(ctx, o, 'externalPriceCny', path, true);
    if (minQuantity !== undefined) {
      if (previous !== undefined && minQuantity <= previous.minQuantity) {
        ctx.v.add(
          `${path}.minQuantity`,
          `must be greater than fee.tiers[${previous.index}].minQuantity (${previous.minQuantity}): tiers are sorted by strictly increasing minQuantity, got ${minQuantity}`,
        );
        ok = false;
      }
      previous = { index: i, minQuantity };
    }
    if (minQuantity === undefined || internalPriceCny === undefined || externalPriceCny === undefined) {
      ok = false;
      return;
    }
    out.push({ minQuantity, internalPriceCny, externalPriceCny });
  });
  return ok ? out : undefined;
}

function readBookingLimits(ctx: Ctx, body: Obj): BookingLimits | undefined {
  const o = readObject(ctx, get(body, 'bookingLimits'), 'bookingLimits', BOOKING_LIMIT_KEYS, 'booking limits {maxWindowHours?, maxAheadDays?, maxActivePerRequester?, maxActivePerPartner?}', false);
  if (o === undefined) return undefined;
  const out: BookingLimits = {};
  for (const key of BOOKING_LIMIT_KEYS) {
    const value = readNumber(ctx, o, key, 'bookingLimits', { required: false, integer: true, min: 1, max: BOOKING_LIMIT_MAX[key], expected: `a whole number from 1 to ${BOOKING_LIMIT_MAX[key]}` });
    if (value !== undefined) out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function readConfidentiality(ctx: Ctx, body: Obj): Confidentiality | undefined {
  const o = readObject(
    ctx,
    get(body, 'confidentiality'),
    'confidentiality',
    CONFIDENTIALITY_KEYS,
    `a confidentiality object {status: ${list(CONFIDENTIALITY_STATUSES)}, approvedBy?, approvalRef?, approvalDate?, filingRef?, filingDate?, note?}`,
    true,
  );
  if (o === undefined) return undefined;
  const before = ctx.v.list.length;
  const p = 'confidentiality';
  const max = INSTRUMENT_LIMITS.shortTextMax;
  const status = readEnum(ctx, o, 'status', p, CONFIDENTIALITY_STATUSES, true);
  const approvedBy = readString(ctx, o, 'approvedBy', p, { max });
  const approvalRef = readString(ctx, o, 'approvalRef', p, { max });
  const approvalDate = readDate(ctx, o, 'approvalDate', p, false);
  const filingRef = readString(ctx, o, 'filingRef', p, { max });
  const filingDate = readDate(ctx, o, 'filingDate', p, false);
  const note = readString(ctx, o, 'note', p, { max: INSTRUMENT_LIMITS.noteMax, multiline: true });
  if (ctx.v.list.length > before) return undefined;
  return { status: status!, ...defined({ approvedBy, approvalRef, approvalDate, filingRef, filingDate, note }) };
}

function readDutyFreeImport(ctx: Ctx, body: Obj): DutyFreeImport | undefined {
  const o = readObject(ctx, get(body, 'dutyFreeImport'), 'dutyFreeImport', DUTY_FREE_KEYS, 'a duty-free import record {declarationNo, releaseDate, supervisionYears?}', false);
  if (o === undefined) return undefined;
  const p = 'dutyFreeImport';
  const L = INSTRUMENT_LIMITS;
  const declarationNo = readString(ctx, o, 'declarationNo', p, { required: true, max: L.declarationNoMax, what: 'the customs declaration number' });
  const releaseDate = readDate(ctx, o, 'releaseDate', p, true);
  const years = readNumber(ctx, o, 'supervisionYears', p, {
    required: false,
    integer: true,
    min: L.supervisionYearsMin,
    max: L.supervisionYearsMax,
    expected: `a whole number of years from ${L.supervisionYearsMin} to ${L.supervisionYearsMax} (default ${L.supervisionYearsDefault})`,
  });
  if (declarationNo === undefined || releaseDate === undefined) return undefined;
  if (get(o, 'supervisionYears') !== undefined && years === undefined) return undefined;
  // Customs supervision of duty-free scientific instruments is usually 3
  // years; the default is applied here so every stored record carries it.
  return { declarationNo, releaseDate, supervisionYears: years ?? L.supervisionYearsDefault };
}

// ---------------------------------------------------------------- primitives

function readObject(
  ctx: Ctx,
  raw: unknown,
  path: string,
  keys: readonly string[],
  expected: string,
  required = true,
): Obj | undefined {
  const field = path === '' ? '(root)' : path;
  if (raw === undefined) {
    if (required && path !== '') ctx.v.add(field, `is required: ${expected}`);
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    ctx.v.add(field, `must be ${expected}, got ${describe(raw)}`);
    return undefined;
  }
  const o = raw as Obj;
  let reported = 0;
  const unknown = Object.keys(o).filter((k) => !keys.includes(k));
  for (const key of unknown) {
    if (reported === MAX_UNKNOWN_REPORTED) {
      ctx.v.add(field, `has ${unknown.length - reported} more unknown fields (not listed)`);
      break;
    }
    const hint = suggest(key, keys);
    ctx.v.add(join(path, key), `is not a known field${hint ? `; did you mean '${hint}'?` : `; allowed: ${keys.join(', ')}`}`);
    reported++;
  }
  return o;
}

interface StringRule {
  required?: boolean;
  max: number;
  multiline?: boolean;
  pattern?: RegExp;
  patternMessage?: string;
  what?: string;
}

function readString(ctx: Ctx, o: Obj, key: string, parent: string, rule: StringRule): string | undefined {
  const path = join(parent, key);
  const raw = get(o, key);
  const expected = `${rule.what ? `${rule.what}, ` : ''}a string of ${rule.required ? 1 : 0}–${rule.max} characters`;
  if (raw === undefined) {
    if (rule.required) ctx.v.add(path, `is required: ${expected}`);
    return undefined;
  }
  if (typeof raw !== 'string') {
    ctx.v.add(path, `must be ${expected}, got ${describe(raw)}${raw === null && !rule.required ? ' (omit the field instead of sending null)' : ''}`);
    return undefined;
  }
  const s = raw.trim();
  if (s === '') {
    // A blank optional field (HTML forms send "") means "not given".
    if (rule.required) ctx.v.add(path, `must not be empty: ${expected}`);
    return undefined;
  }
  const length = codePoints(s);
  if (length > rule.max) {
    ctx.v.add(path, `must be at most ${rule.max} characters, got ${length}`);
    return undefined;
  }
  if ((rule.multiline ? CONTROL_MULTI_LINE : CONTROL_SINGLE_LINE).test(s)) {
    ctx.v.add(
      path,
      rule.multiline
        ? 'must not contain control characters (line breaks and tabs are allowed)'
        : 'must be a single line without control characters (no line breaks, tabs or invisible control codes)',
    );
    return undefined;
  }
  if (rule.pattern && !rule.pattern.test(s)) {
    ctx.v.add(path, `${rule.patternMessage ?? 'has an invalid format'}, got ${quote(s)}`);
    return undefined;
  }
  return s;
}

interface NumberRule {
  required: boolean;
  min: number;
  max: number;
  minExclusive?: boolean;
  integer?: boolean;
  expected: string;
}

function readNumber(ctx: Ctx, o: Obj, key: string, parent: string, rule: NumberRule): number | undefined {
  const path = join(parent, key);
  const raw = get(o, key);
  if (raw === undefined) {
    if (rule.required) ctx.v.add(path, `is required: ${rule.expected}`);
    return undefined;
  }
  // No coercion of numeric strings: the body is JSON, and "1e3" vs "1,000"
  // vs "1.000" ambiguity is exactly what the import mapper resolves instead.
  if (typeof raw !== 'number') {
    ctx.v.add(path, `must be ${rule.expected}, got ${describe(raw)}`);
    return undefined;
  }
  if (!Number.isFinite(raw)) {
    ctx.v.add(path, `must be ${rule.expected}, got a non-finite number`);
    return undefined;
  }
  if (rule.integer && !Number.isInteger(raw)) {
    ctx.v.add(path, `must be ${rule.expected}, got ${raw}`);
    return undefined;
  }
  if ((rule.minExclusive ? raw <= rule.min : raw < rule.min) || raw > rule.max) {
    ctx.v.add(path, `must be ${rule.expected}, got ${raw}`);
    return undefined;
  }
  // -0 would print as 0 but serialise oddly in some clients; normalise it.
  return raw === 0 ? 0 : raw;
}

function readMoney(ctx: Ctx, o: Obj, key: string, parent: string, required: boolean): number | undefined {
  const expected = `an amount in CNY from 0 to ${INSTRUMENT_LIMITS.moneyMax.toExponential()} with at most 2 decimals`;
  const n = readNumber(ctx, o, key, parent, { required, min: 0, max: INSTRUMENT_LIMITS.moneyMax, expected });
  if (n === undefined) return undefined;
  if (!MONEY_SHAPE.test(String(n))) {
    ctx.v.add(join(parent, key), `must be ${expected} (whole fen), got ${n}`);
    return undefined;
  }
  return n;
}

function readEnum<T extends string>(
  ctx: Ctx,
  o: Obj,
  key: string,
  parent: string,
  values: readonly T[],
  required: boolean,
): T | undefined {
  const path = join(parent, key);
  const raw = get(o, key);
  const expected = `one of ${list(values)}`;
  if (raw === undefined) {
    if (required) ctx.v.add(path, `is required: ${expected}`);
    return undefined;
  }
  const s = typeof raw === 'string' ? raw.trim() : raw;
  if (typeof s !== 'string' || !(values as readonly string[]).includes(s)) {
    ctx.v.add(path, `must be ${expected}, got ${describe(raw)}`);
    return undefined;
  }
  return s as T;
}

function readDate(ctx: Ctx, o: Obj, key: string, parent: string, required: boolean): string | undefined {
  const path = join(parent, key);
  const raw = get(o, key);
  const expected = 'a date in YYYY-MM-DD format';
  if (raw === undefined) {
    if (required) ctx.v.add(path, `is required: ${expected}`);
    return undefined;
  }
  if (typeof raw !== 'string') {
    ctx.v.add(path, `must be ${expected}, got ${describe(raw)}`);
    return undefined;
  }
  const s = raw.trim();
  if (!ISO_DATE_SHAPE.test(s)) {
    ctx.v.add(path, `must be ${expected} (e.g. 2024-03-05), got ${quote(s)}`);
    return undefined;
  }
  if (!isCalendarDate(s)) {
    ctx.v.add(path, `must be a real calendar date, got ${s} (no such day)`);
    return undefined;
  }
  if (s < ctx.earliestDate) {
    ctx.v.add(path, `must not be before ${ctx.earliestDate}, got ${s}`);
    return undefined;
  }
  if (s > ctx.latestDate) {
    ctx.v.add(path, `must not be more than ${ctx.maxFutureDays} days in the future (latest ${ctx.latestDate}), got ${s}`);
    return undefined;
  }
  return s;
}

function readBoolean(ctx: Ctx, o: Obj, key: string, parent: string): boolean | undefined {
  const raw = get(o, key);
  if (raw === undefined) return undefined;
  if (typeof raw !== 'boolean') {
    ctx.v.add(join(parent, key), `must be true or false, got ${describe(raw)}`);
    return undefined;
  }
  return raw;
}

// ---------------------------------------------------------------- helpers

/** Own properties only: a body key like `constructor` must not reach Object.prototype. */
function get(o: Obj, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

function join(parent: string, key: string): string {
  // Bracket-quote keys that would make a dotted path ambiguous.
  const safe = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : null;
  if (parent === '') return safe ?? `[${JSON.stringify(key)}]`;
  return safe ? `${parent}.${safe}` : `${parent}[${JSON.stringify(key)}]`;
}

function defined<T extends Obj>(o: T): Partial<T> {
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as Partial<T>;
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function list(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}

function quote(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);
}

function describe(raw: unknown): string {
  if (raw === null) return 'null';
  if (Array.isArray(raw)) return 'an array';
  switch (typeof raw) {
    case 'string':
      return `the string ${quote(raw)}`;
    case 'number':
      return Number.isFinite(raw) ? `the number ${raw}` : 'a non-finite number';
    case 'boolean':
      return `${raw}`;
    case 'object':
      return 'an object';
    default:
      return typeof raw;
  }
}

/** Typo help: `local_id`, `LocalID` → `localId`. */
function suggest(key: string, keys: readonly string[]): string | undefined {
  const fold = (s: string) => s.toLowerCase().replace(/[_\-\s]/g, '');
  const k = fold(key);
  return keys.find((candidate) => fold(candidate) === k);
}
