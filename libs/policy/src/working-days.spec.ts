import holidayData from './data/prc-holidays.json';
import { addDays, compareDates, dayOfWeek } from './dates';
import { addWorkingDays, holidayCalendarStatus, holidayName, isWorkingDay, uncertainCalendarYears, workingDaysBetween } from './working-days';

describe('holiday data file (Art. 13 working days)', () => {
  const years = Object.entries(holidayData.years);

  it('covers 2020–2026 from State Council notices and 2027 provisionally', () => {
    expect(years.map(([year, entry]) => [year, entry.status])).toEqual([
      ['2020', 'official'],
      ['2021', 'official'],
      ['2022', 'official'],
      ['2023', 'official'],
      ['2024', 'official'],
      ['2025', 'official'],
      ['2026', 'official'],
      ['2027', 'provisional'],
    ]);
  });

  it.each(years)('%s: every adjusted working day is a weekend day and is not also a holiday', (_year, entry) => {
    const off = new Set<string>();
    for (const h of entry.holidays) {
      expect(compareDates(h.from, h.to)).toBeLessThanOrEqual(0);
      for (let d = h.from; compareDates(d, h.to) <= 0; d = addDays(d, 1)) off.add(d);
    }
    for (const w of entry.adjustedWorkdays) {
      expect([0, 6]).toContain(dayOfWeek(w.date));
      expect(off.has(w.date)).toBe(false);
    }
    expect(entry.sources.length).toBeGreaterThan(0);
  });

  it.each(years.filter(([, e]) => e.status === 'official'))('%s: cites the State Council notice', (year, entry) => {
    expect(entry.sources[0].title).toBe(`国务院办公厅关于${year}年部分节假日安排的通知`);
  });
});

describe('isWorkingDay (Art. 13: PRC holidays and adjusted working days count)', () => {
  it.each([
    // 2025 notice: National Day + Mid-Autumn Oct 1–8 off; Sun Sep 28 and Sat Oct 11 worked.
    ['2025-09-26', true, 'Friday'],
    ['2025-09-27', false, 'Saturday'],
    ['2025-09-28', true, 'adjusted working Sunday (国庆节、中秋节)'],
    ['2025-10-01', false, 'National Day'],
    ['2025-10-06', false, 'Mid-Autumn Festival, Monday'],
    ['2025-10-08', false, 'last day of the 8-day holiday, Wednesday'],
    ['2025-10-09', true, 'Thursday after the holiday'],
    ['2025-10-11', true, 'adjusted working Saturday (国庆节、中秋节)'],
    ['2025-10-12', false, 'Sunday'],
    // 2025 Spring Festival: Jan 28–Feb 4 off; Sun Jan 26 and Sat Feb 8 worked.
    ['2025-01-26', true, 'adjusted working Sunday (春节)'],
    ['2025-02-04', false, 'Spring Festival, Tuesday'],
    ['2025-02-08', true, 'adjusted working Saturday (春节)'],
    // 2026 notice
    ['2026-01-02', false, "New Year's holiday, Friday"],
    ['2026-01-04', true, 'adjusted working Sunday (元旦)'],
    ['2026-02-14', true, 'adjusted working Saturday before the 9-day Spring Festival'],
    ['2026-02-23', false, 'Spring Festival, Monday'],
    ['2026-02-28', true, 'adjusted working Saturday after the Spring Festival'],
    ['2026-10-10', true, 'adjusted working Saturday (国庆节)'],
    // 2020 extension notice: Feb 1 (Sat) was no longer worked.
    ['2020-02-01', false, 'cancelled adjusted working day (2020 extension)'],
    ['2020-02-03', true, 'first day back in 2020'],
    // 2024
    ['2024-02-18', true, 'adjusted working Sunday (春节)'],
    ['2024-10-12', true, 'adjusted working Saturday (国庆节)'],
    // 2027 provisional: statutory days only
    ['2027-01-01', false, "New Year's Day 2027 (statutory)"],
    ['2027-02-08', false, '正月初三 2027 (statutory)'],
  ])('%s → %p (%s)', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });

  it('names the holiday a date falls in', () => {
    expect(holidayName('2025-10-03')).toBe('国庆节、中秋节');
    expect(holidayName('2025-10-11')).toBeUndefined();
    expect(holidayName('2025-10-13')).toBeUndefined();
  });
});

describe('addWorkingDays: the n-th working day AFTER start (Art. 13)', () => {
  it.each([
    // Art. 13, National Day 2025: Sep 16–19 (4), 22–26 (9), Sun 28 (10), 29–30 (12), Oct 1–8 off,
    // 9–10 (14), Sat 11 (15), 13–17 (20), 20–24 (25), 27–31 (30). Weekdays alone would give Oct 27.
    ['2025-09-15', 30, '2025-10-31', 'crosses National Day 2025 and both adjusted working days'],
    // Art. 13, Spring Festival 2026: Sat Feb 14 worked, Feb 15–23 off, Sat Feb 28 worked.
    ['2026-01-20', 30, '2026-03-09', 'crosses the 9-day Spring Festival 2026'],
    // Art. 13, Spring Festival 2025: Sun Jan 26 worked, Jan 28–Feb 4 off, Sat Feb 8 worked.
    ['2025-01-02', 30, '2025-02-19', 'crosses the Spring Festival 2025'],
    ['2025-09-30', 1, '2025-10-09', 'next working day after the last day before National Day'],
    ['2025-09-27', 1, '2025-09-28', 'a Saturday start: the next day is an adjusted working Sunday'],
    ['2025-10-03', 0, '2025-10-03', 'n = 0 is the start itself'],
    ['2025-12-31', 1, '2026-01-04', 'New Year 2026: Jan 1–3 off, Sun Jan 4 worked'],
    ['2025-12-31', 2, '2026-01-05', 'New Year 2026: then Monday'],
  ])('Art. 13: %s + %d → %s (%s)', (start, n, expected) => {
    expect(addWorkingDays(start, n)).toBe(expected);
  });

  it('Art. 13: the start day is never counted, even when it is a working day', () => {
    expect(addWorkingDays('2025-10-13', 1)).toBe('2025-10-14');
  });

  it.each([
    ['2025-09-15', 30],
    ['2026-01-20', 30],
    ['2024-12-20', 45],
  ])('Art. 13: workingDaysBetween inverts addWorkingDays (%s + %d)', (start, n) => {
    expect(workingDaysBetween(start, addWorkingDays(start, n))).toBe(n);
  });

  it('workingDaysBetween is 0 when the end is not after the start', () => {
    expect(workingDaysBetween('2025-10-31', '2025-10-31')).toBe(0);
    expect(workingDaysBetween('2025-10-31', '2025-10-01')).toBe(0);
  });

  it.each([[-1], [1.5], [Number.NaN]])('rejects n = %p', (n) => {
    expect(() => addWorkingDays('2025-01-01', n)).toThrow(RangeError);
  });
});

describe('calendar coverage (Art. 13 deadlines may move when a year is not official)', () => {
  it.each([
    [2019, 'missing'],
    [2020, 'official'],
    [2026, 'official'],
    [2027, 'provisional'],
    [2028, 'missing'],
  ])('%d → %s', (year, expected) => {
    expect(holidayCalendarStatus(year)).toBe(expected);
  });

  it('lists the uncertain years a period crosses', () => {
    expect(uncertainCalendarYears('2025-09-15', '2025-10-31')).toEqual([]);
    expect(uncertainCalendarYears('2026-11-20', '2027-01-04')).toEqual([{ year: 2027, status: 'provisional' }]);
    expect(uncertainCalendarYears('2019-12-20', '2020-02-10')).toEqual([{ year: 2019, status: 'missing' }]);
  });

  it('falls back to Monday–Friday for years with no data', () => {
    expect(isWorkingDay('2028-01-03')).toBe(true); // Monday
    expect(isWorkingDay('2028-01-01')).toBe(false); // Saturday
  });
});
