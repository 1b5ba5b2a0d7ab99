import { DomainError } from '@app/common';
import { reportPeriod } from './report-period';

const NOW = new Date('2026-11-29T04:00:00Z');

describe('reportPeriod', () => {
  it('defaults to the twelve months up to today (China)', () => {
    expect(reportPeriod(undefined, undefined, NOW)).toEqual({ from: '2025-11-30', to: '2026-11-29' });
    // 2026-11-29T20:00Z is already the 30th in China.
    expect(reportPeriod(undefined, undefined, new Date('2026-11-29T20:00:00Z')).to).toBe('2026-11-30');
  });

  it('completes a period given by one end to twelve months', () => {
    expect(reportPeriod('2026-01-01', undefined, NOW)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(reportPeriod(undefined, '2026-06-30', NOW)).toEqual({ from: '2025-07-01', to: '2026-06-30' });
  });

  it('takes one day and exactly five years, and refuses more, a reversed period and impossible dates', () => {
    expect(reportPeriod('2026-03-01', '2026-03-01', NOW)).toEqual({ from: '2026-03-01', to: '2026-03-01' });
    expect(reportPeriod('2021-01-01', '2025-12-31', NOW)).toEqual({ from: '2021-01-01', to: '2025-12-31' });
    for (const [from, to] of [
      ['2021-01-01', '2026-01-01'],
      ['2026-05-01', '2026-04-30'],
      ['2026-02-29', '2026-03-31'],
      ['2026-1-01', undefined],
      [20260101, undefined],
    ]) {
      expect(() => reportPeriod(from, to, NOW)).toThrow(DomainError);
    }
  });

  it('answers a period at the end of the calendar instead of failing on dates past 9999-12-31', () => {
    expect(reportPeriod('9999-06-01', undefined, NOW)).toEqual({ from: '9999-06-01', to: '9999-12-31' });
    expect(reportPeriod('9996-01-01', '9999-12-31', NOW)).toEqual({ from: '9996-01-01', to: '9999-12-31' });
    expect(() => reportPeriod('9990-01-01', '9999-12-31', NOW)).toThrow(DomainError);
  });
});
