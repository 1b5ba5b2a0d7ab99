import { Injectable } from '@nestjs/common';
import { Clock } from '@app/common';
import { actorOf } from '../domain/booking';
import { completionText, noShowText } from '../domain/booking-closing';
import { seedBookingId, validateSeededBookings, type SeedBookingInput } from '../domain/seeded-booking';
import { BookingRepository, type SeededRow } from '../infrastructure/booking.repository';

/** Bookings per statement: large enough to amortise the round trip, small enough for PGlite's memory. */
const BOOKING_CHUNK = 2_000;

export interface SeedBookingsResult {
  created: number;
  existing: number;
  /** Seeded earlier while still ahead, closed now as the history says they ended. */
  closed: number;
}

/**
 * Loads a history of bookings in bulk (the demo's year behind its usage
 * sessions, and a few still ahead), each with its audit trail: requested →
 * confirmed (→ completed | no_show), at the times given, all in the past.
 * Idempotent: the id derives from the key (`seedBookingId`), a stored one is
 * left as it is — unless it was seeded while still ahead and the history now
 * closes it, as its unit would. A confirmed booking whose window another
 * confirmed booking of the instrument holds is not stored (the exclusion
 * constraint decides, as for every booking). Bookings are not usage: the
 * caller records the sessions (with `bookingId`), after the bookings.
 */
@Injectable()
export class SeedBookingsUseCase {
  constructor(
    private readonly bookings: BookingRepository,
    private readonly clock: Clock,
  ) {}

  async execute(input: readonly SeedBookingInput[]): Promise<SeedBookingsResult> {
    validateSeededBookings(input, this.clock.now());
    const rows = input.map(toRow);
    const result: SeedBookingsResult = { created: 0, existing: 0, closed: 0 };
    for (let i = 0; i < rows.length; i += BOOKING_CHUNK) {
      const chunk = rows.slice(i, i + BOOKING_CHUNK);
      const created = await this.bookings.insertSeeded(chunk);
      result.created += created;
      result.existing += chunk.length - created;
      if (created < chunk.length) result.closed += await this.bookings.closeSeeded(chunk);
    }
    return result;
  }
}

function toRow(b: SeedBookingInput): SeededRow {
  const closedReason =
    b.status === 'completed'
      ? completionText({ start: b.window.start, end: b.window.end, feeChargedFen: b.completion?.feeChargedFen ?? 0, samples: b.completion?.samples })
      : b.status === 'no_show'
        ? noShowText()
        : undefined;
  return {
    ...b,
    id: seedBookingId(b.key),
    confirmedReason: b.approvedBy ? 'approved by the owning unit' : 'the window was free',
    confirmedBy: b.approvedBy ?? actorOf(b.requester),
    ...(closedReason ? { closedReason } : {}),
  };
}
