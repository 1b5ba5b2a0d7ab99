/**
 * @app/province-client — the Zhejiang provincial platform's interface as we
 * assume it (openapi/province/openapi.yaml): generated types, a typed client,
 * run-time validation against the same spec, and the field mapping to the
 * gateway's instrument model.
 */
export * from './province-api';
export { ProvinceApiError, isProvinceApiError, isTransientProvinceError, type ProvinceApiErrorInit, type ProvinceErrorKind } from './province-api-error';
export {
  ProvinceClient,
  createProvinceClient,
  type InvalidProvinceChange,
  type InvalidProvinceItem,
  type ProvinceFeedPage,
  type ProvinceUsageSessionsPage,
  type ProvinceCallOptions,
  type ProvinceChangesPage,
  type ProvinceClientOptions,
  type ProvinceUpsertOutcome,
  type UsageRecordQuery,
} from './province-client';
export { ProvinceSchemas, provinceSchemas, pointerToField, toAjvSchema, type ViolationCheck } from './province-schemas';
export {
  ConfidentialInstrumentError,
  cnyToFen,
  fenToCny,
  fromProvinceRecord,
  fromProvinceSession,
  toProvinceInstrument,
  type FromProvince,
  type FromProvinceSession,
} from './province-mapping';
export { provinceApiDocument } from './generated/province-api-document';
