/**
 * Calendar dates as the API carries them: `YYYY-MM-DD`, no time, no zone.
 *
 * Kept apart from `Date` on purpose: `new Date('2025-02-30')` silently rolls
 * over to March 2nd, and `Date` parsing of other shapes is locale- and
 * engine-dependent, so every check here works on the digits.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Formats year/month/day as `YYYY-MM-DD` when it is a real date, else null. */
export function formatCalendarDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** True for a strictly formatted `YYYY-MM-DD` that exists in the Gregorian calendar. */
export function isCalendarDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  return m !== null && formatCalendarDate(Number(m[1]), Number(m[2]), Number(m[3])) === value;
}

/**
 * Today's date in China (UTC+8, no daylight saving). Instruments, customs
 * releases and acceptances are all dated in Beijing time, so "future" is
 * judged there and not in the server's zone.
 */
export function chinaToday(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** `date` plus `days` (may be negative). `date` must be a valid calendar date. */
export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
