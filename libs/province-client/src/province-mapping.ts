import { isRegion, isUnitScopedRegion, type Region } from '@app/common';
import type { FeeStandard, FundingSource, InstrumentInput, ServiceMode } from '@app/catalog';
import type {
  ProvinceChargeStandard,
  ProvinceFundingChannel,
  ProvinceInstrument,
  ProvinceServiceType,
  ProvinceUpsertChange,
  ProvinceInstrumentRecord,
  ProvinceUsageSession,
} from './province-api';

/**
 * The gateway's instrument ↔ the province's, field by field as the spec
 * documents it (openapi/province/openapi.yaml, schema `Instrument`). Kept
 * beside the client so the mapping and the contract change together.
 */

const FUNDING_TO_PROVINCE: Record<FundingSource, ProvinceFundingChannel> = {
  fiscal: 'fiscal',
  state_capital: 'stateCapital',
  other: 'selfRaised',
};
const FUNDING_FROM_PROVINCE = invert(FUNDING_TO_PROVINCE);

const MODE_TO_PROVINCE: Record<ServiceMode, ProvinceServiceType> = {
  self_operated: 'selfOperation',
  operator_assisted: 'operatorAssisted',
  sample_submission: 'sampleTesting',
};
const MODE_FROM_PROVINCE = invert(MODE_TO_PROVINCE);

function invert<K extends string, V extends string>(map: Record<K, V>): Record<V, K> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [v, k])) as Record<V, K>;
}

/** Thrown instead of mapping an instrument that must never reach the province (Art. 11). */
export class ConfidentialInstrumentError extends Error {
  override readonly name = 'ConfidentialInstrumentError';
  constructor(
    readonly localId: string,
    readonly status: string,
  ) {
    super(`instrument ${localId} is ${status} (Art. 11): it is never sent to the provincial platform`);
  }
}

/** CNY with at most two decimals → whole fen. Rounding absorbs binary noise (0.29 × 100 = 28.999…). */
export function cnyToFen(cny: number): number {
  return Math.round(cny * 100);
}

/** Whole fen → CNY; the nearest double to the decimal, so `cnyToFen(fenToCny(x)) === x`. */
export function fenToCny(fen: number): number {
  return fen / 100;
}

/** Copies the defined values only: absent stays absent on both sides (closed schemas, canonical JSON). */
function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(o) as (keyof T)[]) if (o[key] !== undefined) out[key] = o[key];
  return out;
}

function feeToProvince(fee: FeeStandard): ProvinceChargeStandard {
  return {
    chargeUnit: fee.unit,
    internalPriceFen: cnyToFen(fee.internalPriceCny),
    externalPriceFen: cnyToFen(fee.externalPriceCny),
    ...defined({
      tiers: fee.tiers?.map((t) => ({
        fromQuantity: t.minQuantity,
        internalPriceFen: cnyToFen(t.internalPriceCny),
        externalPriceFen: cnyToFen(t.externalPriceCny),
      })),
      setupFeeFen: fee.setupFeeCny === undefined ? undefined : cnyToFen(fee.setupFeeCny),
      remark: fee.note,
    }),
  };
}

function feeFromProvince(fee: ProvinceChargeStandard): FeeStandard {
  return {
    unit: fee.chargeUnit,
    internalPriceCny: fenToCny(fee.internalPriceFen),
    externalPriceCny: fenToCny(fee.externalPriceFen),
    ...defined({
      tiers: fee.tiers?.map((t) => ({
        minQuantity: t.fromQuantity,
        internalPriceCny: fenToCny(t.internalPriceFen),
        externalPriceCny: fenToCny(t.externalPriceFen),
      })),
      setupFeeCny: fee.setupFeeFen === undefined ? undefined : fenToCny(fee.setupFeeFen),
      note: fee.remark,
    }),
  };
}

/**
 * The province's record of a gateway instrument. Refuses (throws
 * ConfidentialInstrumentError) anything but `confidentiality.status: none`:
 * the push path filters these out first, this is the last line.
 * `provincialJoinDate` is not sent: the province decides it (`listedOn`).
 */
export function toProvinceInstrument(input: InstrumentInput, extra: { ownerUnitName?: string } = {}): ProvinceInstrument {
  if (input.confidentiality.status !== 'none') throw new ConfidentialInstrumentError(input.localId, input.confidentiality.status);
  return {
    instrumentName: input.name,
    ...defined({
      instrumentNameEn: input.nameEn,
      specModel: input.model,
      manufacturerName: input.manufacturer,
      originCountry: input.countryOfOrigin,
      mainFunctions: input.description,
    }),
    classificationCode: input.categoryCode,
    originalValueFen: cnyToFen(input.valueCny),
    fundingChannel: FUNDING_TO_PROVINCE[input.fundingSource],
    ownerUnitCode: input.unitId,
    ...defined({ ownerUnitName: extra.ownerUnitName }),
    cityName: input.city,
    ...defined({
      installAddress: input.address,
      geoLocation: input.location && { latitude: input.location.lat, longitude: input.location.lon },
      installAcceptedOn: input.acceptanceDate,
      iotDeviceCode: input.iotSensorId,
    }),
    serviceTypes: input.serviceModes.map((m) => MODE_TO_PROVINCE[m]),
    ...defined({ chargeStandard: input.fee && feeToProvince(input.fee) }),
    confidentiality: 'none',
    ...defined({
      dutyFree: input.dutyFreeImport && {
        customsDeclarationNo: input.dutyFreeImport.declarationNo,
        customsReleaseDate: input.dutyFreeImport.releaseDate,
        supervisionYears: input.dutyFreeImport.supervisionYears,
      },
      ownerApprovalRequired: input.requiresOwnerApproval,
    }),
  };
}

export interface FromProvince {
  /** `<region>:<localId>` as the province keys it. */
  id: string;
  /** Reporting platform (`zhejiang` for the province's own records). */
  reportedBy: string;
  version: number;
  input: InstrumentInput;
}

/**
 * The owning unit's own number: the id's part after the colon, without the
 * unit scope of a unit-scoped registry (`jiaxing:<unitId>.<localId>`).
 */
function localIdOf(id: string, unitCode: string): string {
  const colon = id.indexOf(':');
  const region = id.slice(0, colon);
  const local = id.slice(colon + 1);
  return isRegion(region) && isUnitScopedRegion(region) && local.startsWith(`${unitCode}.`) ? local.slice(unitCode.length + 1) : local;
}

/**
 * A provincial record (from the change feed or GET) as the gateway's input.
 * `localId` is the owning unit's number (localIdOf); `provincialJoinDate` is
 * the province's `listedOn`. Validate against the spec first
 * (provinceSchemas().validateChange): this function trusts the shape.
 */
export function fromProvinceRecord(record: ProvinceUpsertChange | ProvinceInstrumentRecord): FromProvince {
  const p = record.instrument;
  const input: InstrumentInput = {
    localId: localIdOf(record.instrumentId, p.ownerUnitCode),
    name: p.instrumentName,
    ...defined({
      nameEn: p.instrumentNameEn,
      model: p.specModel,
      manufacturer: p.manufacturerName,
      countryOfOrigin: p.originCountry,
      description: p.mainFunctions,
    }),
    categoryCode: p.classificationCode,
    valueCny: fenToCny(p.originalValueFen),
    fundingSource: FUNDING_FROM_PROVINCE[p.fundingChannel],
    unitId: p.ownerUnitCode,
    city: p.cityName,
    ...defined({
      address: p.installAddress,
      location: p.geoLocation && { lat: p.geoLocation.latitude, lon: p.geoLocation.longitude },
      acceptanceDate: p.installAcceptedOn,
      provincialJoinDate: record.listedOn,
      iotSensorId: p.iotDeviceCode,
    }),
    serviceModes: p.serviceTypes.map((t) => MODE_FROM_PROVINCE[t]),
    ...defined({ fee: p.chargeStandard && feeFromProvince(p.chargeStandard) }),
    confidentiality: { status: 'none' },
    ...defined({
      dutyFreeImport: p.dutyFree && {
        declarationNo: p.dutyFree.customsDeclarationNo,
        releaseDate: p.dutyFree.customsReleaseDate,
        supervisionYears: p.dutyFree.supervisionYears,
      },
      requiresOwnerApproval: p.ownerApprovalRequired,
    }),
  };
  return { id: record.instrumentId, reportedBy: record.reportedBy, version: record.version, input };
}

/**
 * A provincial usage session as the gateway records one (the design's usage
 * session input, without what the gateway adds itself: source `province`,
 * the instrument's owner and category from its catalog, who recorded it).
 */
export interface FromProvinceSession {
  /** The province's session id: the source key, stable across corrections. */
  sourceKey: string;
  /** Apply only if greater than the version held for `sourceKey`. */
  version: number;
  /** The catalog's id (`zhejiang:<localId>`), as the change feed gives it. */
  instrumentId: string;
  /** No person identity: a unit and its region, or a natural person (Art. 17). */
  requester: { kind: 'unit'; unitId?: string; region: Region } | { kind: 'person' };
  external: boolean;
  outcome: 'completed' | 'no_show';
  /** Both set for `completed`, both absent for `no_show`. */
  start?: Date;
  end?: Date;
  feeChargedFen: number;
  samples: number;
}

/**
 * A provincial usage session (spec schema `UsageSession`) as the gateway's
 * input. Validate first (provinceSchemas().validateUsageSession): this
 * function trusts the shape and the times.
 */
export function fromProvinceSession(session: ProvinceUsageSession): FromProvinceSession {
  const region = session.requesterRegion;
  return {
    sourceKey: session.id,
    version: session.version,
    instrumentId: session.instrumentId,
    requester: region === null ? { kind: 'person' } : { kind: 'unit', region, ...defined({ unitId: session.requesterUnitId }) },
    external: session.external,
    outcome: session.outcome,
    ...(session.outcome === 'completed' ? { start: new Date(session.start!), end: new Date(session.end!) } : {}),
    feeChargedFen: session.feeChargedFen,
    samples: session.samples,
  };
}
