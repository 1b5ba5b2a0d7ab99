import type { FieldViolation } from '@app/common';
import { formulaLead, isBlankCell, looksLikeFormula, type SheetCell } from '@app/spreadsheets';
import { validateInstrumentInput, type InstrumentInputResult, type ValidateInstrumentOptions } from '../validation/validate-instrument-input';
import { parseCell, type CellContext } from './cell-parsers';
import { columnForField, type ImportColumn } from './import-columns';

/** A row violation, with the column header as written in the file when one applies. */
export interface ImportViolation extends FieldViolation {
  column?: string;
}

/** A matched column of this file: where it is and how the file spells its header. */
export interface BoundColumn {
  column: ImportColumn;
  index: number;
  fileHeader: string;
}

/** Columns whose text is stored and shown as typed: a formula there would run wherever the record is exported. */
const FORMULA_CHECKED = new Set<ImportColumn['kind']>(['text', 'multiline', 'identifier']);

const CONFIDENTIALITY_RECORD_FIELDS = [
  'confidentiality.approvedBy',
  'confidentiality.approvalRef',
  'confidentiality.approvalDate',
  'confidentiality.filingRef',
  'confidentiality.filingDate',
];

/**
 * One sheet row → candidate API body → validateInstrumentInput.
 *
 * Grouped fields (location, fee, dutyFreeImport) become objects only when
 * one of their cells is filled, so an empty fee block means "no fee yet"
 * (Art. 13) while a half-filled one is reported field by field.
 */
export function mapImportRow(
  cells: readonly SheetCell[],
  bound: readonly BoundColumn[],
  cellCtx: CellContext,
  opts: ValidateInstrumentOptions,
): InstrumentInputResult {
  const body: Record<string, unknown> = {};
  const conversion: ImportViolation[] = [];
  const failedPaths: string[] = [];
  const filled = new Set<string>();

  for (const b of bound) {
    const cell = cells[b.index] ?? null;
    if (!isBlankCell(cell)) filled.add(b.column.field);
    const outcome: ReturnType<typeof parseCell> =
      FORMULA_CHECKED.has(b.column.kind) && typeof cell === 'string' && looksLikeFormula(cell)
        ? { kind: 'error', message: `starts with ${formulaLead(cell)}, which spreadsheet programs run as a formula; remove the leading character` }
        : parseCell(b.column.kind, cell, cellCtx);
    if (outcome.kind === 'error') {
      conversion.push({ field: b.column.field, column: b.fileHeader, message: `${b.fileHeader}: ${outcome.message}` });
      failedPaths.push(b.column.field);
      // The group object still exists (so siblings are checked) but this leaf is left out.
      ensureParent(body, b.column.field);
      continue;
    }
    if (outcome.kind === 'value') setPath(body, b.column.field, outcome.value);
  }

  // Required in the API, implied by the sheet: no 服务方式 means none offered
  // yet, and an empty 涉密状态 means not confidential (the column itself is
  // mandatory, see IMPORT_COLUMNS).
  if (!('serviceModes' in body) && !failedPaths.includes('serviceModes')) body.serviceModes = [];
  const confidentiality = (body.confidentiality ??= {}) as Record<string, unknown>;
  if (!('status' in confidentiality) && !failedPaths.includes('confidentiality.status')) {
    confidentiality.status = 'none';
    const records = CONFIDENTIALITY_RECORD_FIELDS.filter((f) => filled.has(f));
    if (records.length > 0) {
      // Exemption paperwork without a status is most likely an exempted
      // instrument whose status cell was forgotten; defaulting to 'none'
      // would publish it. Ask instead of guessing in the unsafe direction.
      const header = headerOf(bound, 'confidentiality.status');
      conversion.push({
        field: 'confidentiality.status',
        column: header,
        message: `${header}: is empty but ${records.map((f) => headerOf(bound, f)).join(', ')} ${records.length > 1 ? 'are' : 'is'} filled; set 豁免 (exempted) if the instrument is exempted from sharing, or clear those cells`,
      });
      failedPaths.push('confidentiality.status');
    }
  } else if (confidentiality.status === 'none' && CONFIDENTIALITY_RECORD_FIELDS.some((f) => filled.has(f))) {
    const header = headerOf(bound, 'confidentiality.status');
    conversion.push({
      field: 'confidentiality.status',
      column: header,
      message: `${header}: is 无 (none) but exemption approval/filing cells are filled; set 豁免 (exempted) or clear those cells`,
    });
    failedPaths.push('confidentiality.status');
  }

  const result = validateInstrumentInput(body, opts);
  if (result.ok && conversion.length === 0) return result;

  // A cell that could not be read was left out of the body; the validator's
  // "is required" for that same path would only repeat the conversion error.
  const validation = result.ok
    ? []
    : result.violations
        .filter((v) => !failedPaths.some((p) => v.field === p || v.field.startsWith(`${p}.`) || v.field.startsWith(`${p}[`)))
        .map((v) => withColumn(v, bound));
  return { ok: false, violations: sortByColumn([...conversion, ...validation], bound) };
}

function withColumn(v: FieldViolation, bound: readonly BoundColumn[]): ImportViolation {
  const column = columnForField(v.field);
  const b = column && bound.find((x) => x.column === column);
  if (b) return { field: v.field, column: b.fileHeader, message: `${b.fileHeader}: ${v.message}` };
  if (column) {
    // A required value whose column the file does not have (e.g. fee.unit
    // when only prices were given and 收费单位 is absent): name the header to add.
    return { field: v.field, column: column.header, message: `${column.header} (column missing from the file): ${v.message}` };
  }
  return { ...v };
}

/** Left-to-right in the sheet, like the user reads the row. */
function sortByColumn(vs: ImportViolation[], bound: readonly BoundColumn[]): ImportViolation[] {
  const pos = (v: ImportViolation) => {
    const b = bound.find((x) => x.fileHeader === v.column);
    return b ? b.index : Number.MAX_SAFE_INTEGER;
  };
  return vs
    .map((v, i) => ({ v, i }))
    .sort((a, b) => pos(a.v) - pos(b.v) || a.i - b.i)
    .map((x) => x.v);
}

function headerOf(bound: readonly BoundColumn[], field: string): string {
  const b = bound.find((x) => x.column.field === field);
  return b ? b.fileHeader : field;
}

function ensureParent(body: Record<string, unknown>, path: string): Record<string, unknown> {
  const parts = path.split('.');
  let o = body;
  for (const p of parts.slice(0, -1)) o = (o[p] ??= {}) as Record<string, unknown>;
  return o;
}

function setPath(body: Record<string, unknown>, path: string, v: unknown): void {
  const parts = path.split('.');
  ensureParent(body, path)[parts[parts.length - 1]] = v;
}
