/**
 * Calendar-date helpers for `YYYY-MM-DD` strings (calendar dates in China time).
 *
 * Why not a date library or `new Date('2025-10-01')`: policy deadlines are
 * calendar dates, not instants. Parsing them as instants drags the process time
 * zone into the result (a UTC-8 host would see 2025-09-30). Here every date is
 * turned into a day number (days since 1970-01-01) with `Date.UTC`, which is pure
 * arithmetic: no clock, no time zone, no I/O.
 */
import { dayNumber, daysInMonth, parseCalendarDate } from '@app/common';

const MS_PER_DAY = 86_400_000;

/** A `YYYY-MM-DD` string. A type alias for documentation; it is validated at runtime. */
export type IsoDate = string;

interface Ymd {
  y: number;
  m: number; // 1-12
  d: number; // 1-31
}

/** The one strict calendar-date reading (`@app/common`), in this file's shape. */
function parse(date: string): Ymd | null {
  const parsed = parseCalendarDate(date);
  return parsed.ok ? { y: parsed.value.year, m: parsed.value.month, d: parsed.value.day } : null;
}

function parseOrThrow(date: string): Ymd {
  const ymd = typeof date === 'string' ? parse(date) : null;
  if (!ymd) throw new RangeError(`Invalid calendar date ${JSON.stringify(date)}: expected YYYY-MM-DD`);
  return ymd;
}

function format({ y, m, d }: Ymd): IsoDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function toDayNumber({ y, m, d }: Ymd): number {
  return dayNumber({ year: y, month: m, day: d });
}

function fromDayNumber(day: number): Ymd {
  const utc = new Date(day * MS_PER_DAY);
  return { y: utc.getUTCFullYear(), m: utc.getUTCMonth() + 1, d: utc.getUTCDate() };
}

/** True for a real calendar date written `YYYY-MM-DD` (2025-02-29 is false). Use it to validate input. */
export function isIsoDate(value: unknown): value is IsoDate {
  return typeof value === 'string' && parse(value) !== null;
}

/** Throws a RangeError unless `date` is a valid `YYYY-MM-DD`; returns it for chaining. */
export function assertIsoDate(date: string): IsoDate {
  parseOrThrow(date);
  return date;
}

/** Negative, zero or positive like a comparator; both dates are validated. */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return toDayNumber(parseOrThrow(a)) - toDayNumber(parseOrThrow(b));
}

/** Whole days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return compareDates(b, a);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new RangeError(`addDays: days must be an integer, got ${days}`);
  return format(fromDayNumber(toDayNumber(parseOrThrow(date)) + days));
}

/**
 * Adds calendar months, clamping to the end of the target month when the day
 * does not exist there (2025-11-30 + 3 → 2026-02-28; 2023-11-30 + 3 → 2024-02-29).
 * This is the rule of the Civil Code, Art. 202: a period counted in months ends
 * on the corresponding day of the last month, or on that month's last day when
 * there is no corresponding day.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  if (!Number.isInteger(months)) throw new RangeError(`addMonths: months must be an integer, got ${months}`);
  const { y, m, d } = parseOrThrow(date);
  const index = y * 12 + (m - 1) + months;
  const ty = Math.floor(index / 12);
  const tm = (index % 12) + 1;
  return format({ y: ty, m: tm, d: Math.min(d, daysInMonth(ty, tm)) });
}

/** Adds calendar years with the same end-of-month clamp (2024-02-29 + 1 → 2025-02-28). */
export function addYears(date: IsoDate, years: number): IsoDate {
  if (!Number.isInteger(years)) throw new RangeError(`addYears: years must be an integer, got ${years}`);
  return addMonths(date, years * 12);
}

/** Day of week, 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function dayOfWeek(date: IsoDate): number {
  const day = toDayNumber(parseOrThrow(date));
  return (((day + 4) % 7) + 7) % 7;
}

export function yearOf(date: IsoDate): number {
  return parseOrThrow(date).y;
}
