import { bookingReasonInput } from './booking-reason.input';

const violations = (body: unknown) => {
  const result = bookingReasonInput.check(body);
  return result.ok ? [] : result.violations;
};

describe('the reason of a cancellation or an owner decision', () => {
  it('takes no body or a blank reason as no reason, and trims one', () => {
    expect(bookingReasonInput.parse(undefined)).toEqual({});
    expect(bookingReasonInput.parse({ reason: '   ' })).toEqual({});
    expect(bookingReasonInput.parse({ reason: ' 设备检修 ' })).toEqual({ reason: '设备检修' });
  });

  it('refuses an unknown field, more than 500 characters, control characters and identity data (Art. 17)', () => {
    expect(violations({ reson: 'x' })).toEqual([{ field: 'reson', message: 'is not a known field; allowed: reason' }]);
    expect(violations({ reason: '因'.repeat(501) })).toEqual([{ field: 'reason', message: 'must be at most 500 characters, got 501' }]);
    expect(violations({ reason: 'a\u0000b' })).toEqual([
      { field: 'reason', message: 'must not contain control characters or unpaired surrogates, got text with control characters' },
    ]);
    // UTF-8 cannot hold a lone surrogate: stored, it would become U+FFFD and the trail would differ from what was said.
    expect(violations({ reason: 'a\ud800b' })).toEqual([
      { field: 'reason', message: 'must not contain control characters or unpaired surrogates, got "a\\ud800b"' },
    ]);
    expect(violations({ reason: '样品 🧪 已送达' })).toEqual([]);
    expect(violations({ reason: '请联系 13812345678' })).toEqual([{ field: 'reason', message: expect.stringContaining('Art. 17') }]);
  });
});
