import type { FieldViolation } from '@app/common';
import { reportableUseBounds } from '@app/policy';
import type { TimeWindow } from './booking';

/** What the owning unit reports when it closes a used booking: the actual times and the fee it charged (Art. 13, 19). */
export interface Completion {
  start: Date;
  end: Date;
  /** Stored in fen; the API speaks CNY with at most 2 decimals, like every other amount it shows. */
  feeChargedFen: number;
  samples?: number;
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
