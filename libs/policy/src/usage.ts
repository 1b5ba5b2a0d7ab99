/**
 * The usage indicators of the evaluation of open sharing (Arts. 14, 21–23: units
 * report, departments and the DRC evaluate, on the national/Zhejiang
 * definitions), as pure functions:
 * - effective hours: the UNION of usage-session and IoT power-on intervals of an
 *   instrument (never double counted), not bookings;
 * - utilisation = effective hours / rated hours; sharing rate = external service
 *   hours / effective hours;
 * - rated hours: 1,600 h a year unless configured (per category code prefix),
 *   pro-rated to the period by days.
 * Days are China days (Asia/Shanghai, UTC+8, no DST).
 */
import { chinaDate, isLeapYear } from '@app/common';
import { addDays, assertIsoDate, compareDates, daysBetween, yearOf, type IsoDate } from './dates';

/** The shape of `AppConfig.usage` the rated hours need (structurally, so policy does not depend on config). */
export interface RatedHoursConfig {
  /** Hours a year (default 1600). */
  ratedHours: number;
  /** National category code prefix → hours a year; the longest matching prefix wins. */
  ratedHoursByCategory: Readonly<Record<string, number>>;
}

/** Arts. 21–23: an instrument's rated hours a year: the longest configured prefix of its category code, else the default. */
export function annualRatedHours(categoryCode: string, config: RatedHoursConfig): number {
  let best: string | undefined;
  for (const prefix of Object.keys(config.ratedHoursByCategory)) {
    if (categoryCode.startsWith(prefix) && (best === undefined || prefix.length > best.length)) best = prefix;
  }
  return best === undefined ? config.ratedHours : config.ratedHoursByCategory[best];
}

/**
 * Arts. 21–23: rated hours of an instrument over the China days `from` … `to`,
 * BOTH INCLUSIVE (a whole year is `YYYY-01-01` … `YYYY-12-31`): the annual hours
 * × days / 365, or / 366 for the days of a leap year, summed year by year when
 * the period spans several. Not rounded (round the ratio, not its parts).
 * E.g. 1600 h, 2025-01-01 … 2025-01-31 → 1600 × 31 / 365 ≈ 135.8904.
 */
export function ratedHoursFor(categoryCode: string, from: IsoDate, to: IsoDate, config: RatedHoursConfig): number {
  assertIsoDate(from);
  assertIsoDate(to);
  if (compareDates(to, from) < 0) throw new RangeError(`ratedHoursFor: period ends (${to}) before it starts (${from})`);
  const annual = annualRatedHours(categoryCode, config);
  let hours = 0;
  for (let year = yearOf(from); year <= yearOf(to); year++) {
    const first = year === yearOf(from) ? from : `${String(year).padStart(4, '0')}-01-01`;
    const last = year === yearOf(to) ? to : `${String(year).padStart(4, '0')}-12-31`;
    hours += (annual * (daysBetween(first, last) + 1)) / (isLeapYear(year) ? 366 : 365);
  }
  return hours;
}

/** Ratios are reported to 4 decimals (0.1234 = 12.34 %), rounded half up: enough for a percentage with two decimals. */
function ratio(numerator: number, denominator: number, what: string): number | null {
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || numerator < 0 || denominator < 0) {
    throw new RangeError(`${what}: hours must be finite and not negative (${numerator} / ${denominator})`);
  }
  if (denominator === 0) return null;
  return Math.round((numerator / denominator) * 10_000) / 10_000;
}

/**
 * Arts. 21–23: utilisation = effective hours / rated hours, to 4 decimals (may
 * exceed 1: an instrument run more than its rated hours). `null` when nothing
 * was rated (no period), never a division by zero.
 */
export function utilisation(effectiveHours: number, ratedHours: number): number | null {
  return ratio(effectiveHours, ratedHours, 'utilisation');
}

/**
 * Arts. 21–23: sharing rate = external service hours (sessions of requesters of
 * another unit than the owner's) / effective hours, to 4 decimals; `null` when
 * the instrument was not used at all (a rate of nothing is no rate).
 */
export function sharingRate(externalHours: number, effectiveHours: number): number | null {
  return ratio(externalHours, effectiveHours, 'sharingRate');
}

/** A half-open interval of time [start, end). */
export interface TimeInterval {
  start: Date;
  end: Date;
}

function checkInterval({ start, end }: TimeInterval): void {
  if (!(start instanceof Date) || !(end instanceof Date) || Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) {
    throw new RangeError('interval: start and end must be valid dates');
  }
  if (end.getTime() < start.getTime()) throw new RangeError(`interval ends (${end.toISOString()}) before it starts (${start.toISOString()})`);
}

/**
 * Effective hours (Arts. 15, 21–23) count each moment once: the length, in
 * seconds, of the union of possibly overlapping half-open intervals (a session
 * during a power-on interval, two overlapping sessions, touching intervals).
 * Milliseconds are kept: the result may have a fraction.
 */
export function unionSeconds(intervals: readonly TimeInterval[]): number {
  intervals.forEach(checkInterval);
  const sorted = intervals
    .map((i) => [i.start.getTime(), i.end.getTime()] as const)
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  let totalMs = 0;
  let run: [number, number] | undefined;
  for (const [start, end] of sorted) {
    // Touching intervals ([a, b) and [b, c)) join: there is no gap between them.
    if (run && start <= run[1]) {
      run[1] = Math.max(run[1], end);
      continue;
    }
    if (run) totalMs += run[1] - run[0];
    run = [start, end];
  }
  if (run) totalMs += run[1] - run[0];
  return totalMs / 1000;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The instant China's day `day` begins (00:00 at UTC+8 = 16:00 UTC the day before). */
export function chinaDayStart(day: IsoDate): Date {
  return new Date(Date.parse(`${assertIsoDate(day)}T00:00:00Z`) - CHINA_OFFSET_MS);
}

const DAY_MS = 86_400_000;

/**
 * Where use of a booked window may be reported: from the start of the China
 * day before the window to the end of the China day after it. Owner closings
 * and partners' usage records are held to the same bound, so a mistyped (or
 * invented) date cannot count hours on a day nobody booked.
 */
export function reportableUseBounds(window: TimeInterval): { earliest: Date; latest: Date } {
  return {
    earliest: new Date(chinaDayStart(chinaDate(window.start)).getTime() - DAY_MS),
    latest: new Date(chinaDayStart(chinaDate(new Date(window.end.getTime() - 1))).getTime() + 2 * DAY_MS),
  };
}

/**
 * Daily figures are per China day (Asia/Shanghai: UTC+8 all year, no DST): an
 * interval crossing midnight is cut there, each piece half-open within its
 * day, in order. A zero-length interval has no piece.
 * E.g. 2025-03-01T15:00Z … 2025-03-01T17:00Z (23:00 … 01:00 China time) →
 * 2025-03-01 [15:00Z, 16:00Z) and 2025-03-02 [16:00Z, 17:00Z).
 */
export function splitByChinaDay(interval: TimeInterval): { day: IsoDate; start: Date; end: Date }[] {
  checkInterval(interval);
  const pieces: { day: IsoDate; start: Date; end: Date }[] = [];
  const endMs = interval.end.getTime();
  for (let day = chinaDate(interval.start), startMs = interval.start.getTime(); startMs < endMs;) {
    const next = addDays(day, 1);
    const pieceEnd = Math.min(endMs, chinaDayStart(next).getTime());
    pieces.push({ day, start: new Date(startMs), end: new Date(pieceEnd) });
    [day, startMs] = [next, pieceEnd];
  }
  return pieces;
}
