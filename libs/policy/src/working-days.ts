/**
 * PRC working days: Monday–Friday, minus the national public holidays, plus the
 * adjusted working days (调休上班, a Saturday or Sunday worked to bridge a holiday).
 *
 * The schedule comes from `data/prc-holidays.json`, shipped with this library
 * rather than taken from the `chinese-days` package: that package stops at 2026
 * and silently treats later years as plain Monday–Friday years (it calls
 * 2027-01-01 a working day). A data file is deterministic, offline, reviewable
 * line by line against the State Council notices, and its coverage is explicit
 * (see `holidayCalendarStatus`). How to update it: `data/README.md`.
 */
import holidayData from './data/prc-holidays.json';
import { addDays, assertIsoDate, compareDates, dayOfWeek, yearOf, type IsoDate } from './dates';

/**
 * Coverage of one calendar year:
 * - `official`: transcribed from the State Council notice for that year;
 * - `provisional`: notice not yet in the file; only the statutory holiday dates
 *   (全国年节及纪念日放假办法) are known, without 调休 — dates may still move;
 * - `missing`: nothing known; Monday–Friday is assumed.
 */
export type HolidayCalendarStatus = 'official' | 'provisional' | 'missing';

interface HolidayPeriod {
  name: string;
  nameEn: string;
  from: string;
  to: string;
}
interface AdjustedWorkday {
  date: string;
  for: string;
}
interface HolidayYear {
  status: string;
  holidays: HolidayPeriod[];
  adjustedWorkdays: AdjustedWorkday[];
}

const yearStatus = new Map<number, HolidayCalendarStatus>();
/** Day off → holiday name, e.g. '2025-10-03' → '国庆节、中秋节'. */
const daysOff = new Map<IsoDate, string>();
const adjustedWorkdays = new Map<IsoDate, string>();

// Built once at module load; the maps are never mutated afterwards.
for (const [year, entry] of Object.entries(holidayData.years as Record<string, HolidayYear>)) {
  if (entry.status !== 'official' && entry.status !== 'provisional') {
    throw new Error(`prc-holidays.json: year ${year} has unknown status ${entry.status}`);
  }
  yearStatus.set(Number(year), entry.status);
  for (const period of entry.holidays) {
    for (let day = assertIsoDate(period.from); compareDates(day, period.to) <= 0; day = addDays(day, 1)) {
      daysOff.set(day, period.name);
    }
  }
  for (const workday of entry.adjustedWorkdays) adjustedWorkdays.set(assertIsoDate(workday.date), workday.for);
}

/** How well the working-day calendar knows `year`. */
export function holidayCalendarStatus(year: number): HolidayCalendarStatus {
  return yearStatus.get(year) ?? 'missing';
}

/** Years between the two dates (inclusive) whose holiday schedule is not `official`. */
export function uncertainCalendarYears(from: IsoDate, to: IsoDate): { year: number; status: Exclude<HolidayCalendarStatus, 'official'> }[] {
  const result: { year: number; status: Exclude<HolidayCalendarStatus, 'official'> }[] = [];
  const [first, last] = compareDates(from, to) <= 0 ? [yearOf(from), yearOf(to)] : [yearOf(to), yearOf(from)];
  for (let year = first; year <= last; year++) {
    const status = holidayCalendarStatus(year);
    if (status !== 'official') result.push({ year, status });
  }
  return result;
}

/** The holiday a date falls in (`undefined` on ordinary days and adjusted working days). */
export function holidayName(date: IsoDate): string | undefined {
  return adjustedWorkdays.has(assertIsoDate(date)) ? undefined : daysOff.get(date);
}

export function isWorkingDay(date: IsoDate): boolean {
  assertIsoDate(date);
  if (adjustedWorkdays.has(date)) return true;
  if (daysOff.has(date)) return false;
  const weekday = dayOfWeek(date);
  return weekday >= 1 && weekday <= 5;
}

/**
 * The `n`-th working day AFTER `start`. The start day itself is never counted,
 * whether or not it is a working day (Civil Code Art. 201: a period counted in
 * days starts on the next day), and the result is the last day of the period,
 * inclusive: something done on the returned day is on time.
 * E.g. 2025-09-15 + 30 → 2025-10-31 (Oct 1–8 off, Sun Sep 28 and Sat Oct 11 worked).
 * `n = 0` returns `start` unchanged.
 */
export function addWorkingDays(start: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`addWorkingDays: n must be a non-negative integer, got ${n}`);
  const key = `${start}+${n}`;
  const known = WORKING_DAY_SUMS.get(key);
  if (known) return known;
  let day = assertIsoDate(start);
  for (let counted = 0; counted < n;) {
    day = addDays(day, 1);
    if (isWorkingDay(day)) counted++;
  }
  // Every instrument accepted on the same day has the same deadline; a sync of
  // 100,000 records asks for a few thousand distinct ones. Bounded, pure.
  if (WORKING_DAY_SUMS.size >= WORKING_DAY_SUMS_MAX) WORKING_DAY_SUMS.clear();
  WORKING_DAY_SUMS.set(key, day);
  return day;
}

const WORKING_DAY_SUMS = new Map<string, IsoDate>();
const WORKING_DAY_SUMS_MAX = 50_000;

/**
 * Working days in the half-open range (`from`, `to`]: the inverse of
 * `addWorkingDays` (`workingDaysBetween(a, addWorkingDays(a, n)) === n`).
 * 0 when `to` is not after `from`.
 */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  let count = 0;
  for (let day = addDays(from, 1); compareDates(day, to) <= 0; day = addDays(day, 1)) {
    if (isWorkingDay(day)) count++;
  }
  return count;
}
