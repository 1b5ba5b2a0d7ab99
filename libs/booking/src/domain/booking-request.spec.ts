import { DomainError } from '@app/common';
import { validateBookingRequest } from './booking-request';

const NOW = new Date('2026-11-29T04:00:00Z');
const request = (start: unknown, end: unknown) => ({ instrumentId: 'jiaxing:SEM-1', start, end, purpose: 'XRD' });
const violations = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.details.violations ?? [];
    throw error;
  }
  return [];
};
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000).toISOString();

describe('validateBookingRequest: when a window may start', () => {
  it.each([
    ['ended minutes ago', -4, -1, 0, false],
    ['under way', -1, 60, 0, false],
    ['starting now', 0, 60, 0, true],
    ['inside the lead time', 10, 60, 30, false],
    ['exactly at the lead time', 30, 60, 30, true],
  ])('%s (start %d min, end %d min, lead %d) → accepted: %s', (_label, start, end, lead, ok) => {
    const found = violations(() => validateBookingRequest(request(minutes(start), minutes(end)), NOW, lead));
    expect(found.length === 0).toBe(ok);
    if (!ok) expect(found).toEqual([{ field: 'start', message: expect.any(String) }]);
  });

  it('takes decoded gRPC Timestamps as they are, but only inside 0001–9999', () => {
    expect(validateBookingRequest(request(new Date(minutes(60)), new Date(minutes(120))), NOW).window.start.toISOString()).toBe(minutes(60));
    expect(violations(() => validateBookingRequest(request(new Date(Number.NaN), new Date(minutes(120))), NOW))).toEqual([{ field: 'start', message: expect.stringContaining('9999') }]);
  });

  it('refuses an impossible date instead of moving it', () => {
    expect(violations(() => validateBookingRequest(request('2027-02-30T10:00:00Z', '2027-03-05T10:00:00Z'), NOW))).toEqual([{ field: 'start', message: expect.stringContaining('no day 30') }]);
  });
});
