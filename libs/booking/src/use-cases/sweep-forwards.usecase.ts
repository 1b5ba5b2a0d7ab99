import { Injectable } from '@nestjs/common';
import { BookingRepository } from '../infrastructure/booking.repository';
import { ForwardingDispatcher } from '../infrastructure/forwarding.dispatcher';

/**
 * PostgreSQL, not Redis, knows what is unfinished: every booking still
 * forwarding and every cancellation the partner has not heard of gets its job
 * back if the queue lost it or gave up. Bookings a partner holds pending its
 * own decision are polled this way too.
 */
@Injectable()
export class SweepForwardsUseCase {
  constructor(
    private readonly bookings: BookingRepository,
    private readonly dispatcher: ForwardingDispatcher,
  ) {}

  async execute(): Promise<{ checked: number; enqueued: number }> {
    const unfinished = await this.bookings.unfinishedForwards(1_000);
    let enqueued = 0;
    for (const { id, work } of unfinished) if (await this.dispatcher.ensure(id, work)) enqueued++;
    return { checked: unfinished.length, enqueued };
  }
}
