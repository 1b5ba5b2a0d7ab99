import { Inject, Injectable } from '@nestjs/common';
import type { BookingFacts } from '@app/catalog';
import { Clock, DomainError } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { Requester, TimeWindow } from '../domain/booking';
import { assessBookingQuota, bookingQuotaLimits, type BookingQuotaDecision } from '../domain/booking-quota.policy';

/** What the booking's own statement counts under the instrument's lock: a requester at these many open bookings is refused. */
export interface HeldLimits {
  maxByRequester: number;
  /** Only for a partner's requester: its partner's users together. */
  maxByPartner?: number;
}

/**
 * Refuses a booking over the instrument's quotas (its unit's, else the
 * gateway's defaults) before anything is stored: 422 over HTTP,
 * FAILED_PRECONDITION over gRPC, with the reason naming the limit. A request
 * rate is a 429 (@app/rate-limit); a holding is a policy decision.
 *
 * Length and lead time are judged here at once; the open bookings held are
 * counted by the insert itself (BookingRepository.book, under the
 * instrument's lock, so two concurrent requests cannot both take the last
 * one), which returns the counts when they reach a limit: `refuseHeld` then
 * asks the same policy for its reason.
 */
@Injectable()
export class BookingQuotaCheck {
  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Throws on the length and lead-time quotas; answers the limits on what may be held, for the insert to count against. */
  limitsFor(instrument: Pick<BookingFacts, 'bookingLimits'>, window: TimeWindow, requester: Requester): HeldLimits {
    const decision = this.assess(instrument, window, requester, { byRequester: 0, byPartner: 0 });
    if (!decision.allowed && (decision.quota === 'maxWindowHours' || decision.quota === 'maxAheadDays')) throw refusal(decision);
    const limits = bookingQuotaLimits(this.config.limits.booking, instrument.bookingLimits);
    return { maxByRequester: limits.maxActivePerRequester, ...(requester.kind === 'partner' ? { maxByPartner: limits.maxActivePerPartner } : {}) };
  }

  /** The insert found the requester at a limit with these counts: the policy's refusal. */
  refuseHeld(
    instrument: Pick<BookingFacts, 'bookingLimits'>,
    window: TimeWindow,
    requester: Requester,
    held: { byRequester: number; byPartner: number },
  ): DomainError {
    const decision = this.assess(instrument, window, requester, held);
    if (decision.allowed) throw new Error(`booking quota: the insert refused counts ${JSON.stringify(held)} the policy allows`);
    return refusal(decision);
  }

  private assess(
    instrument: Pick<BookingFacts, 'bookingLimits'>,
    window: TimeWindow,
    requester: Requester,
    held: { byRequester: number; byPartner: number },
  ): BookingQuotaDecision {
    return assessBookingQuota({
      window,
      now: this.clock.now(),
      defaults: this.config.limits.booking,
      unitLimits: instrument.bookingLimits,
      // Our own users are counted one by one; a partner's users also together, under the partner's id.
      held: { byRequester: held.byRequester, byPartner: requester.kind === 'partner' ? held.byPartner : undefined },
    });
  }
}

function refusal(decision: Extract<BookingQuotaDecision, { allowed: false }>): DomainError {
  return new DomainError('UNPROCESSABLE', `booking quota: ${decision.reason.messageEn}`, {
    quota: decision.quota,
    limit: decision.limit,
    reason: decision.reason,
  });
}
