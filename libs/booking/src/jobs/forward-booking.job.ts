import { Injectable } from '@nestjs/common';
import { JobHandler } from '@app/queue';
import { ForwardBookingUseCase } from '../use-cases/forward-booking.usecase';
import { SweepForwardsUseCase } from '../use-cases/sweep-forwards.usecase';
import { WithdrawBookingsUseCase } from '../use-cases/withdraw-bookings.usecase';
import { BOOKING_QUEUE } from './booking.queue';

/** Thrown so the queue retries with backoff; the use-case already noted why on the booking. */
class RetryLater extends Error {}

@Injectable()
export class ForwardBookingJob {
  constructor(
    private readonly forwarding: ForwardBookingUseCase,
    private readonly sweeper: SweepForwardsUseCase,
    private readonly withdrawals: WithdrawBookingsUseCase,
  ) {}

  @JobHandler(BOOKING_QUEUE, 'forward')
  async forward(payload: { bookingId: string }) {
    const outcome = await this.forwarding.forward(payload.bookingId);
    if (outcome === 'retry') throw new RetryLater(`booking ${payload.bookingId}: the owning platform did not answer; retrying`);
    return { outcome };
  }

  @JobHandler(BOOKING_QUEUE, 'forward-cancel')
  async cancel(payload: { bookingId: string }) {
    const outcome = await this.forwarding.cancel(payload.bookingId);
    if (outcome === 'retry') throw new RetryLater(`cancellation of booking ${payload.bookingId}: the owning platform did not answer; retrying`);
    return { outcome };
  }

  @JobHandler(BOOKING_QUEUE, 'sweep')
  async sweep() {
    // PostgreSQL is the record of what is unfinished: forwards, cancellations, and bookings of withdrawn instruments.
    return { ...(await this.sweeper.execute()), withdrawnClosed: await this.withdrawals.sweep() };
  }
}
