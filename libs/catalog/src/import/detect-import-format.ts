import type { ImportFormat } from './parse-import-file';

export type DetectedFormat = { ok: true; format: ImportFormat } | { ok: false; reason: string };

/** The format to parse the upload with, or null when it is neither CSV nor XLSX (see diagnoseImportFormat for why). */
export function detectImportFormat(filename: string | undefined, contentType: string | undefined, buffer: Buffer): ImportFormat | null {
  const d = diagnoseImportFormat(filename, contentType, buffer);
  return d.ok ? d.format : null;
}

/**
 * Decides how to read an upload from its bytes; the file name and content
 * type only shape the error message. Browsers label CSV files as
 * `application/vnd.ms-excel` on Windows with Office installed, and users
 * rename files, so neither is trusted to pick the parser.
 */
export function diagnoseImportFormat(filename: string | undefined, contentType: string | undefined, buffer: Buffer): DetectedFormat {
  const name = (filename ?? '').toLowerCase();
  const type = (contentType ?? '').toLowerCase();
  if (buffer.length === 0) return { ok: false, reason: 'the uploaded file is empty' };

  // XLSX is a ZIP package: local file header 'PK\x03\x04'.
  if (buffer.length >= 4 && buffer[0] === 0x50 && buffer[1] === 0x4b && buffer[2] === 0x03 && buffer[3] === 0x04) {
    return { ok: true, format: 'xlsx' };
  }
  // OLE compound file: legacy .xls, or an .xlsx saved with a password (Excel
  // wraps encrypted workbooks in the same container).
  if (buffer.length >= 8 && buffer.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
    return {
      ok: false,
      reason: 'this is a legacy .xls workbook or a password-protected .xlsx; save it as .xlsx (Excel 工作簿) without a password, or as CSV',
    };
  }
  if (name.endsWith('.xlsx') || name.endsWith('.xls') || type.includes('spreadsheetml')) {
    return { ok: false, reason: `the file ${filename ? `"${filename}" ` : ''}is named or labelled as an Excel workbook but is not a valid .xlsx file` };
  }
  // Text: NUL bytes only appear in UTF-16 (which then starts with a BOM).
  const utf16 = (buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff);
  if (!utf16 && buffer.subarray(0, 8192).includes(0)) {
    return { ok: false, reason: 'the file is not a CSV or XLSX spreadsheet (binary content); upload .csv or .xlsx' };
  }
  return { ok: true, format: 'csv' };
}
