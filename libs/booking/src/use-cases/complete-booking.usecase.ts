import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/common';
import { completionText, completionTimeViolations } from '../domain/booking-closing';
import { readCompletion } from './close-booking.input';
import { BookingClosing, type ClosedBooking } from './close-booking';
import type { UserViewer } from './unit-admin-scope';

/**
 * The owning unit closes a used booking with what really happened: the
 * actual times, the fee charged and the samples (Art. 13, 19). It becomes a
 * usage session of source `booking` (the ground truth of effective hours);
 * sent twice it counts once.
 */
@Injectable()
export class CompleteBookingUseCase {
  constructor(private readonly closing: BookingClosing) {}

  /** `body`: the contract's input, checked here unless its contract already did. */
  async execute(id: string, body: unknown, viewer: UserViewer): Promise<ClosedBooking> {
    const completion = readCompletion(body);
    const { booking, facts, now } = await this.closing.closable(id, viewer);
    const violations = completionTimeViolations(completion, booking.window, now);
    if (violations.length) throw DomainError.validation(violations);
    return this.closing.close(booking, facts, { outcome: 'completed', completion }, viewer, completionText(completion));
  }
}
