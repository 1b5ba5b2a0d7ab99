import { isValidCategoryCode } from '@app/catalog';
import { DomainError, type FieldViolation } from '@app/common';

/** Review ids are UUIDs: anything else is no review (404), never a database error. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const TEXT_MAX = 2000;
export const NAME_MAX = 200;
/** No single instrument is worth a trillion yuan: a larger value is a typo (fen entered as yuan). */
export const VALUE_MAX_CNY = 1_000_000_000;

export interface PurchaseRequest {
  categoryCode: string;
  valueCny: number;
  intendedUse: string;
  justification: string;
  name?: string;
  model?: string;
}

const FIELDS = new Set(['categoryCode', 'valueCny', 'intendedUse', 'justification', 'name', 'model']);

/** PostgreSQL text cannot hold NUL (a 500 before), and control characters garble the page, the trail and logs; line breaks and tabs are text. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const text = (value: unknown, max: number) => typeof value === 'string' && value.trim().length > 0 && value.length <= max && !CONTROL.test(value);

/** At most 2 decimals as the client wrote it: `value * 100` is not an integer for 1234567.89 in binary floating point. */
const CENTS = /^\d+(\.\d{1,2})?$/;

/** A proposed purchase as the unit admin sends it; every violation is named at once (400), unknown fields included. */
export function parsePurchaseRequest(body: unknown): PurchaseRequest {
  const b = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const violations: FieldViolation[] = Object.keys(b)
    .filter((k) => !FIELDS.has(k))
    .map((field) => ({ field, message: 'unknown field' }));
  if (!isValidCategoryCode(b.categoryCode))
    violations.push({ field: 'categoryCode', message: 'required, a national category code (2-digit class or 4-digit sub-class) of the table' });
  const value = b.valueCny;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > VALUE_MAX_CNY || !CENTS.test(String(value))) {
    violations.push({ field: 'valueCny', message: `required, a positive amount in CNY with at most 2 decimals, at most ${VALUE_MAX_CNY}` });
  }
  if (!text(b.intendedUse, TEXT_MAX)) violations.push({ field: 'intendedUse', message: `required, 1 to ${TEXT_MAX} characters, no control characters` });
  if (!text(b.justification, TEXT_MAX)) violations.push({ field: 'justification', message: `required, 1 to ${TEXT_MAX} characters, no control characters` });
  for (const field of ['name', 'model'] as const) {
    if (b[field] !== undefined && !text(b[field], NAME_MAX))
      violations.push({ field, message: `optional, 1 to ${NAME_MAX} characters, no control characters` });
  }
  if (violations.length > 0) throw DomainError.validation(violations);
  return {
    categoryCode: b.categoryCode as string,
    valueCny: value as number,
    intendedUse: b.intendedUse as string,
    justification: b.justification as string,
    ...(b.name !== undefined ? { name: b.name as string } : {}),
    ...(b.model !== undefined ? { model: b.model as string } : {}),
  };
}

/** The article each step of a review applies: recording or submitting it Art. 9 (the threshold), the department's decision Art. 10. */
export const STEP_ARTICLE = { recorded: 9, submitted: 9, approved: 10, rejected: 10 } as const;

/** The department's decision: a written explanation is required (Art. 10). */
export function parseExplanation(body: unknown): string {
  const b = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const violations: FieldViolation[] = Object.keys(b)
    .filter((k) => k !== 'explanation')
    .map((field) => ({ field, message: 'unknown field' }));
  if (!text(b.explanation, TEXT_MAX))
    violations.push({ field: 'explanation', message: `required, a written explanation of 1 to ${TEXT_MAX} characters, no control characters` });
  if (violations.length > 0) throw DomainError.validation(violations);
  return b.explanation as string;
}
