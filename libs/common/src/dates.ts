/**
 * The one strict reading of dates and instants that arrive from outside (HTTP
 * bodies and queries, gRPC messages, imports).
 *
 * Why not `Date.parse`: it normalises instead of refusing — V8 reads
 * `2027-02-30T10:00:00Z` as March 2nd, `04-31` as May 1st, and takes any
 * `+23:59` offset — so a booking or a customs release date would silently move.
 * Here the digits are checked one by one against the Gregorian calendar and
 * only then turned into a number.
 */

export interface CalendarDateParts {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

/** A parse that says why it refused, so the caller can name the field and the fault. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** RFC 3339 with an explicit offset: an instant is never ambiguous about its time zone. */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;
/** Real offsets run from -12:00 to +14:00 (Kiribati); anything beyond is a typo or an attack. */
const MAX_OFFSET_MINUTES = 14 * 60;
const MS_PER_DAY = 86_400_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function checkDay(year: number, month: number, day: number): string | undefined {
  if (year < 1) return 'year 0000 does not exist';
  if (month < 1 || month > 12) return `month ${String(month).padStart(2, '0')} does not exist`;
  if (day < 1 || day > daysInMonth(year, month)) return `${year}-${String(month).padStart(2, '0')} has no day ${String(day).padStart(2, '0')}`;
  return undefined;
}

/** Formats year/month/day as `YYYY-MM-DD` when it is a real date, else null. */
export function formatCalendarDate(year: number, month: number, day: number): string | null {
  if (![year, month, day].every(Number.isInteger) || year > 9999 || checkDay(year, month, day)) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A calendar date `YYYY-MM-DD` (no time, no zone) that exists in the Gregorian calendar. */
export function parseCalendarDate(value: unknown): Parsed<CalendarDateParts> {
  const m = typeof value === 'string' ? CALENDAR_DATE.exec(value) : null;
  if (!m) return { ok: false, error: 'must be a date YYYY-MM-DD' };
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const error = checkDay(year, month, day);
  return error ? { ok: false, error } : { ok: true, value: { year, month, day } };
}

export function isCalendarDate(value: unknown): value is string {
  return parseCalendarDate(value).ok;
}

/** Days since 1970-01-01 of a real calendar date. */
export function dayNumber({ year, month, day }: CalendarDateParts): number {
  const utc = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  utc.setUTCFullYear(year, month - 1, day);
  return Math.round(utc.getTime() / MS_PER_DAY);
}

/**
 * An instant `YYYY-MM-DDTHH:MM[:SS[.sss]]` with `Z` or `±HH:MM`, refused
 * (never moved) when the date does not exist, the time is 24:00 or has a
 * 60th second, or the offset is beyond ±14:00 or has 60+ minutes.
 */
export function parseInstant(value: unknown): Parsed<Date> {
  const m = typeof value === 'string' ? INSTANT.exec(value) : null;
  if (!m) return { ok: false, error: 'must be an ISO 8601 date-time with an offset, e.g. 2026-12-01T09:00:00+08:00' };
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
  const dateError = checkDay(year, month, day);
  if (dateError) return { ok: false, error: dateError };
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, error: 'time must be 00:00:00–23:59:59 (no 24:00, no leap second)' };
  let offset = 0;
  if (!m[8]) {
    const [oh, om] = [Number(m[10]), Number(m[11])];
    if (om > 59 || oh * 60 + om > MAX_OFFSET_MINUTES) return { ok: false, error: 'offset must be within ±14:00 with minutes 00–59' };
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const local = dayNumber({ year, month, day }) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
  return { ok: true, value: new Date(local - offset * 60_000) };
}

/** An instant an input contract has already read with {@link parseInstant}: a failure here is a bug, not a user's mistake. */
export function readCheckedInstant(text: string): Date {
  const parsed = parseInstant(text);
  if (!parsed.ok) throw new Error(`not a checked instant: ${text}`);
  return parsed.value;
}

/** The instants a `google.protobuf.Timestamp` may carry: 0001-01-01T00:00:00Z … 9999-12-31T23:59:59.999Z. */
const FIRST_INSTANT = -62_135_596_800_000;
const LAST_INSTANT = 253_402_300_799_999;

/** An already decoded instant (a gRPC Timestamp): a real time inside the range the wire allows. */
export function isRepresentableInstant(value: Date): boolean {
  const t = value.getTime();
  return Number.isFinite(t) && t >= FIRST_INSTANT && t <= LAST_INSTANT;
}
