import { addDays, addMonths, addYears, compareDates, dayOfWeek, daysBetween, isIsoDate } from './dates';

describe('calendar date helpers (used by Arts. 12, 13, 15)', () => {
  it.each([
    ['2025-10-01', true],
    ['2024-02-29', true],
    ['2025-02-29', false], // not a leap year
    ['1900-02-29', false], // century, not a leap year
    ['2000-02-29', true],
    ['2025-13-01', false],
    ['2025-04-31', false],
    ['2025-4-1', false],
    ['2025-10-01T00:00:00Z', false],
    ['', false],
    [20251001, false],
    [undefined, false],
  ])('isIsoDate(%p) → %p', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });

  it.each([
    ['2025-12-31', 1, '2026-01-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-03-01', -1, '2025-02-28'],
    ['2025-10-01', 0, '2025-10-01'],
    ['2025-01-01', 365, '2026-01-01'],
  ])('addDays(%s, %d) → %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it.each([
    ['2025-11-30', 3, '2026-02-28'], // clamp (Civil Code Art. 202)
    ['2023-11-30', 3, '2024-02-29'], // clamp into a leap February
    ['2025-01-31', 1, '2025-02-28'],
    ['2025-01-15', 1, '2025-02-15'],
    ['2025-10-31', 2, '2025-12-31'],
    ['2025-11-15', 3, '2026-02-15'], // crosses the year
    ['2025-03-31', -1, '2025-02-28'],
  ])('addMonths(%s, %d) → %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it.each([
    ['2024-02-29', 1, '2025-02-28'],
    ['2024-02-29', 4, '2028-02-29'],
    ['2023-05-10', 3, '2026-05-10'],
  ])('addYears(%s, %d) → %s', (date, years, expected) => {
    expect(addYears(date, years)).toBe(expected);
  });

  it.each([
    ['2025-09-28', 0], // Sunday
    ['2025-10-11', 6], // Saturday
    ['2025-10-01', 3], // Wednesday
    ['1970-01-01', 4], // Thursday
    ['1969-12-28', 0], // Sunday, before the epoch
  ])('dayOfWeek(%s) → %d', (date, expected) => {
    expect(dayOfWeek(date)).toBe(expected);
  });

  it('compares and measures by calendar day, independent of the process time zone', () => {
    expect(compareDates('2025-10-01', '2025-10-02')).toBeLessThan(0);
    expect(compareDates('2025-10-02', '2025-10-02')).toBe(0);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2026-05-10', '2026-05-09')).toBe(-1);
  });

  it.each([['2025-02-29'], ['not a date'], ['2025/10/01']])('rejects malformed input %p with a RangeError', (bad) => {
    expect(() => addDays(bad, 1)).toThrow(RangeError);
    expect(() => compareDates(bad, '2025-01-01')).toThrow(RangeError);
  });

  it('rejects non-integer offsets', () => {
    expect(() => addDays('2025-01-01', 1.5)).toThrow(RangeError);
    expect(() => addMonths('2025-01-01', Number.NaN)).toThrow(RangeError);
  });
});
