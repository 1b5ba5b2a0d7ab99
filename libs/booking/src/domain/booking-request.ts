import type { FieldViolation } from '@app/common';
import type { TimeWindow } from './booking';

export interface BookingRequest {
  instrumentId: string;
  window: TimeWindow;
  purpose: string;
  sampleDescription?: string;
}

const MAX_AHEAD_DAYS = 366;

/**
 * Where a window may lie relative to now: a window that has begun cannot be
 * booked (it would hold a slot already, partly, used), nor one that starts
 * within the lead time or more than {@link MAX_AHEAD_DAYS} days ahead.
 */
export function windowTimingViolations(window: TimeWindow, now: Date, minLeadMinutes = 0): FieldViolation[] {
  const violations: FieldViolation[] = [];
  const earliest = now.getTime() + minLeadMinutes * 60_000;
  if (window.start.getTime() < earliest) {
    violations.push({
      field: 'start',
      message:
        minLeadMinutes > 0
          ? `must be at least ${minLeadMinutes} minutes from now (${new Date(earliest).toISOString()})`
          : `must not be in the past (now: ${now.toISOString()})`,
    });
  }
  if (window.start.getTime() > now.getTime() + MAX_AHEAD_DAYS * 86_400_000)
    violations.push({ field: 'start', message: `must be within ${MAX_AHEAD_DAYS} days` });
  return violations;
}
