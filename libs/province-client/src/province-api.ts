import type { components, operations, paths } from './generated/province-api';

/**
 * Names for the generated province API types (src/generated/province-api.d.ts,
 * from openapi/province/openapi.yaml), so callers never spell
 * `components['schemas'][…]`.
 */
export type ProvincePaths = paths;
export type ProvinceOperations = operations;
type Schemas = components['schemas'];
export type ProvinceSchemaName = keyof Schemas;

export type ProvinceInstrument = Schemas['Instrument'];
export type ProvinceGeoLocation = Schemas['GeoLocation'];
export type ProvinceChargeStandard = Schemas['ChargeStandard'];
export type ProvinceChargeTier = Schemas['ChargeTier'];
export type ProvinceDutyFreeImport = Schemas['DutyFreeImport'];
export type ProvinceFundingChannel = ProvinceInstrument['fundingChannel'];
export type ProvinceServiceType = ProvinceInstrument['serviceTypes'][number];
export type ProvinceInstrumentRecord = Schemas['InstrumentRecord'];
export type ProvinceInstrumentUpsert = Schemas['InstrumentUpsert'];
export type ProvinceUpsertResult = Schemas['UpsertResult'];
export type ProvinceWithdrawResult = Schemas['WithdrawResult'];
export type ProvinceUpsertChange = Schemas['UpsertChange'];
export type ProvinceWithdrawChange = Schemas['WithdrawChange'];
export type ProvinceChange = Schemas['ChangeItem'];
export type ProvinceChangePage = Schemas['ChangePage'];
export type ProvinceUsageRecord = Schemas['UsageRecord'];
export type ProvinceUsageBatch = Schemas['UsageBatch'];
export type ProvinceUsageBatchResult = Schemas['UsageBatchResult'];
export type ProvinceUsageSession = Schemas['UsageSession'];
export type ProvinceUsageSessionPage = Schemas['UsageSessionPage'];
export type ProvinceRegion = Schemas['YrdRegion'];
export type ProvinceProblem = Schemas['Problem'];
export type ProvinceFieldError = Schemas['FieldError'];

/** Largest usage batch the platform accepts (`UsageBatch.records.maxItems`). */
export const PROVINCE_USAGE_BATCH_MAX = 1000;
/** Largest change page (`limit` maximum). */
export const PROVINCE_CHANGES_LIMIT_MAX = 1000;
/** Largest usage-session page (`limit` maximum). */
export const PROVINCE_USAGE_SESSIONS_LIMIT_MAX = 1000;
/** The provincial platform's own reporter id (region part of the ids it registered itself). */
export const PROVINCE_PLATFORM_ID = 'zhejiang';
