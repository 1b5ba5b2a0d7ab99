import { DomainError, type FieldViolation } from '@app/common';
import { reportableUseBounds } from '@app/policy';
import { readInstant } from './booking-request';
import { reasonViolation } from './decision-reason';
import { identityDataViolation } from './identity-data';
import type { TimeWindow } from './booking';

/** What the owning unit reports when it closes a used booking: the actual times and the fee it charged (Art. 13, 19). */
export interface Completion {
  start: Date;
  end: Date;
  /** Stored in fen; the API speaks CNY with at most 2 decimals, like every other amount it shows. */
  feeChargedFen: number;
  samples?: number;
}

/** The same bound as an instrument's value: an amount in CNY, whole fen. */
const MAX_FEE_CNY = 1e10;
const MAX_SAMPLES = 100_000;
/** Shortest round-trip decimal form of a JS number; at most two decimals means whole fen (no float tolerance games). */
const MONEY_SHAPE = /^\d+(\.\d{1,2})?$/;

const unknownFields = (body: Record<string, unknown>, allowed: readonly string[]): FieldViolation[] =>
  Object.keys(body)
    .filter((k) => !allowed.includes(k))
    .map((field) => ({ field, message: 'unknown field' }));

/**
 * The shape of a completion, checked before the booking is read: ISO 8601
 * times with an offset, a fee in CNY (0 when nothing was charged: the fee is
 * always stated, Art. 19) and an optional sample count.
 */
export function readCompletion(body: Record<string, unknown>): Completion {
  const v = unknownFields(body, ['actualStart', 'actualEnd', 'feeChargedCny', 'samples']);
  const start = readInstant(body.actualStart, 'actualStart', v);
  const end = readInstant(body.actualEnd, 'actualEnd', v);
  const fee = body.feeChargedCny;
  if (typeof fee !== 'number' || !Number.isFinite(fee) || fee < 0 || fee > MAX_FEE_CNY || !MONEY_SHAPE.test(String(fee))) {
    v.push({
      field: 'feeChargedCny',
      message: `required: the fee actually charged, in CNY from 0 to ${MAX_FEE_CNY.toExponential()} with at most 2 decimals (0 when free)`,
    });
  }
  const samples = body.samples;
  if (samples !== undefined && !(Number.isSafeInteger(samples) && (samples as number) >= 0 && (samples as number) <= MAX_SAMPLES)) {
    v.push({ field: 'samples', message: `a whole number from 0 to ${MAX_SAMPLES}` });
  }
  if (start && end && end <= start) v.push({ field: 'actualEnd', message: 'must be after actualStart' });
  if (v.length) throw DomainError.validation(v);
  return { start: start!, end: end!, feeChargedFen: Math.round((fee as number) * 100), ...(samples !== undefined ? { samples: samples as number } : {}) };
}

/**
 * What the times may be, against the booking and the clock: use is reported
 * after it happened (the end is not in the future), and near the booked window
 * — from the China day before its start to the China day after its end — so a
 * mistyped date cannot count hours on a day nobody booked.
 */
export function completionTimeViolations(c: Completion, window: TimeWindow, now: Date): FieldViolation[] {
  const v: FieldViolation[] = [];
  const { earliest, latest } = reportableUseBounds(window);
  if (c.end > now) v.push({ field: 'actualEnd', message: `is in the future (now: ${now.toISOString()}): close a booking after the use` });
  if (c.start < earliest) v.push({ field: 'actualStart', message: `must be on or after ${earliest.toISOString()} (the China day before the booked window)` });
  if (c.end > latest)
    v.push({ field: 'actualEnd', message: `must be on or before ${latest.toISOString()} (the end of the China day after the booked window)` });
  return v;
}

/** The audit text of a completion: what was used and charged. */
export function completionText(c: Completion): string {
  const fee = (c.feeChargedFen / 100).toFixed(2);
  return `completed: used ${c.start.toISOString()} – ${c.end.toISOString()}, ${fee} CNY charged${c.samples !== undefined ? `, ${c.samples} samples` : ''}`;
}

/** The audit text of a no-show. */
export function noShowText(note?: string): string {
  return `no-show: the requester did not come${note ? `: ${note}` : ''}`;
}

/** A no-show's optional note: kept on the booking and its audit, read by the requester — a partner's too (Art. 17). */
export function readNoShow(body: Record<string, unknown>): { note?: string } {
  const v = unknownFields(body, ['note']);
  const note = body.note;
  if (note !== undefined && (typeof note !== 'string' || note.length > 500)) v.push({ field: 'note', message: 'a text of at most 500 characters' });
  if (typeof note === 'string') {
    const control = reasonViolation(note);
    if (control) v.push({ ...control, field: 'note' });
    const identity = identityDataViolation('note', note);
    if (identity) v.push(identity);
  }
  if (v.length) throw DomainError.validation(v);
  const text = typeof note === 'string' ? note.trim() : '';
  return text ? { note: text } : {};
}
