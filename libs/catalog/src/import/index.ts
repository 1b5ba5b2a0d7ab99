export {
  parseImportFile,
  type ImportFormat,
  type ImportRow,
  type ParseImportResult,
  type ParseImportOptions,
} from './parse-import-file';
export { detectImportFormat, diagnoseImportFormat, type DetectedFormat } from './detect-import-format';
export { buildTemplateXlsx } from './write-template-xlsx';
export { IMPORT_COLUMNS, findImportColumn, headerKey, type ImportColumn, type ParseKind } from './import-columns';
export type { ImportViolation } from './map-import-row';
