import { isValidCategoryCode as nationalCategoryCodeCheck } from '../domain/categories';
import { FEE_UNITS, FUNDING_SOURCES, SERVICE_MODES, type InstrumentInput } from '../domain/instrument';
import { isCalendarDate } from './calendar-date';
import {
  INSTRUMENT_LIMITS as L,
  ISO_DATE_SHAPE,
  latestDate,
  MULTI_LINE,
  SINGLE_LINE,
  validateInstrumentInput,
  type InstrumentInputResult,
  type ValidateInstrumentOptions,
} from './validate-instrument-input';

/*
 * The instrument contract for records our code builds from typed fields (a
 * partner's protobuf record after wire mapping): the same contract as
 * `validateInstrumentInput`, in a cheaper pass for the records it accepts. A
 * sync reads ~100,000 of them, nearly all valid, and the general pass (a
 * normalising copy walked over the schema, then ajv, then the rules) was the
 * largest share of the worker's CPU a record.
 *
 * The pass below only ever says "valid, and this is the value": it accepts a
 * record only when every keyword of the schema and every rule holds, and
 * builds the value the general pass would (text trimmed, blank optional text
 * absent, -0 as 0, the supervision years' default). Anything it is not sure of
 * (a value out of bounds, a type it does not expect, a field it does not know,
 * text longer than its limit in UTF-16 units, an exemption) goes to
 * `validateInstrumentInput`, so every refusal is the general pass's, with its
 * fields and messages. `validate-instrument-record.spec.ts` pins the two
 * together.
 */

// ajv compiles patterns with the `u` flag; so do these.
const SINGLE_LINE_RE = new RegExp(SINGLE_LINE, 'u');
const MULTI_LINE_RE = new RegExp(MULTI_LINE, 'u');
const LOCAL_ID_RE = /^[A-Za-z0-9._-]+$/u;
const FEN_RE = /^\d+(\.\d{1,2})?$/;
const FUNDING = new Set<string>(FUNDING_SOURCES);
const MODES = new Set<string>(SERVICE_MODES);
const FEE_UNIT_SET = new Set<string>(FEE_UNITS);

/** Not sure: the general pass decides. */
const UNSURE = Symbol('unsure');
type Unsure = typeof UNSURE;

type Obj = Record<string, unknown>;
/*
 * Plain data only: an object whose prototype is Object's (or none) and an array whose prototype is
 * Array's, read by index. Anything else (a class instance, a prototype carrying a default, an array
 * with its own iterator) could read differently here than in the general pass: it decides those.
 */
const isObject = (value: unknown): value is Obj => {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};
const isPlainArray = (value: unknown): value is readonly unknown[] => Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype;

/** Text of 1–max (required) or 0–max (optional: blank is absent) characters matching `re`, trimmed; past max in UTF-16 units the general pass counts code points. */
function text(value: unknown, max: number, re: RegExp, required: boolean): string | undefined | Unsure {
  if (typeof value !== 'string') return UNSURE;
  const t = value.trim();
  if (t === '') return required ? UNSURE : undefined;
  return t.length <= max && re.test(t) ? t : UNSURE;
}

function money(value: unknown): number | Unsure {
  if (typeof value !== 'number' || !Number.isFinite(value)) return UNSURE;
  const n = value === 0 ? 0 : value;
  return n >= 0 && n <= L.moneyMax && FEN_RE.test(String(n)) ? n : UNSURE;
}

/** A date the rules accept: its shape, a real day, not before the earliest, not after `latest`. */
function date(value: unknown, latest: string): string | Unsure {
  if (typeof value !== 'string') return UNSURE;
  const t = value.trim();
  return ISO_DATE_SHAPE.test(t) && isCalendarDate(t) && t >= L.earliestDate && t <= latest ? t : UNSURE;
}

function location(value: unknown): { lat: number; lon: number } | Unsure {
  if (!isObject(value)) return UNSURE;
  let lat: unknown;
  let lon: unknown;
  for (const key of Object.keys(value)) {
    if (key === 'lat') lat = value.lat;
    else if (key === 'lon') lon = value.lon;
    else if (value[key] !== undefined) return UNSURE;
  }
  if (typeof lat !== 'number' || typeof lon !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lon)) return UNSURE;
  if (lat < -90 || lat > 90 || lon < -180 || lon > 180) return UNSURE;
  return { lat: lat === 0 ? 0 : lat, lon: lon === 0 ? 0 : lon };
}

function serviceModes(value: unknown): InstrumentInput['serviceModes'] | Unsure {
  if (!isPlainArray(value) || value.length > SERVICE_MODES.length) return UNSURE;
  const out: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const mode = value[i];
    if (typeof mode !== 'string') return UNSURE;
    const t = mode.trim();
    if (!MODES.has(t) || out.includes(t)) return UNSURE;
    out.push(t);
  }
  return out as InstrumentInput['serviceModes'];
}

type Tier = NonNullable<NonNullable<InstrumentInput['fee']>['tiers']>[number];

function tier(value: unknown, previous: number): Tier | Unsure {
  if (!isObject(value)) return UNSURE;
  const out: Obj = {};
  let seen = 0;
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (v === undefined) continue;
    if (key === 'minQuantity') {
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > 1e9 || v <= previous) return UNSURE;
      out.minQuantity = v;
    } else if (key === 'internalPriceCny' || key === 'externalPriceCny') {
      const n = money(v);
      if (n === UNSURE) return UNSURE;
      out[key] = n;
    } else return UNSURE;
    seen += 1;
  }
  return seen === 3 ? (out as unknown as Tier) : UNSURE;
}

function fee(value: unknown): InstrumentInput['fee'] | Unsure {
  if (!isObject(value)) return UNSURE;
  const out: Obj = {};
  let required = 0;
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (v === undefined) continue;
    switch (key) {
      case 'unit': {
        const t = typeof v === 'string' ? v.trim() : undefined;
        if (t === undefined || !FEE_UNIT_SET.has(t)) return UNSURE;
        out.unit = t;
        required += 1;
        break;
      }
      case 'internalPriceCny':
      case 'externalPriceCny': {
        const n = money(v);
        if (n === UNSURE) return UNSURE;
        out[key] = n;
        required += 1;
        break;
      }
      case 'setupFeeCny': {
        const n = money(v);
        if (n === UNSURE) return UNSURE;
        out.setupFeeCny = n;
        break;
      }
      case 'tiers': {
        if (!isPlainArray(v) || v.length > L.maxTiers) return UNSURE;
        const tiers: Tier[] = [];
        let previous = -Infinity;
        for (let i = 0; i < v.length; i++) {
          const t = tier(v[i], previous);
          if (t === UNSURE) return UNSURE;
          tiers.push(t);
          previous = t.minQuantity;
        }
        out.tiers = tiers;
        break;
      }
      case 'note': {
        const t = text(v, L.noteMax, MULTI_LINE_RE, false);
        if (t === UNSURE) return UNSURE;
        if (t !== undefined) out.note = t;
        break;
      }
      default:
        return UNSURE;
    }
  }
  return required === 3 ? (out as unknown as InstrumentInput['fee']) : UNSURE;
}

function dutyFreeImport(value: unknown, latest: string): InstrumentInput['dutyFreeImport'] | Unsure {
  if (!isObject(value)) return UNSURE;
  const out: Obj = {};
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (v === undefined) continue;
    if (key === 'declarationNo') {
      const t = text(v, L.declarationNoMax, SINGLE_LINE_RE, true);
      if (t === UNSURE) return UNSURE;
      out.declarationNo = t;
    } else if (key === 'releaseDate') {
      const t = date(v, latest);
      if (t === UNSURE) return UNSURE;
      out.releaseDate = t;
    } else if (key === 'supervisionYears') {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < L.supervisionYearsMin || v > L.supervisionYearsMax) return UNSURE;
      out.supervisionYears = v;
    } else return UNSURE;
  }
  if (out.declarationNo === undefined || out.releaseDate === undefined) return UNSURE;
  // The schema's default, written where ajv writes it: after the members given.
  if (out.supervisionYears === undefined) out.supervisionYears = L.supervisionYearsDefault;
  return out as unknown as InstrumentInput['dutyFreeImport'];
}

/**
 * The fields this pass reads and copies. Listed by hand, not taken from the schema: a field the schema
 * gains is not read below, so a record carrying it must go to the general pass rather than lose it.
 */
const KNOWN = new Set([
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
]);

/** The value the general pass would accept the record as, or UNSURE. Fields are read by name (one shape, not a keyed walk): this runs once a record of a sync. */
function accepted(raw: unknown, opts: ValidateInstrumentOptions): InstrumentInput | Unsure {
  // Own members only, as the general pass reads them; bookingLimits (a partner's record carries none) and unknown fields go there too.
  if (!isObject(raw) || Object.getPrototypeOf(raw) !== Object.prototype) return UNSURE;
  for (const key of Object.keys(raw)) if (!KNOWN.has(key)) return UNSURE;
  const r = raw as Partial<Record<keyof InstrumentInput, unknown>>;
  const latest = latestDate(opts.now ?? new Date(), opts.maxFutureDays ?? L.maxFutureDaysDefault);
  const isValidCategoryCode = opts.isValidCategoryCode ?? nationalCategoryCodeCheck;

  const localId = text(r.localId, L.localIdMax, LOCAL_ID_RE, true);
  const name = text(r.name, L.nameMax, SINGLE_LINE_RE, true);
  const nameEn = r.nameEn === undefined ? undefined : text(r.nameEn, L.shortTextMax, SINGLE_LINE_RE, false);
  const model = r.model === undefined ? undefined : text(r.model, L.shortTextMax, SINGLE_LINE_RE, false);
  const manufacturer = r.manufacturer === undefined ? undefined : text(r.manufacturer, L.shortTextMax, SINGLE_LINE_RE, false);
  const countryOfOrigin = r.countryOfOrigin === undefined ? undefined : text(r.countryOfOrigin, L.shortTextMax, SINGLE_LINE_RE, false);
  const description = r.description === undefined ? undefined : text(r.description, L.descriptionMax, MULTI_LINE_RE, false);
  const categoryCode = text(r.categoryCode, 16, SINGLE_LINE_RE, true);
  const valueCny = money(r.valueCny);
  const fundingSource = typeof r.fundingSource === 'string' && FUNDING.has(r.fundingSource.trim()) ? r.fundingSource.trim() : UNSURE;
  const unitId = text(r.unitId, L.unitIdMax, SINGLE_LINE_RE, true);
  const city = text(r.city, L.cityMax, SINGLE_LINE_RE, true);
  const address = r.address === undefined ? undefined : text(r.address, L.addressMax, SINGLE_LINE_RE, false);
  const where = r.location === undefined ? undefined : location(r.location);
  const acceptanceDate = r.acceptanceDate === undefined ? undefined : date(r.acceptanceDate, latest);
  const provincialJoinDate = r.provincialJoinDate === undefined ? undefined : date(r.provincialJoinDate, latest);
  const iotSensorId = r.iotSensorId === undefined ? undefined : text(r.iotSensorId, L.iotSensorIdMax, SINGLE_LINE_RE, false);
  const modes = serviceModes(r.serviceModes);
  const fees = r.fee === undefined ? undefined : fee(r.fee);
  const c = r.confidentiality;
  // Only the plain "not confidential": a declaration or an exemption (Art. 2, 11) takes the general pass.
  const confidentiality =
    isObject(c) && Object.prototype.hasOwnProperty.call(c, 'status') && c.status === 'none' && Object.keys(c).every((k) => k === 'status' || c[k] === undefined)
      ? { status: 'none' as const }
      : UNSURE;
  const duty = r.dutyFreeImport === undefined ? undefined : dutyFreeImport(r.dutyFreeImport, latest);
  const approval = r.requiresOwnerApproval === undefined || typeof r.requiresOwnerApproval === 'boolean' ? r.requiresOwnerApproval : UNSURE;
  if (
    localId === UNSURE ||
    name === UNSURE ||
    nameEn === UNSURE ||
    model === UNSURE ||
    manufacturer === UNSURE ||
    countryOfOrigin === UNSURE ||
    description === UNSURE ||
    categoryCode === UNSURE ||
    valueCny === UNSURE ||
    fundingSource === UNSURE ||
    unitId === UNSURE ||
    city === UNSURE ||
    address === UNSURE ||
    where === UNSURE ||
    acceptanceDate === UNSURE ||
    provincialJoinDate === UNSURE ||
    iotSensorId === UNSURE ||
    modes === UNSURE ||
    fees === UNSURE ||
    confidentiality === UNSURE ||
    duty === UNSURE ||
    approval === UNSURE
  )
    return UNSURE;
  // Required text is never absent here (text() refuses it), but the type does not know.
  if (localId === undefined || name === undefined || categoryCode === undefined || unitId === undefined || city === undefined) return UNSURE;
  if (!isValidCategoryCode(categoryCode)) return UNSURE;
  // ISO dates compare as text: joining the platform before acceptance is refused by the rules.
  if (acceptanceDate !== undefined && provincialJoinDate !== undefined && provincialJoinDate < acceptanceDate) return UNSURE;
  const out: InstrumentInput = {
    localId,
    name,
    categoryCode,
    valueCny,
    fundingSource: fundingSource as InstrumentInput['fundingSource'],
    unitId,
    city,
    serviceModes: modes,
    confidentiality,
  };
  // Absent stays absent (the general pass drops undefined members): set only what is there.
  if (nameEn !== undefined) out.nameEn = nameEn;
  if (model !== undefined) out.model = model;
  if (manufacturer !== undefined) out.manufacturer = manufacturer;
  if (countryOfOrigin !== undefined) out.countryOfOrigin = countryOfOrigin;
  if (description !== undefined) out.description = description;
  if (address !== undefined) out.address = address;
  if (where !== undefined) out.location = where;
  if (acceptanceDate !== undefined) out.acceptanceDate = acceptanceDate;
  if (provincialJoinDate !== undefined) out.provincialJoinDate = provincialJoinDate;
  if (iotSensorId !== undefined) out.iotSensorId = iotSensorId;
  if (fees !== undefined) out.fee = fees;
  if (duty !== undefined) out.dutyFreeImport = duty;
  if (approval !== undefined) out.requiresOwnerApproval = approval;
  return out;
}

/** The cheaper pass alone: the value the general pass would accept the record as, or undefined where it must decide (exported for the spec that pins the two together). */
export function acceptedByRecordPass(raw: unknown, opts: ValidateInstrumentOptions = {}): InstrumentInput | undefined {
  const value = accepted(raw, opts);
  return value === UNSURE ? undefined : value;
}

/**
 * `validateInstrumentInput` for a record built in code from typed fields:
 * the same result, accepted records checked by the cheaper pass above.
 */
export function validateInstrumentRecord(raw: unknown, opts: ValidateInstrumentOptions = {}): InstrumentInputResult {
  const value = accepted(raw, opts);
  return value === UNSURE ? validateInstrumentInput(raw, opts) : { ok: true, value };
}
