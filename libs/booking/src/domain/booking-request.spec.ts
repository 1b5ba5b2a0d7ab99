import { DomainError, readCheckedInstant } from '@app/common';
import { createBookingInput } from '../use-cases/create-booking.input';
import { instantText } from '../use-cases/time-window.input';
import { windowTimingViolations } from './booking-request';

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
const windowOf = (start: string, end: string) => {
  const input = createBookingInput.parse(request(start, end));
  return { start: readCheckedInstant(input.start), end: readCheckedInstant(input.end) };
};

describe('a booking request: when a window may start', () => {
  it.each([
    ['ended minutes ago', -4, -1, 0, false],
    ['under way', -1, 60, 0, false],
    ['starting now', 0, 60, 0, true],
    ['inside the lead time', 10, 60, 30, false],
    ['exactly at the lead time', 30, 60, 30, true],
  ])('%s (start %d min, end %d min, lead %d) → accepted: %s', (_label, start, end, lead, ok) => {
    const found = windowTimingViolations(windowOf(minutes(start), minutes(end)), NOW, lead);
    expect(found.length === 0).toBe(ok);
    if (!ok) expect(found).toEqual([{ field: 'start', message: expect.any(String) }]);
  });

  it('takes decoded gRPC Timestamps as they are, but only inside 0001–9999', () => {
    expect(windowOf(instantText(new Date(minutes(60))) as string, minutes(120)).start.toISOString()).toBe(minutes(60));
    expect(violations(() => createBookingInput.parse(request(instantText(new Date(Number.NaN)), minutes(120))))).toEqual([
      { field: 'start', message: expect.stringContaining('9999') },
    ]);
  });

  it('refuses an impossible date instead of moving it', () => {
    expect(violations(() => createBookingInput.parse(request('2027-02-30T10:00:00Z', '2027-03-05T10:00:00Z')))).toEqual([
      { field: 'start', message: expect.stringContaining('no day 30') },
    ]);
  });

  it('refuses an unknown field, a window the wrong way round or longer than two weeks, and identity data (Art. 17)', () => {
    expect(violations(() => createBookingInput.parse({ ...request(minutes(60), minutes(120)), colour: 'red' }))).toEqual([
      { field: 'colour', message: expect.stringContaining('is not a known field') },
    ]);
    expect(violations(() => createBookingInput.parse(request(minutes(60), minutes(60))))).toEqual([{ field: 'end', message: 'must be after start' }]);
    expect(violations(() => createBookingInput.parse(request(minutes(0), minutes(15 * 24 * 60))))).toEqual([
      { field: 'end', message: 'a booking lasts at most 336 hours' },
    ]);
    expect(violations(() => createBookingInput.parse({ ...request(minutes(60), minutes(120)), purpose: '  ', sampleDescription: '联系 13812345678' }))).toEqual(
      [
        { field: 'purpose', message: 'must not be empty: 1–500 characters of text' },
        { field: 'sampleDescription', message: expect.stringContaining('Art. 17') },
      ],
    );
  });
});
