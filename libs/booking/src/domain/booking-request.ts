import { DomainError, isRepresentableInstant, parseInstant, parseInstrumentId, type FieldViolation } from '@app/common';
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
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * An instant from any channel: a string over HTTP (read strictly: 2027-02-30
 * is refused, not moved to March), a decoded Timestamp over gRPC.
 */
export function readInstant(value: unknown, field: string, violations: FieldViolation[]): Date | undefined {
  if (value instanceof Date) {
    if (isRepresentableInstant(value)) return value;
    violations.push({ field, message: 'must be a time between 0001-01-01 and 9999-12-31' });
    return undefined;
  }
  const parsed = parseInstant(value);
  if (parsed.ok) return parsed.value;
  violations.push({ field, message: parsed.error });
  return undefined;
}

/** Validates a booking request from any channel (HTTP body or gRPC message). */
export function validateBookingRequest(raw: Record<string, unknown>, now: Date, minLeadMinutes = 0): BookingRequest {
  const violations: FieldViolation[] = [];
  const allowed = new Set(['instrumentId', 'start', 'end', 'purpose', 'sampleDescription']);
  for (const key of Object.keys(raw)) if (!allowed.has(key)) violations.push({ field: key, message: 'unknown field' });
  const instrumentId = raw.instrumentId;
  if (typeof instrumentId !== 'string' || !parseInstrumentId(instrumentId)) violations.push({ field: 'instrumentId', message: 'must be <region>:<localId>' });
  const start = readInstant(raw.start, 'start', violations);
  const end = readInstant(raw.end, 'end', violations);
  if (start && end) {
    if (end.getTime() <= start.getTime()) violations.push({ field: 'end', message: 'must be after start' });
    else if (end.getTime() - start.getTime() > MAX_HOURS * 3600_000) violations.push({ field: 'end', message: `a booking lasts at most ${MAX_HOURS} hours` });
    // A window that has begun cannot be booked: the booking would hold a slot already (partly) used.
    const earliest = now.getTime() + minLeadMinutes * 60_000;
    if (start.getTime() < earliest) {
      violations.push({ field: 'start', message: minLeadMinutes > 0 ? `must be at least ${minLeadMinutes} minutes from now (${new Date(earliest).toISOString()})` : `must not be in the past (now: ${now.toISOString()})` });
    }
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
