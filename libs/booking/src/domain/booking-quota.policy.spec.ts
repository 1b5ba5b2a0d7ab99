import { assessBookingQuota, type BookingQuotaLimits } from './booking-quota.policy';

const defaults: BookingQuotaLimits = { maxWindowHours: 72, maxAheadDays: 90, maxActivePerRequester: 10, maxActivePerPartner: 50 };
const now = new Date('2026-11-29T04:00:00Z');
const window = (startHoursAhead: number, hours: number) => ({
  start: new Date(now.getTime() + startHoursAhead * 3_600_000),
  end: new Date(now.getTime() + (startHoursAhead + hours) * 3_600_000),
});

describe('assessBookingQuota (Art. 13)', () => {
  it('allows a booking within every limit', () => {
    expect(assessBookingQuota({ window: window(24, 2), now, defaults, held: { byRequester: 9, byPartner: 49 } })).toEqual({ allowed: true });
  });

  it('names the limit, its value and who set it', () => {
    const byDefault = assessBookingQuota({ window: window(24, 73), now, defaults, held: { byRequester: 0 } });
    expect(byDefault).toMatchObject({
      allowed: false,
      quota: 'maxWindowHours',
      limit: 72,
      reason: { article: 13, code: 'booking_quota.maxWindowHours', messageEn: expect.stringContaining('platform default') },
    });
    const byUnit = assessBookingQuota({ window: window(24, 5), now, defaults, unitLimits: { maxWindowHours: 4 }, held: { byRequester: 0 } });
    expect(byUnit).toMatchObject({
      allowed: false,
      quota: 'maxWindowHours',
      limit: 4,
      reason: { message: expect.stringContaining('管理单位为本仪器设定'), messageEn: expect.stringContaining("set by the instrument's unit") },
    });
  });

  it('refuses a start beyond the lead, and a requester or partner already holding the maximum', () => {
    expect(assessBookingQuota({ window: window(91 * 24, 1), now, defaults, held: { byRequester: 0 } })).toMatchObject({ quota: 'maxAheadDays' });
    expect(assessBookingQuota({ window: window(24, 1), now, defaults, held: { byRequester: 10 } })).toMatchObject({
      quota: 'maxActivePerRequester',
      limit: 10,
    });
    expect(
      assessBookingQuota({ window: window(24, 1), now, defaults, unitLimits: { maxActivePerPartner: 2 }, held: { byRequester: 0, byPartner: 2 } }),
    ).toMatchObject({ quota: 'maxActivePerPartner', limit: 2 });
    // Our own users have no partner count.
    expect(assessBookingQuota({ window: window(24, 1), now, defaults, unitLimits: { maxActivePerPartner: 1 }, held: { byRequester: 0 } })).toEqual({
      allowed: true,
    });
  });
});
