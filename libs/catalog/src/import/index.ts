export { IMPORT_MAX_ROWS, parseImportFile, type ImportFormat, type ImportRow, type ParseImportResult, type ParseImportOptions } from './parse-import-file';
export { detectImportFormat, diagnoseImportFormat, type DetectedFormat } from './detect-import-format';
export { buildTemplateXlsx } from './write-template-xlsx';
export { buildTemplateCsv } from './write-template-csv';
export { IMPORT_COLUMNS, findImportColumn, headerKey, type ImportColumn, type ParseKind } from './import-columns';
export type { ImportViolation } from './map-import-row';
