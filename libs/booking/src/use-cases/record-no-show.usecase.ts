import { Injectable } from '@nestjs/common';
import { noShowText } from '../domain/booking-closing';
import { readNoShow } from './close-booking.input';
import { BookingClosing, type ClosedBooking } from './close-booking';
import type { UserViewer } from './unit-admin-scope';

/**
 * The owning unit closes a booking nobody came for. It counts as a no-show
 * session on the booked day (no hours, no fee): bookings never stand in for
 * use. Sent twice it counts once.
 */
@Injectable()
export class RecordNoShowUseCase {
  constructor(private readonly closing: BookingClosing) {}

  /** `body`: the contract's input, checked here unless its contract already did. */
  async execute(id: string, body: unknown, viewer: UserViewer): Promise<ClosedBooking> {
    const { note } = readNoShow(body);
    const { booking, facts } = await this.closing.closable(id, viewer);
    return this.closing.close(booking, facts, { outcome: 'no_show', note }, viewer, noShowText(note));
  }
}
