import { Inject, Injectable } from '@nestjs/common';
import type { InstrumentView } from '@app/catalog';
import { Clock, DomainError } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { Requester, TimeWindow } from '../domain/booking';
import { assessBookingQuota } from '../domain/booking-quota.policy';
import { BookingQuotaRepository } from '../infrastructure/booking-quota.repository';

/**
 * Refuses a booking over the instrument's quotas (its unit's, else the
 * gateway's defaults) before anything is stored: 422 over HTTP,
 * FAILED_PRECONDITION over gRPC, with the reason naming the limit. A request
 * rate is a 429 (@app/rate-limit); a holding is a policy decision.
 */
@Injectable()
export class BookingQuotaCheck {
  constructor(
    private readonly repository: BookingQuotaRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async enforce(instrument: InstrumentView, window: TimeWindow, requester: Requester): Promise<void> {
    const now = this.clock.now();
    const held = await this.repository.held(instrument.id, requester, now);
    const decision = assessBookingQuota({
      window,
      now,
      defaults: this.config.limits.booking,
      unitLimits: instrument.bookingLimits,
      // Our own users are counted one by one; a partner's users also together, under the partner's id.
      held: { byRequester: held.byRequester, byPartner: requester.kind === 'partner' ? held.byPartner : undefined },
    });
    if (!decision.allowed) {
      throw new DomainError('UNPROCESSABLE', `booking quota: ${decision.reason.messageEn}`, { quota: decision.quota, limit: decision.limit, reason: decision.reason });
    }
  }
}
