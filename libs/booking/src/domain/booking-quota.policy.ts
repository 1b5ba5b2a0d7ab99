import type { Reason } from '@app/common';
import type { TimeWindow } from './booking';

/** How much of one instrument's calendar one requester may hold. */
export interface BookingQuotaLimits {
  maxWindowHours: number;
  maxAheadDays: number;
  maxActivePerRequester: number;
  maxActivePerPartner: number;
}

export type BookingQuotaName = keyof BookingQuotaLimits;

export interface BookingQuotaFacts {
  window: TimeWindow;
  now: Date;
  /** The gateway's defaults (BOOKING_QUOTA_*) … */
  defaults: BookingQuotaLimits;
  /** … and what the instrument's unit set instead. */
  unitLimits?: Partial<BookingQuotaLimits>;
  /** Open bookings of this instrument with a window not yet over: the requester's, and (for a partner's user) all of that partner's. */
  held: { byRequester: number; byPartner?: number };
}

export type BookingQuotaDecision = { allowed: true } | { allowed: false; quota: BookingQuotaName; limit: number; reason: Reason };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Fair sharing of one instrument (Art. 13: the unit defines its service
 * process, here how long, how far ahead and how many bookings one requester
 * may hold; until it does, the platform's defaults keep an instrument open to
 * everyone instead of held by one user for a year). Pure: the caller counts.
 * The refusal names the limit, its value and who set it.
 */
export function assessBookingQuota(f: BookingQuotaFacts): BookingQuotaDecision {
  const limits = bookingQuotaLimits(f.defaults, f.unitLimits);
  const setBy = (q: BookingQuotaName) =>
    f.unitLimits?.[q] !== undefined ? { zh: '管理单位为本仪器设定', en: "set by the instrument's unit" } : { zh: '平台默认', en: 'platform default' };
  const refuse = (quota: BookingQuotaName, zh: string, en: string): BookingQuotaDecision => ({
    allowed: false,
    quota,
    limit: limits[quota],
    reason: {
      article: 13,
      code: `booking_quota.${quota}`,
      message: `${zh}（${setBy(quota).zh}，第十三条）`,
      messageEn: `${en} (${quota}, ${setBy(quota).en}; Art. 13)`,
    },
  });
  const hours = (f.window.end.getTime() - f.window.start.getTime()) / HOUR;
  if (hours > limits.maxWindowHours) {
    return refuse(
      'maxWindowHours',
      `单次预约不得超过 ${limits.maxWindowHours} 小时，本次 ${round(hours)} 小时`,
      `one booking lasts at most ${limits.maxWindowHours} hours; this one ${round(hours)}`,
    );
  }
  if (f.window.start.getTime() > f.now.getTime() + limits.maxAheadDays * DAY) {
    return refuse('maxAheadDays', `最多可提前 ${limits.maxAheadDays} 天预约`, `a window may start at most ${limits.maxAheadDays} days ahead`);
  }
  if (f.held.byRequester >= limits.maxActivePerRequester) {
    return refuse(
      'maxActivePerRequester',
      `每位申请人最多同时持有本仪器 ${limits.maxActivePerRequester} 个未到期预约，已持有 ${f.held.byRequester} 个`,
      `one requester holds at most ${limits.maxActivePerRequester} open future bookings of this instrument, and already holds ${f.held.byRequester}`,
    );
  }
  if (f.held.byPartner !== undefined && f.held.byPartner >= limits.maxActivePerPartner) {
    return refuse(
      'maxActivePerPartner',
      `同一合作平台的用户合计最多同时持有本仪器 ${limits.maxActivePerPartner} 个未到期预约，已持有 ${f.held.byPartner} 个`,
      `the users of one partner platform together hold at most ${limits.maxActivePerPartner} open future bookings of this instrument, and already hold ${f.held.byPartner}`,
    );
  }
  return { allowed: true };
}

/** The limits that apply: the unit's where it set them, else the platform's defaults. */
export function bookingQuotaLimits(defaults: BookingQuotaLimits, unitLimits?: Partial<BookingQuotaLimits>): BookingQuotaLimits {
  return { ...defaults, ...unitLimits };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
