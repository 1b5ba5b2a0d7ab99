import { DomainError, parseInstrumentId, type FieldViolation } from '@app/common';
import type { TimeWindow } from './booking';
import { findIdentityData } from './identity-data';

export interface BookingRequest {
  instrumentId: string;
  window: TimeWindow;
  purpose: string;
  sampleDescription?: string;
}

const MAX_HOURS = 14 * 24;
const MAX_AHEAD_DAYS = 366;
/** ISO 8601 with an explicit offset: a booking window is never ambiguous about its time zone. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function parseInstant(value: unknown, field: string, violations: FieldViolation[]): Date | undefined {
  if (typeof value !== 'string' || !ISO_WITH_OFFSET.test(value) || Number.isNaN(Date.parse(value))) {
    violations.push({ field, message: 'must be an ISO 8601 date-time with an offset, e.g. 2026-12-01T09:00:00+08:00' });
    return undefined;
  }
  return new Date(value);
}

/** Validates a booking request from any channel (HTTP body or gRPC message). */
export function validateBookingRequest(raw: Record<string, unknown>, now: Date): BookingRequest {
  const violations: FieldViolation[] = [];
  const allowed = new Set(['instrumentId', 'start', 'end', 'purpose', 'sampleDescription']);
  for (const key of Object.keys(raw)) if (!allowed.has(key)) violations.push({ field: key, message: 'unknown field' });
  const instrumentId = raw.instrumentId;
  if (typeof instrumentId !== 'string' || !parseInstrumentId(instrumentId)) violations.push({ field: 'instrumentId', message: 'must be <region>:<localId>' });
  const start = raw.start instanceof Date ? raw.start : parseInstant(raw.start, 'start', violations);
  const end = raw.end instanceof Date ? raw.end : parseInstant(raw.end, 'end', violations);
  if (start && end) {
    if (end.getTime() <= start.getTime()) violations.push({ field: 'end', message: 'must be after start' });
    else if (end.getTime() - start.getTime() > MAX_HOURS * 3600_000) violations.push({ field: 'end', message: `a booking lasts at most ${MAX_HOURS} hours` });
    if (start.getTime() < now.getTime() - 5 * 60_000) violations.push({ field: 'start', message: 'must not be in the past' });
    if (start.getTime() > now.getTime() + MAX_AHEAD_DAYS * 86_400_000) violations.push({ field: 'start', message: `must be within ${MAX_AHEAD_DAYS} days` });
  }
  const purpose = raw.purpose;
  if (typeof purpose !== 'string' || purpose.trim().length === 0 || purpose.length > 500 || CONTROL.test(purpose)) {
    violations.push({ field: 'purpose', message: 'must be 1–500 characters of text' });
  }
  const sample = raw.sampleDescription;
  if (sample !== undefined && (typeof sample !== 'string' || sample.length > 2000 || CONTROL.test(sample))) {
    violations.push({ field: 'sampleDescription', message: 'must be at most 2,000 characters of text' });
  }
  for (const [field, text] of [['purpose', purpose], ['sampleDescription', sample]] as const) {
    const found = typeof text === 'string' ? findIdentityData(text) : undefined;
    // Art. 17: the text travels to the owning platform; a person's contact or identity data must not.
    if (found) violations.push({ field, message: `must not contain a ${found} (Art. 17: partners receive only what a booking needs)` });
  }
  if (violations.length > 0) throw DomainError.validation(violations);
  return {
    instrumentId: instrumentId as string,
    window: { start: start!, end: end! },
    purpose: (purpose as string).trim(),
    sampleDescription: typeof sample === 'string' && sample.trim() !== '' ? sample.trim() : undefined,
  };
}
