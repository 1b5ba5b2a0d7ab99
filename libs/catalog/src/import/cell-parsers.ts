import { isCellError, type SheetCell } from '@app/spreadsheets';
import type { ConfidentialityStatus, FeeUnit, FundingSource, ServiceMode } from '../domain/instrument';
import { formatCalendarDate } from '../validation/calendar-date';
import type { ParseKind } from './import-columns';

/**
 * Cell → API value, per parse kind.
 *
 * This layer only undoes spreadsheet habits (Chinese labels, 2024/3/5 dates,
 * thousands separators, numbers Excel made out of codes); every business rule
 * stays in validateInstrumentInput so the API and the import agree exactly.
 * Anything it cannot read unambiguously becomes an error naming the accepted
 * forms; nothing is guessed.
 */

export type CellOutcome = { kind: 'empty' } | { kind: 'value'; value: unknown } | { kind: 'error'; message: string };

const EMPTY: CellOutcome = { kind: 'empty' };
const value = (v: unknown): CellOutcome => ({ kind: 'value', value: v });
const error = (message: string): CellOutcome => ({ kind: 'error', message });

export interface CellContext {
  date1904: boolean;
}

export function parseCell(kind: ParseKind, cell: SheetCell, ctx: CellContext): CellOutcome {
  if (cell === null || (typeof cell === 'string' && cell.trim() === '')) return EMPTY;
  if (isCellError(cell)) {
    return error(`the cell holds the spreadsheet error ${cell.error}; fix the formula or type the value`);
  }
  switch (kind) {
    case 'text':
    case 'multiline':
      return value(typeof cell === 'string' ? cell : displayText(cell));
    case 'identifier':
      return parseIdentifier(cell);
    case 'categoryCode':
      return parseCategoryCode(cell);
    case 'number':
      return parseNumber(cell);
    case 'date':
      return parseDate(cell, ctx);
    case 'fundingSource':
      return parseLabel(cell, FUNDING_SOURCE_LABELS, '财政资金, 国有资本 or 其他 (or fiscal, state_capital, other)');
    case 'feeUnit':
      return parseFeeUnit(cell);
    case 'confidentialityStatus':
      return parseLabel(cell, CONFIDENTIALITY_LABELS, '无, 涉密 or 豁免 (or none, confidential, exempted)');
    case 'serviceModes':
      return parseServiceModes(cell);
    case 'boolean':
      return parseBoolean(cell);
  }
}

/** What the user sees in the cell; used for `ImportRow.raw` and messages. */
export function displayText(cell: SheetCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return String(excelPrecision(cell));
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return '';
    const iso = cell.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  }
  return cell.error;
}

/**
 * Excel shows and stores at most 15 significant digits; binary noise beyond
 * that (0.1+0.2 → 0.30000000000000004 in a formula result) is not the user's
 * number, so it is dropped before the 2-decimal money rule looks at it.
 */
function excelPrecision(n: number): number {
  return Number.isFinite(n) ? Number(n.toPrecision(15)) : n;
}

/** Full-width → half-width, trimmed: '１２３' → '123', '（' → '('. Only for codes, numbers and labels, never free text. */
function fold(s: string): string {
  return s.normalize('NFKC').trim();
}

const LOST_DIGITS =
  'Excel stored this value as a number and may have dropped digits (it keeps only 15); format the column as Text (文本) and type the value again';

function parseIdentifier(cell: SheetCell): CellOutcome {
  if (typeof cell === 'number') {
    // 18-digit customs declaration numbers typed into a General-format cell
    // come back as 3.10120231000123E+17 with the last digits zeroed.
    if (!Number.isSafeInteger(cell) || Math.abs(cell) >= 1e15) return error(LOST_DIGITS);
    return value(String(cell));
  }
  if (typeof cell === 'string') {
    // The same loss survives into CSV files saved by Excel.
    if (/^\s*\d(\.\d+)?e\+\d+\s*$/i.test(cell)) return error(LOST_DIGITS);
    return value(cell);
  }
  return error(`expected text, got ${displayText(cell)}`);
}

function parseCategoryCode(cell: SheetCell): CellOutcome {
  const id = parseIdentifier(cell);
  if (id.kind !== 'value') return id;
  const s = fold(String(id.value));
  // National codes have an even number of digits ('01', '0101'); Excel turns
  // '0101' typed into a General cell into 101. One leading zero restores it.
  return value(/^\d+$/.test(s) && s.length % 2 === 1 ? `0${s}` : s);
}

function parseNumber(cell: SheetCell): CellOutcome {
  if (typeof cell === 'number') return value(excelPrecision(cell));
  if (typeof cell !== 'string') return error(`expected a number, got ${displayText(cell)}`);
  let s = fold(cell).replace(/\s+/g, '');
  if (/万/.test(s)) return error(`expected an amount in yuan (元), got ${JSON.stringify(cell.trim())}; write 3250000, not 325万`);
  s = s.replace(/^[¥$]/, '').replace(/元$/, '');
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(s)) {
    if (/[°′″'"]/.test(s)) return error(`expected decimal degrees such as 30.7469, got ${JSON.stringify(cell.trim())}`);
    return error(`expected a number such as 3250000 or 3,250,000.00, got ${JSON.stringify(cell.trim())}`);
  }
  return value(excelPrecision(Number(s)));
}

const DATE_FORMS = '2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日 or a date cell';

function parseDate(cell: SheetCell, ctx: CellContext): CellOutcome {
  if (cell instanceof Date) {
    // exceljs builds dates from the serial as UTC midnight; the sheet has no
    // zone, so the UTC calendar fields are the date the user typed.
    if (Number.isNaN(cell.getTime())) return error(`expected a date such as ${DATE_FORMS}`);
    return value(cell.toISOString().slice(0, 10));
  }
  if (typeof cell === 'number') return fromSerial(cell, ctx.date1904);
  if (typeof cell !== 'string') return error(`expected a date such as ${DATE_FORMS}, got ${displayText(cell)}`);
  const s = fold(cell);
  const m =
    // 2024-03-05, 2024/3/5, 2024.3.5, optionally followed by a time Excel added on export.
    /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(s) ?? null;
  let parts: [string, string, string] | null = m ? [m[1], m[3], m[4]] : null;
  if (!parts) {
    const cn = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$/.exec(s);
    if (cn) parts = [cn[1], cn[2], cn[3]];
  }
  if (!parts) {
    const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
    if (compact) parts = [compact[1], compact[2], compact[3]];
  }
  if (!parts) return error(`expected a date such as ${DATE_FORMS}, got ${JSON.stringify(cell.trim())}`);
  const date = formatCalendarDate(Number(parts[0]), Number(parts[1]), Number(parts[2]));
  if (date === null) return error(`${JSON.stringify(cell.trim())} is not a real calendar date`);
  return value(date);
}

/** Excel day serial → YYYY-MM-DD (a number in a date column, e.g. a cell left in General format). */
function fromSerial(serial: number, date1904: boolean): CellOutcome {
  const day = Math.floor(serial);
  // 1..2958465 is Excel's own range (1900-01-01 .. 9999-12-31).
  if (!Number.isFinite(serial) || day < 1 || day > 2958465) {
    return error(`expected a date such as ${DATE_FORMS}, got the number ${displayText(serial)}`);
  }
  // 1900 system: serial 25569 is 1970-01-01 (Excel counts the fictitious
  // 1900-02-29, so this is exact from March 1900 on). 1904 system: 24107.
  const epochOffset = date1904 ? 24107 : 25569;
  return value(new Date((day - epochOffset) * 86_400_000).toISOString().slice(0, 10));
}

const FUNDING_SOURCE_LABELS: Record<string, FundingSource> = {
  财政资金: 'fiscal',
  财政: 'fiscal',
  fiscal: 'fiscal',
  国有资本: 'state_capital',
  state_capital: 'state_capital',
  其他: 'other',
  其它: 'other',
  other: 'other',
};

const CONFIDENTIALITY_LABELS: Record<string, ConfidentialityStatus> = {
  无: 'none',
  不涉密: 'none',
  none: 'none',
  涉密: 'confidential',
  confidential: 'confidential',
  豁免: 'exempted',
  exempted: 'exempted',
};

const FEE_UNIT_LABELS: Record<string, FeeUnit> = {
  小时: 'hour',
  机时: 'hour',
  hour: 'hour',
  样品: 'sample',
  样: 'sample',
  sample: 'sample',
  天: 'day',
  day: 'day',
  项: 'item',
  item: 'item',
};

const SERVICE_MODE_LABELS: Record<string, ServiceMode> = {
  自主操作: 'self_operated',
  self_operated: 'self_operated',
  '委托操作(机时)': 'operator_assisted',
  委托操作: 'operator_assisted',
  operator_assisted: 'operator_assisted',
  送样检测: 'sample_submission',
  送样: 'sample_submission',
  sample_submission: 'sample_submission',
};

function lookup<T>(labels: Record<string, T>, text: string): T | undefined {
  const key = fold(text).replace(/\s+/g, '').toLowerCase();
  return Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : undefined;
}

function parseLabel<T>(cell: SheetCell, labels: Record<string, T>, expected: string): CellOutcome {
  const text = displayText(cell);
  const v = lookup(labels, text);
  return v === undefined ? error(`expected ${expected}, got ${JSON.stringify(text.trim())}`) : value(v);
}

function parseFeeUnit(cell: SheetCell): CellOutcome {
  // '元/小时' and '每小时' are how units write it on price lists.
  const text = fold(displayText(cell)).replace(/^(元\/|\/|每)/, '');
  const v = lookup(FEE_UNIT_LABELS, text);
  return v === undefined ? error(`expected 小时, 样品, 天 or 项 (or hour, sample, day, item), got ${JSON.stringify(displayText(cell).trim())}`) : value(v);
}

function parseServiceModes(cell: SheetCell): CellOutcome {
  // NFKC folds '；' and '，' to ';' and ','; '、' has no half-width form.
  const parts = fold(displayText(cell))
    .split(/[;,、/|\n]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const modes: ServiceMode[] = [];
  for (const p of parts) {
    const m = lookup(SERVICE_MODE_LABELS, p);
    if (m === undefined) {
      return error(
        `${JSON.stringify(p)} is not a service mode; use 自主操作, 委托操作(机时) or 送样检测 (or self_operated, operator_assisted, sample_submission), separated by ；、 or ，`,
      );
    }
    // Duplicates are passed through: the validator reports them with their position.
    modes.push(m);
  }
  return value(modes);
}

const TRUE_LABELS = new Set(['是', 'y', 'yes', 'true', '1', '需要']);
const FALSE_LABELS = new Set(['否', 'n', 'no', 'false', '0', '不需要']);

function parseBoolean(cell: SheetCell): CellOutcome {
  if (typeof cell === 'boolean') return value(cell);
  const key = fold(displayText(cell)).toLowerCase();
  if (TRUE_LABELS.has(key)) return value(true);
  if (FALSE_LABELS.has(key)) return value(false);
  return error(`expected 是 or 否 (or yes/no), got ${JSON.stringify(displayText(cell).trim())}`);
}
