/**
 * `@app/spreadsheets`: the general file formats the gateway reads and writes,
 * apart from what any one import or report means by its columns. Readers are
 * bounded for hostile uploads (sizes, rows, columns, ZIP ratios) and answer
 * a {@link RawSheet} of typed cells; the one CSV writer neutralises every
 * cell a spreadsheet would run as a formula. Pure: no I/O, no framework.
 */
export { forEachCsvRecord, type CsvLimits } from './csv-records';
export { readCsv, type TextEncodingName } from './read-csv';
export { readXlsx, type ReadXlsxOptions } from './read-xlsx';
export {
  MAX_COLUMNS,
  columnLetter,
  isBlankCell,
  isBlankRow,
  isCellError,
  type CellError,
  type RawSheet,
  type ReadLimits,
  type SheetCell,
  type SheetRow,
} from './sheet';
export { formulaLead, looksLikeFormula, spreadsheetSafe } from './spreadsheet-formula';
export { toCsv } from './write-csv';
