import { DomainError, chinaDate } from '@app/common';
import { addDays, addMonths, addYears, compareDates, isIsoDate } from '@app/policy';

/** China days `from` … `to`, both inclusive. */
export interface ReportPeriod {
  from: string;
  to: string;
}

const LAST_CALENDAR_DAY = '9999-12-31';

/** A longer period is an export of the whole history, not monitoring; it would also scan every rollup row. */
export const MAX_REPORT_YEARS = 5;

/**
 * The period a report covers: both ends real calendar days (YYYY-MM-DD, China
 * days), `from` ≤ `to`, at most five years; without them, the last twelve
 * months up to today.
 */
export function reportPeriod(from: unknown, to: unknown, now: Date): ReportPeriod {
  const violations: { field: string; message: string }[] = [];
  if (from !== undefined && !isIsoDate(from)) violations.push({ field: 'from', message: 'a calendar date YYYY-MM-DD' });
  if (to !== undefined && !isIsoDate(to)) violations.push({ field: 'to', message: 'a calendar date YYYY-MM-DD' });
  if (violations.length) throw DomainError.validation(violations);
  const yearAfter = from === undefined ? undefined : addMonths(from as string, 12);
  // Near the calendar's end a year later is no date (10000-…): the period stops at its last day.
  const end = (to as string | undefined) ?? (yearAfter === undefined ? chinaDate(now) : isIsoDate(yearAfter) ? addDays(yearAfter, -1) : LAST_CALENDAR_DAY);
  const start = (from as string | undefined) ?? addDays(addMonths(end, -12), 1);
  if (compareDates(start, end) > 0) throw DomainError.validation([{ field: 'from', message: `must not be after to (${end})` }]);
  const limit = addYears(start, MAX_REPORT_YEARS);
  if (isIsoDate(limit) && compareDates(end, addDays(limit, -1)) > 0)
    throw DomainError.validation([{ field: 'to', message: `a period covers at most ${MAX_REPORT_YEARS} years` }]);
  return { from: start, to: end };
}
