/**
 * Formula injection (CSV injection): a cell whose text starts with `=`, `+`,
 * `-` or `@` (or a tab or carriage return before one) is run as a formula by
 * Excel, WPS and LibreOffice when the file is opened — `=cmd|' /C calc'!A0`
 * starts a program. Such text is refused at import and neutralised in every
 * CSV or XLSX the gateway writes.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A signed number is a number, in a text column as anywhere: `-5` runs nothing. */
const PLAIN_NUMBER = /^[+-]?(\d+([.,]\d+)*|\.\d+)$/;

export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text);
}

/** How a refusal names the leading character. */
export function formulaLead(text: string): string {
  const lead = text[0];
  return lead === '\t' ? 'a tab' : lead === '\r' ? 'a carriage return' : `"${lead}"`;
}

/**
 * A value as written into a CSV or XLSX cell: text that a spreadsheet would
 * run gets a leading apostrophe, which keeps it as text (OWASP's advice);
 * anything else is unchanged.
 */
export function spreadsheetSafe<T>(value: T): T | string {
  return typeof value === 'string' && looksLikeFormula(value) ? `'${value}` : value;
}
