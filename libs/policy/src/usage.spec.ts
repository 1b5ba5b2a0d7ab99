import { annualRatedHours, chinaDayStart, ratedHoursFor, sharingRate, splitByChinaDay, unionSeconds, utilisation } from '@app/policy';

const DEFAULT = { ratedHours: 1600, ratedHoursByCategory: {} };
const at = (iso: string) => new Date(iso);
const iv = (start: string, end: string) => ({ start: at(start), end: at(end) });

describe('rated hours (Arts. 21–23: 1,600 h a year, pro-rated by days)', () => {
  it.each([
    ['a whole common year', '2025-01-01', '2025-12-31', 1600],
    ['a whole leap year', '2024-01-01', '2024-12-31', 1600],
    ['January 2025: 1600 × 31/365', '2025-01-01', '2025-01-31', 49_600 / 365],
    ['February 2024, a leap month: 1600 × 29/366', '2024-02-01', '2024-02-29', 46_400 / 366],
    ['one day', '2025-06-01', '2025-06-01', 1600 / 365],
    ['December 2024 + January 2025: 1600 × 31/366 + 1600 × 31/365', '2024-12-01', '2025-01-31', 49_600 / 366 + 49_600 / 365],
  ])('%s', (_case, from, to, expected) => {
    expect(ratedHoursFor('0101', from, to, DEFAULT)).toBeCloseTo(expected, 9);
  });

  it('hand-computed values, to 4 decimals', () => {
    expect(ratedHoursFor('0101', '2025-01-01', '2025-01-31', DEFAULT).toFixed(4)).toBe('135.8904');
    expect(ratedHoursFor('0101', '2024-02-01', '2024-02-29', DEFAULT).toFixed(4)).toBe('126.7760');
    expect(ratedHoursFor('0101', '2024-12-01', '2025-01-31', DEFAULT).toFixed(4)).toBe('271.4095');
  });

  it('the longest configured prefix of the category code wins', () => {
    const config = { ratedHours: 1600, ratedHoursByCategory: { '03': 1800, '0301': 2000 } };
    expect(annualRatedHours('0301', config)).toBe(2000);
    expect(annualRatedHours('0302', config)).toBe(1800);
    expect(annualRatedHours('0101', config)).toBe(1600);
    expect(ratedHoursFor('0301', '2025-01-01', '2025-12-31', config)).toBeCloseTo(2000, 9);
    expect(ratedHoursFor('0302', '2025-01-01', '2025-01-31', config).toFixed(4)).toBe('152.8767'); // 1800 × 31/365
  });

  it('refuses a period that ends before it starts, or a malformed date', () => {
    expect(() => ratedHoursFor('0101', '2025-02-01', '2025-01-31', DEFAULT)).toThrow(RangeError);
    expect(() => ratedHoursFor('0101', '2025-02-30', '2025-03-31', DEFAULT)).toThrow(RangeError);
  });
});

describe('utilisation and sharing rate (Arts. 21–23), to 4 decimals', () => {
  it.each([
    [400, 1600, 0.25],
    [1, 3, 0.3333],
    [2, 3, 0.6667],
    [100, 49_600 / 365, 0.7359], // 100 h in January 2025: 36,500 / 49,600 = 0.73588…
    [2000, 1600, 1.25], // more than rated: reported as it is
    [0, 1600, 0],
  ])('utilisation(%s h, %s h) = %s', (effective, rated, expected) => {
    expect(utilisation(effective, rated)).toBe(expected);
  });

  it.each([
    [30, 120, 0.25],
    [1, 7, 0.1429],
    [0, 10, 0],
    [10, 10, 1],
  ])('sharingRate(%s h external, %s h effective) = %s', (external, effective, expected) => {
    expect(sharingRate(external, effective)).toBe(expected);
  });

  it('is null, not a division by zero, when the denominator is 0', () => {
    expect(sharingRate(0, 0)).toBeNull();
    expect(utilisation(0, 0)).toBeNull();
    expect(utilisation(5, 0)).toBeNull();
  });

  it('refuses negative or non-finite hours', () => {
    expect(() => utilisation(-1, 10)).toThrow(RangeError);
    expect(() => sharingRate(1, Number.NaN)).toThrow(RangeError);
  });
});

describe('unionSeconds: effective time counts each moment once', () => {
  it.each([
    ['nothing', [], 0],
    ['one hour', [iv('2025-03-01T02:00:00Z', '2025-03-01T03:00:00Z')], 3600],
    ['overlapping: a session during power-on', [iv('2025-03-01T02:00:00Z', '2025-03-01T03:00:00Z'), iv('2025-03-01T02:30:00Z', '2025-03-01T04:00:00Z')], 7200],
    ['one inside the other', [iv('2025-03-01T02:00:00Z', '2025-03-01T04:00:00Z'), iv('2025-03-01T02:30:00Z', '2025-03-01T03:00:00Z')], 7200],
    ['touching half-open intervals', [iv('2025-03-01T02:00:00Z', '2025-03-01T03:00:00Z'), iv('2025-03-01T03:00:00Z', '2025-03-01T04:00:00Z')], 7200],
    ['disjoint, out of order', [iv('2025-03-01T06:00:00Z', '2025-03-01T07:00:00Z'), iv('2025-03-01T02:00:00Z', '2025-03-01T03:00:00Z')], 7200],
    ['the same interval twice', [iv('2025-03-01T02:00:00Z', '2025-03-01T03:00:00Z'), iv('2025-03-01T02:00:00Z', '2025-03-01T03:00:00Z')], 3600],
    ['a zero-length one', [iv('2025-03-01T02:00:00Z', '2025-03-01T02:00:00Z')], 0],
    ['half a second', [iv('2025-03-01T02:00:00.000Z', '2025-03-01T02:00:00.500Z')], 0.5],
  ])('%s', (_case, intervals, seconds) => {
    expect(unionSeconds(intervals)).toBe(seconds);
  });

  it('refuses an interval that ends before it starts', () => {
    expect(() => unionSeconds([iv('2025-03-01T03:00:00Z', '2025-03-01T02:00:00Z')])).toThrow(RangeError);
  });
});

describe('splitByChinaDay (Asia/Shanghai, UTC+8, no DST)', () => {
  it('a China day starts at 16:00 UTC the day before', () => {
    expect(chinaDayStart('2025-01-01')).toEqual(at('2024-12-31T16:00:00Z'));
  });

  it('cuts an interval at China midnight (23:00 → 01:00 China time)', () => {
    expect(splitByChinaDay(iv('2025-03-01T15:00:00Z', '2025-03-01T17:00:00Z'))).toEqual([
      { day: '2025-03-01', start: at('2025-03-01T15:00:00Z'), end: at('2025-03-01T16:00:00Z') },
      { day: '2025-03-02', start: at('2025-03-01T16:00:00Z'), end: at('2025-03-01T17:00:00Z') },
    ]);
  });

  it('does not cut at UTC midnight, which is 08:00 in China', () => {
    expect(splitByChinaDay(iv('2025-03-01T23:00:00Z', '2025-03-02T01:00:00Z'))).toEqual([
      { day: '2025-03-02', start: at('2025-03-01T23:00:00Z'), end: at('2025-03-02T01:00:00Z') },
    ]);
  });

  it('keeps a whole China day whole, and crosses a leap day', () => {
    expect(splitByChinaDay(iv('2025-02-28T16:00:00Z', '2025-03-01T16:00:00Z'))).toEqual([
      { day: '2025-03-01', start: at('2025-02-28T16:00:00Z'), end: at('2025-03-01T16:00:00Z') },
    ]);
    // 2024-02-29 04:00 → 2024-03-02 09:00 China time.
    expect(splitByChinaDay(iv('2024-02-28T20:00:00Z', '2024-03-02T01:00:00Z'))).toEqual([
      { day: '2024-02-29', start: at('2024-02-28T20:00:00Z'), end: at('2024-02-29T16:00:00Z') },
      { day: '2024-03-01', start: at('2024-02-29T16:00:00Z'), end: at('2024-03-01T16:00:00Z') },
      { day: '2024-03-02', start: at('2024-03-01T16:00:00Z'), end: at('2024-03-02T01:00:00Z') },
    ]);
  });

  it('gives nothing for a zero-length interval and refuses a reversed one', () => {
    expect(splitByChinaDay(iv('2025-03-01T02:00:00Z', '2025-03-01T02:00:00Z'))).toEqual([]);
    expect(() => splitByChinaDay(iv('2025-03-01T03:00:00Z', '2025-03-01T02:00:00Z'))).toThrow(RangeError);
  });
});
