import { Inject, Injectable } from '@nestjs/common';
import { BookingStatus as WireStatus, type Booking as WireBooking } from '@app/contracts';
import { GetUnitUseCase } from '@app/catalog';
import { Clock } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { PartnerBookingClients, PartnerCallError } from '../clients/partner-booking.clients';
import type { BookingStatus } from '../domain/booking';
import { pseudonymFor } from '../domain/pseudonym';
import { BookingRepository, type StoredBooking } from '../infrastructure/booking.repository';
import { forwardKey } from '../jobs/booking.queue';

/** Where a forwarded booking stands after one step. `retry`: try again with backoff. */
export type ForwardOutcome = 'confirmed' | 'rejected' | 'failed' | 'cancelled' | 'held' | 'retry' | 'nothing-to-do';

const FINAL: Partial<Record<WireStatus, BookingStatus>> = {
  [WireStatus.BOOKING_STATUS_CONFIRMED]: 'confirmed',
  [WireStatus.BOOKING_STATUS_REJECTED]: 'rejected',
  [WireStatus.BOOKING_STATUS_FAILED]: 'failed',
  [WireStatus.BOOKING_STATUS_CANCELLED]: 'cancelled',
};

/**
 * The owning platform decides over its instruments. A booking of a partner's
 * instrument is stored here first (status `forwarding`), then created on the
 * partner under an idempotency key derived from its id, so however often this
 * runs — retries, replicas, a restart after a crash — the partner books it
 * once. Its answer moves the booking on; an unreachable partner is retried
 * until the booking's forwarding deadline, then the booking fails with the
 * reason. Only what the booking needs is sent (Art. 17): a pseudonym, the
 * unit, the purpose, the window and the samples.
 */
@Injectable()
export class ForwardBookingUseCase {
  constructor(
    private readonly bookings: BookingRepository,
    private readonly partners: PartnerBookingClients,
    private readonly units: GetUnitUseCase,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async forward(bookingId: string): Promise<ForwardOutcome> {
    const booking = await this.bookings.byId(bookingId);
    if (!booking || booking.status !== 'forwarding') return 'nothing-to-do';
    const platform = booking.ownerPlatform;
    const deadline = booking.forwardDeadline ? new Date(booking.forwardDeadline) : undefined;
    // Once the partner holds the booking (awaiting its own customs or owner), it decides when; no deadline applies.
    if (!booking.remoteBookingId && deadline && this.clock.now() >= deadline) {
      const last = booking.reason && booking.forwardAttempts > 0 ? ` (last: ${booking.reason})` : '';
      return this.finish(booking, 'failed', `the ${platform} platform did not acknowledge the booking before ${deadline.toISOString()}${last}`);
    }
    const client = this.partners.for(platform);
    if (!client) return this.finish(booking, 'failed', `bookings cannot be forwarded to the ${platform} platform (no gRPC connection configured)`);

    let answer: WireBooking;
    try {
      if (booking.remoteBookingId) {
        answer = await client.getBooking(booking.remoteBookingId);
      } else {
        await this.bookings.startForwardAttempt(booking.id);
        answer = await client.createBooking(await this.wireRequest(booking));
      }
    } catch (error) {
      if (!(error instanceof PartnerCallError)) throw error;
      if (error.transient) {
        await this.bookings.noteForwarding(
          booking.id,
          `forwarding to the ${platform} platform: attempt ${booking.forwardAttempts + 1} failed (${error.message}); retrying`,
        );
        return 'retry';
      }
      return this.finish(booking, 'rejected', `refused by the ${platform} platform: ${error.details}`);
    }
    const next = FINAL[answer.status];
    if (!next) {
      await this.bookings.noteForwarding(
        booking.id,
        `held by the ${platform} platform (${WireStatus[answer.status] ?? answer.status})${answer.reason ? `: ${answer.reason}` : ''}`,
        answer.id,
      );
      return 'held';
    }
    const why =
      next === 'confirmed'
        ? `confirmed by the ${platform} platform (its booking ${answer.id})`
        : `${next} by the ${platform} platform${answer.reason ? `: ${answer.reason}` : ''}`;
    return this.finish(booking, next, why, answer.id);
  }

  /** Tells the owning platform about a cancellation made here; retried until it has been told. */
  async cancel(bookingId: string): Promise<'delivered' | 'retry' | 'nothing-to-do'> {
    const booking = await this.bookings.byId(bookingId);
    if (!booking || !booking.cancelPending) return 'nothing-to-do';
    const platform = booking.ownerPlatform;
    const actor = `platform:${platform}`;
    // No call ever started: the partner cannot have the booking.
    if (!booking.remoteBookingId && booking.forwardAttempts === 0) {
      await this.bookings.cancelDelivered(booking.id, 'system', `never reached the ${platform} platform; nothing to cancel there`);
      return 'delivered';
    }
    const client = this.partners.for(platform);
    if (!client) return 'retry';
    try {
      // A create call may have reached it without our hearing back: the same key returns that booking, or none is made twice.
      const remoteId = booking.remoteBookingId ?? (await client.createBooking(await this.wireRequest(booking))).id;
      await this.bookings.setRemoteId(booking.id, remoteId);
      const answer = await client.cancelBooking(remoteId, booking.reason ?? 'cancelled by the requester');
      await this.bookings.cancelDelivered(
        booking.id,
        actor,
        `the ${platform} platform recorded the cancellation (${WireStatus[answer.status] ?? answer.status})`,
      );
      return 'delivered';
    } catch (error) {
      if (!(error instanceof PartnerCallError)) throw error;
      if (error.transient) return 'retry';
      // NOT_FOUND or FAILED_PRECONDITION: the partner holds nothing we could still cancel.
      await this.bookings.cancelDelivered(booking.id, actor, `the ${platform} platform answered: ${error.details}`);
      return 'delivered';
    }
  }

  private async finish(booking: StoredBooking, to: BookingStatus, reason: string, remoteBookingId?: string): Promise<ForwardOutcome> {
    const moved = await this.bookings.transition(booking.id, 'forwarding', to, `platform:${booking.ownerPlatform}`, reason, { remoteBookingId });
    if (moved === true) return to as ForwardOutcome;
    // Cancelled here meanwhile: keep the partner's id so the cancellation can reach it.
    if (remoteBookingId) await this.bookings.setRemoteId(booking.id, remoteBookingId);
    return 'nothing-to-do';
  }

  private async wireRequest(booking: StoredBooking) {
    // Partners' bookings are never relayed to another platform (CreateBooking refuses them).
    if (booking.requester.kind !== 'user') throw new Error(`booking ${booking.id} was made by a partner and is not forwarded`);
    const sub = booking.requester.sub;
    const unit = booking.requesterUnitId ? await this.units.execute(booking.requesterUnitId) : undefined;
    return {
      idempotencyKey: forwardKey(booking.id),
      instrumentId: booking.instrumentId,
      window: { start: booking.window.start, end: booking.window.end },
      requester: {
        pseudonymousId: pseudonymFor(sub, booking.ownerPlatform, this.config.booking.pseudonymKey),
        unitId: booking.requesterUnitId ?? '',
        unitName: unit?.name ?? '',
      },
      purpose: booking.purpose,
      sampleDescription: booking.sampleDescription ?? '',
    };
  }
}
