import { createBookingInput } from './create-booking.input';

const body = (more: Record<string, unknown>) => ({
  instrumentId: 'jiaxing:jx-u001.JX-SEM-001',
  start: '2027-03-01T09:00:00+08:00',
  end: '2027-03-01T11:00:00+08:00',
  purpose: '样品形貌观察',
  ...more,
});
const violations = (value: unknown) => {
  const result = createBookingInput.check(value);
  return result.ok ? [] : result.violations;
};

describe('a booking request', () => {
  // The created booking is answered from the request: text the database would store otherwise (a lone surrogate becomes U+FFFD) is refused, not answered one way and stored another.
  it.each(['purpose', 'sampleDescription'])('refuses an unpaired surrogate in %s and takes an emoji', (field) => {
    expect(violations(body({ [field]: 'a\ud800b' }))).toEqual([{ field, message: expect.stringContaining('unpaired surrogates') }]);
    expect(violations(body({ [field]: 'b\udc00' }))).toEqual([{ field, message: expect.stringContaining('unpaired surrogates') }]);
    expect(violations(body({ [field]: '冷冻样品 🧊 两件' }))).toEqual([]);
  });
});
