import {
  ConfidentialityStatus,
  Instrument as WireInstrumentCodec,
  FeeUnit,
  FundingSource,
  Sector,
  ServiceMode,
  UnitKind,
  type Instrument as WireInstrument,
  type Unit as WireUnit,
} from '@app/contracts';
import type { FieldViolation, Region } from '@app/common';
import { instrumentId, isRegion, parseInstrumentId } from '@app/common';
import { validateInstrumentRecord, type InstrumentInput, type ManagementUnit, type StoredInstrument } from '@app/catalog';
import { PROVINCE_UNIT_UNSPECIFIED } from '../province/province-inbound';

/*
 * The wire format carries money in fen (int64 as string) and enums as numbers;
 * the domain keeps CNY and string unions. Both directions live here, and every
 * inbound record then passes the same validator as a unit's own registration.
 */

/** A stored value that has no wire form: the record cannot be served (its id is logged by the caller). */
export class WireMappingError extends Error {
  constructor(
    readonly instrumentId: string,
    detail: string,
  ) {
    super(`instrument ${instrumentId} cannot be put on the wire: ${detail}`);
  }
}

function table<D extends string, W extends number>(field: string, pairs: [D, W][], unknown?: { stored: string; wire: W }) {
  const toWire = new Map<string, W>(pairs);
  if (unknown) toWire.set(unknown.stored, unknown.wire);
  const fromWire = new Map(pairs.map(([d, w]) => [w, d] as [W, D]));
  return {
    toWire: (d: D, id: string): W => {
      const w = toWire.get(d);
      if (w === undefined) throw new WireMappingError(id, `${field} ${JSON.stringify(d)} has no wire value`);
      return w;
    },
    fromWire: (w: W) => fromWire.get(w),
  };
}

const FUNDING = table<InstrumentInput['fundingSource'], FundingSource>('funding_source', [
  ['fiscal', FundingSource.FUNDING_SOURCE_FISCAL],
  ['state_capital', FundingSource.FUNDING_SOURCE_STATE_CAPITAL],
  ['other', FundingSource.FUNDING_SOURCE_OTHER],
]);
const MODES = table<InstrumentInput['serviceModes'][number], ServiceMode>('service_modes', [
  ['self_operated', ServiceMode.SERVICE_MODE_SELF_OPERATED],
  ['operator_assisted', ServiceMode.SERVICE_MODE_OPERATOR_ASSISTED],
  ['sample_submission', ServiceMode.SERVICE_MODE_SAMPLE_SUBMISSION],
]);
const FEE_UNITS = table<NonNullable<InstrumentInput['fee']>['unit'], FeeUnit>('fee.unit', [
  ['hour', FeeUnit.FEE_UNIT_HOUR],
  ['sample', FeeUnit.FEE_UNIT_SAMPLE],
  ['day', FeeUnit.FEE_UNIT_DAY],
  ['item', FeeUnit.FEE_UNIT_ITEM],
]);
/*
 * Units known only from the Zhejiang provincial platform are stored with kind
 * and sector `unspecified` (the province records neither, and we do not
 * guess): they go out as the proto3 zero values, which the contract defines
 * as "not known to the serving platform".
 */
const NOT_KNOWN = PROVINCE_UNIT_UNSPECIFIED;
const KINDS = table<ManagementUnit['kind'], UnitKind>(
  'unit.kind',
  [
    ['university', UnitKind.UNIT_KIND_UNIVERSITY],
    ['institute', UnitKind.UNIT_KIND_INSTITUTE],
    ['hospital', UnitKind.UNIT_KIND_HOSPITAL],
    ['testing_center', UnitKind.UNIT_KIND_TESTING_CENTER],
    ['enterprise', UnitKind.UNIT_KIND_ENTERPRISE],
  ],
  { stored: NOT_KNOWN, wire: UnitKind.UNIT_KIND_UNSPECIFIED },
);
const SECTORS = table<ManagementUnit['sector'], Sector>(
  'unit.sector',
  [
    ['education', Sector.SECTOR_EDUCATION],
    ['health', Sector.SECTOR_HEALTH],
    ['market_regulation', Sector.SECTOR_MARKET_REGULATION],
    ['sasac', Sector.SECTOR_SASAC],
    ['science', Sector.SECTOR_SCIENCE],
  ],
  { stored: NOT_KNOWN, wire: Sector.SECTOR_UNSPECIFIED },
);

const toFen = (cny: number) => String(Math.round(cny * 100));
const fromFen = (fen: string) => Number(fen) / 100;

export function unitToWire(u: ManagementUnit, instrumentId: string): WireUnit {
  return {
    id: u.id,
    name: u.name,
    nameEn: u.nameEn ?? '',
    region: u.region,
    city: u.city,
    kind: KINDS.toWire(u.kind, instrumentId),
    sector: SECTORS.toWire(u.sector, instrumentId),
  };
}

/** Outbound: only shareable instruments may be turned into wire records (Art. 2, 11). */
export function instrumentToWire(stored: StoredInstrument, unit: ManagementUnit): WireInstrument {
  if (!stored.shareable || stored.instrument.confidentiality.status !== 'none') {
    throw new Error(`refusing to put excluded instrument ${stored.instrument.id} on the wire`);
  }
  const i = stored.instrument;
  return {
    id: i.id,
    localId: i.localId,
    region: i.region,
    sourcePlatform: i.sourcePlatform,
    unit: unitToWire(unit, i.id),
    name: i.name,
    nameEn: i.nameEn ?? '',
    model: i.model ?? '',
    manufacturer: i.manufacturer ?? '',
    countryOfOrigin: i.countryOfOrigin ?? '',
    description: i.description ?? '',
    categoryCode: i.categoryCode,
    valueFen: toFen(i.valueCny),
    fundingSource: FUNDING.toWire(i.fundingSource, i.id),
    city: i.city,
    address: i.address ?? '',
    location: i.location,
    acceptanceDate: i.acceptanceDate ?? '',
    provincialJoinDate: i.provincialJoinDate ?? '',
    iotSensorId: i.iotSensorId ?? '',
    serviceModes: i.serviceModes.map((m) => MODES.toWire(m, i.id)),
    fee: i.fee && {
      unit: FEE_UNITS.toWire(i.fee.unit, i.id),
      internalPriceFen: toFen(i.fee.internalPriceCny),
      externalPriceFen: toFen(i.fee.externalPriceCny),
      tiers: (i.fee.tiers ?? []).map((t) => ({
        minQuantity: t.minQuantity,
        internalPriceFen: toFen(t.internalPriceCny),
        externalPriceFen: toFen(t.externalPriceCny),
      })),
      setupFeeFen: i.fee.setupFeeCny === undefined ? undefined : toFen(i.fee.setupFeeCny),
      note: i.fee.note ?? '',
    },
    confidentiality: ConfidentialityStatus.CONFIDENTIALITY_STATUS_NONE,
    dutyFreeImport: i.dutyFreeImport,
    customsGated: stored.customsGated,
    supervisionEnds: stored.supervisionEnds ?? '',
    requiresOwnerApproval: i.requiresOwnerApproval ?? false,
    version: String(i.version),
    createdAt: new Date(i.createdAt),
    updatedAt: new Date(i.updatedAt),
  };
}

/**
 * `instrumentToWire`, proven encodable: a record that cannot be serialized
 * fails here, as a `WireMappingError` naming it, instead of failing the whole
 * answer inside grpc-js ("Error serializing response", nothing logged).
 */
export function servableInstrument(stored: StoredInstrument, unit: ManagementUnit): WireInstrument {
  const wire = instrumentToWire(stored, unit);
  try {
    WireInstrumentCodec.encode(wire);
  } catch (error) {
    throw new WireMappingError(stored.instrument.id, error instanceof Error ? error.message : String(error));
  }
  return wire;
}

export type InboundRecord =
  | { kind: 'ok'; id: string; region: Region; version: bigint; input: InstrumentInput; unit: ManagementUnit }
  | { kind: 'confidential'; id: string; version: bigint }
  | { kind: 'invalid'; id: string; version: bigint; violations: FieldViolation[] };

const optional = (s: string) => (s === '' ? undefined : s);

const CONTROL = /[\u0000-\u001f\u007f]/;

function idOf(region: Region, unitId: string, localId: string): string | undefined {
  try {
    return instrumentId(region, unitId, localId);
  } catch {
    return undefined;
  }
}

/**
 * Inbound: a partner's record becomes domain input only if it is the
 * partner's own (region), says it is not confidential, and passes the
 * registry's validator. Anything else is reported, never stored.
 */
export function instrumentFromWire(w: WireInstrument, expectedRegion: Region): InboundRecord {
  const id = w.id;
  const version = /^\d{1,18}$/.test(w.version) ? BigInt(w.version) : -1n;
  const invalid = (field: string, message: string): InboundRecord => ({ kind: 'invalid', id, version, violations: [{ field, message }] });
  if (
    w.confidentiality === ConfidentialityStatus.CONFIDENTIALITY_STATUS_CONFIDENTIAL ||
    w.confidentiality === ConfidentialityStatus.CONFIDENTIALITY_STATUS_EXEMPTED
  ) {
    return { kind: 'confidential', id, version };
  }
  if (w.confidentiality !== ConfidentialityStatus.CONFIDENTIALITY_STATUS_NONE) return invalid('confidentiality', 'must be NONE (unspecified is not shareable)');
  if (version <= 0n) return invalid('version', 'must be a positive integer');
  const parsed = parseInstrumentId(id);
  if (!parsed || id !== idOf(parsed.region, w.unit?.id ?? '', w.localId))
    return invalid('id', 'must be the instrument id of local_id (<region>:<localId>, or <region>:<unitId>.<localId> for unit-scoped registries)');
  if (parsed.region !== expectedRegion || w.region !== expectedRegion) return invalid('region', `must be ${expectedRegion}, the partner's own region`);
  const u = w.unit;
  const kind = u && KINDS.fromWire(u.kind);
  const sector = u && SECTORS.fromWire(u.sector);
  if (!u || !kind || !sector || !isRegion(u.region) || u.region !== expectedRegion) {
    return invalid('unit', 'must name the owning unit of the same region with its kind and sector');
  }
  for (const [field, value, max] of [
    ['unit.id', u.id, 64],
    ['unit.name', u.name, 200],
    ['unit.nameEn', u.nameEn, 200],
    ['unit.city', u.city, 50],
  ] as const) {
    if ((field !== 'unit.nameEn' && value.length === 0) || value.length > max || CONTROL.test(value))
      return invalid(field, `must be 1–${max} characters of text`);
  }
  if (!/^[A-Za-z0-9._-]+$/.test(u.id)) return invalid('unit.id', 'must be letters, digits, . _ -');
  const funding = FUNDING.fromWire(w.fundingSource);
  const modes = w.serviceModes.map(MODES.fromWire);
  const feeUnit = w.fee && FEE_UNITS.fromWire(w.fee.unit);
  if (!funding) return invalid('fundingSource', 'must be specified');
  if (modes.some((m) => m === undefined)) return invalid('serviceModes', 'must be specified modes');
  if (w.fee && !feeUnit) return invalid('fee.unit', 'must be specified');
  const fen = (value: string | undefined, field: string) => (value !== undefined && !/^\d{1,15}$/.test(value) ? field : undefined);
  const badMoney = [
    fen(w.valueFen, 'valueFen'),
    fen(w.fee?.internalPriceFen, 'fee.internalPriceFen'),
    fen(w.fee?.externalPriceFen, 'fee.externalPriceFen'),
    fen(w.fee?.setupFeeFen, 'fee.setupFeeFen'),
    ...(w.fee?.tiers ?? []).flatMap((t, i) => [
      fen(t.internalPriceFen, `fee.tiers[${i}].internalPriceFen`),
      fen(t.externalPriceFen, `fee.tiers[${i}].externalPriceFen`),
    ]),
  ].find(Boolean);
  if (badMoney) return invalid(badMoney, 'must be a non-negative integer amount in fen');

  const candidate = {
    localId: w.localId,
    name: w.name,
    nameEn: optional(w.nameEn),
    model: optional(w.model),
    manufacturer: optional(w.manufacturer),
    countryOfOrigin: optional(w.countryOfOrigin),
    description: optional(w.description),
    categoryCode: w.categoryCode,
    valueCny: fromFen(w.valueFen),
    fundingSource: funding,
    unitId: u.id,
    city: w.city,
    address: optional(w.address),
    location: w.location,
    acceptanceDate: optional(w.acceptanceDate),
    provincialJoinDate: optional(w.provincialJoinDate),
    iotSensorId: optional(w.iotSensorId),
    serviceModes: modes,
    fee: w.fee && {
      unit: feeUnit,
      internalPriceCny: fromFen(w.fee.internalPriceFen),
      externalPriceCny: fromFen(w.fee.externalPriceFen),
      ...(w.fee.tiers.length > 0
        ? {
            tiers: w.fee.tiers.map((t) => ({
              minQuantity: t.minQuantity,
              internalPriceCny: fromFen(t.internalPriceFen),
              externalPriceCny: fromFen(t.externalPriceFen),
            })),
          }
        : {}),
      ...(w.fee.setupFeeFen !== undefined ? { setupFeeCny: fromFen(w.fee.setupFeeFen) } : {}),
      ...(w.fee.note ? { note: w.fee.note } : {}),
    },
    confidentiality: { status: 'none' },
    dutyFreeImport: w.dutyFreeImport,
    requiresOwnerApproval: w.requiresOwnerApproval,
  };
  // The validator copies what it checks and drops undefined members: the candidate is ours, built here, and goes in as it is.
  // Built from typed fields, it takes the contract's cheaper pass for records (the same result, refusals from the general one).
  const checked = validateInstrumentRecord(candidate);
  if (!checked.ok) return { kind: 'invalid', id, version, violations: checked.violations };
  return {
    kind: 'ok',
    id,
    region: expectedRegion,
    version,
    input: checked.value,
    unit: { id: u.id, name: u.name, nameEn: optional(u.nameEn), region: expectedRegion, city: u.city, kind, sector },
  };
}
