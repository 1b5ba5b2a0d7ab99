import { DomainError } from '@app/common';
import { readCompletion, readNoShow } from '../use-cases/close-booking.input';
import { completionTimeViolations } from './booking-closing';

const window = { start: new Date('2026-12-01T09:00:00+08:00'), end: new Date('2026-12-01T12:00:00+08:00') };
const now = new Date('2026-12-05T00:00:00+08:00');
const c = (start: string, end: string) => readCompletion({ actualStart: start, actualEnd: end, feeChargedCny: 0 });
const fields = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).details.violations!.map((v) => v.field);
  }
  return [];
};

describe('closing a booking: what the owner may report', () => {
  it('reads CNY with at most 2 decimals into whole fen', () => {
    expect(readCompletion({ actualStart: '2026-12-01T09:00:00+08:00', actualEnd: '2026-12-01T10:00:00+08:00', feeChargedCny: 0.29, samples: 2 })).toMatchObject(
      { feeChargedFen: 29, samples: 2 },
    );
    expect(fields(() => readCompletion({ actualStart: '2026-12-01T09:00:00+08:00', actualEnd: '2026-12-01T10:00:00+08:00', feeChargedCny: '10' }))).toEqual([
      'feeChargedCny',
    ]);
  });

  it('allows the China day before the booked window to the China day after it, no more', () => {
    expect(completionTimeViolations(c('2026-11-30T00:00:00+08:00', '2026-12-02T23:59:00+08:00'), window, now)).toEqual([]);
    expect(completionTimeViolations(c('2026-11-29T23:59:00+08:00', '2026-12-01T10:00:00+08:00'), window, now).map((v) => v.field)).toEqual(['actualStart']);
    expect(completionTimeViolations(c('2026-12-01T09:00:00+08:00', '2026-12-03T00:01:00+08:00'), window, now).map((v) => v.field)).toEqual(['actualEnd']);
  });

  it('refuses an end in the future', () => {
    expect(
      completionTimeViolations(c('2026-12-01T09:00:00+08:00', '2026-12-01T10:00:00+08:00'), window, new Date('2026-12-01T09:30:00+08:00')).map((v) => v.field),
    ).toEqual(['actualEnd']);
  });

  it("keeps a no-show's note free of identity data and unknown fields", () => {
    expect(readNoShow({})).toEqual({});
    expect(readNoShow({ note: ' 未到场 ' })).toEqual({ note: '未到场' });
    expect(fields(() => readNoShow({ note: 'mail me: a@b.cn', extra: 1 }))).toEqual(['extra', 'note']);
  });
});
