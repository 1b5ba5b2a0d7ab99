/**
 * Calendar dates as the API carries them: `YYYY-MM-DD`, no time, no zone.
 * The strict reading lives in `@app/common` (one parser for every channel);
 * what is catalog-specific is "today" and date arithmetic for its rules.
 */
import { chinaDate } from '@app/common';

export { daysInMonth, formatCalendarDate, isCalendarDate } from '@app/common';

/**
 * Today's date in China (UTC+8, no daylight saving). Instruments, customs
 * releases and acceptances are all dated in Beijing time, so "future" is
 * judged there and not in the server's zone.
 */
export const chinaToday = chinaDate;

/** `date` plus `days` (may be negative). `date` must be a valid calendar date. */
export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
