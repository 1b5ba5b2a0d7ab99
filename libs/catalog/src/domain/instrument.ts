import type { Region } from '@app/common';

export const FUNDING_SOURCES = ['fiscal', 'state_capital', 'other'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

export const SERVICE_MODES = ['self_operated', 'operator_assisted', 'sample_submission'] as const;
export type ServiceMode = (typeof SERVICE_MODES)[number];

export const CONFIDENTIALITY_STATUSES = ['none', 'confidential', 'exempted'] as const;
export type ConfidentialityStatus = (typeof CONFIDENTIALITY_STATUSES)[number];

/** Sectors of management units; the competent department (行政主管部门) follows from it (Art. 7). */
export const SECTORS = ['education', 'health', 'market_regulation', 'sasac', 'science'] as const;
export type Sector = (typeof SECTORS)[number];

export const UNIT_KINDS = ['university', 'institute', 'hospital', 'testing_center', 'enterprise'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const FEE_UNITS = ['hour', 'sample', 'day', 'item'] as const;
export type FeeUnit = (typeof FEE_UNITS)[number];

/** A price tier: from `minQuantity` units on, the per-unit price changes (e.g. long sessions). */
export interface FeeTier {
  minQuantity: number;
  internalPriceCny: number;
  externalPriceCny: number;
}

/**
 * Structured fee standard (Art. 13, 19): never free text, so fees can be
 * estimated, compared and filtered. Prices are per `unit`; internal applies to
 * the owning unit, external to everyone else.
 */
export interface FeeStandard {
  unit: FeeUnit;
  internalPriceCny: number;
  externalPriceCny: number;
  tiers?: FeeTier[];
  /** Optional fixed charge per booking (e.g. setup, consumables). */
  setupFeeCny?: number;
  note?: string;
}

export interface GeoPoint {
  lat: number;
  lon: number;
}

/**
 * Exemption from sharing (Art. 11): the competent department approves, the
 * provincial office (省大仪办) records the filing. Both must be recorded for
 * `exempted`.
 */
export interface Confidentiality {
  status: ConfidentialityStatus;
  /** Competent department that approved the exemption. */
  approvedBy?: string;
  approvalRef?: string;
  approvalDate?: string;
  /** Filing with the provincial office. */
  filingRef?: string;
  filingDate?: string;
  note?: string;
}

/** Duty-free import record (Art. 5, 12). Supervision ends `supervisionYears` after release. */
export interface DutyFreeImport {
  declarationNo: string;
  /** Customs release date, YYYY-MM-DD. */
  releaseDate: string;
  /** Default 3 (the usual customs supervision period for scientific instruments). */
  supervisionYears: number;
}

/**
 * The unit's own booking rules for one instrument (Art. 13: the unit sets its
 * service process); a limit left out is the gateway's default (BOOKING_QUOTA_*).
 */
export interface BookingLimits {
  /** Longest window one booking may take, in hours. */
  maxWindowHours?: number;
  /** How far ahead a window may start, in days. */
  maxAheadDays?: number;
  /** Open bookings one requester (one of our users, one partner pseudonym) may hold of it at once, future windows only. */
  maxActivePerRequester?: number;
  /** The same, for all the users of one partner platform together. */
  maxActivePerPartner?: number;
}

/** Fields a management unit (or a partner platform) provides. */
export interface InstrumentInput {
  localId: string;
  name: string;
  nameEn?: string;
  model?: string;
  manufacturer?: string;
  countryOfOrigin?: string;
  description?: string;
  /** National classification code (e.g. `0101` = 电子光学仪器 under 分析仪器). */
  categoryCode: string;
  valueCny: number;
  fundingSource: FundingSource;
  unitId: string;
  city: string;
  address?: string;
  location?: GeoPoint;
  /** Installation acceptance date, YYYY-MM-DD (starts the Art. 13 clock). */
  acceptanceDate?: string;
  /** Date the instrument appeared on the provincial platform, YYYY-MM-DD. */
  provincialJoinDate?: string;
  iotSensorId?: string;
  serviceModes: ServiceMode[];
  fee?: FeeStandard;
  confidentiality: Confidentiality;
  dutyFreeImport?: DutyFreeImport;
  /** Whether the unit wants bookings approved by its admin before confirmation. */
  requiresOwnerApproval?: boolean;
  bookingLimits?: BookingLimits;
}

export interface Instrument extends InstrumentInput {
  /** `<region>:<localId>`; Jiaxing-registered: `jiaxing:<unitId>.<localId>` (`instrumentId` in @app/common). */
  id: string;
  region: Region;
  /** Platform the record comes from: `local` for Jiaxing's own registry, else a partner id. */
  sourcePlatform: string;
  /** Monotonic per instrument, bumped on each effective change. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * What a booking of an instrument is decided on (fee, customs gate, owner approval, quotas, the
 * owning platform), as read for it; the rest of the record is not read.
 */
export type BookingFacts = Pick<Instrument, 'id' | 'unitId' | 'sourcePlatform' | 'fee' | 'dutyFreeImport' | 'requiresOwnerApproval' | 'bookingLimits'>;

export interface ManagementUnit {
  id: string;
  name: string;
  nameEn?: string;
  region: Region;
  city: string;
  kind: UnitKind;
  sector: Sector;
}
