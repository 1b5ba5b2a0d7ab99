import { Injectable, Logger } from '@nestjs/common';
import { InstrumentFactsUseCase, type InstrumentWithdrawnListener } from '@app/catalog';
import { Clock } from '@app/common';
import type { BookingStatus } from '../domain/booking';
import { BookingRepository } from '../infrastructure/booking.repository';

const BATCH = 500;

/**
 * What withdrawing a Jiaxing instrument means for its bookings: a confirmed
 * booking whose window has not started is cancelled (it must not keep
 * blocking a calendar nor leave the requester waiting for an instrument that
 * is gone); an undecided one (awaiting customs or the owner) is rejected; a
 * started window is left alone, the unit closes it. Each move is a normal
 * audited transition with the reason, which is how the requester is told —
 * on GET /bookings/{id} here, and for a partner's user through GetBooking's
 * status and reason. Bookings of partner instruments are decided by their
 * platform and are not touched.
 *
 * Run at once when the unit withdraws (catalog's INSTRUMENT_WITHDRAWN port)
 * and by the booking sweep, which repairs a crash between the two or a booking
 * created while the withdrawal committed. Transitions are guarded by the
 * status they expect, so running twice changes nothing.
 */
@Injectable()
export class WithdrawBookingsUseCase implements InstrumentWithdrawnListener {
  private readonly logger = new Logger('booking');

  constructor(
    private readonly bookings: BookingRepository,
    private readonly instruments: InstrumentFactsUseCase,
    private readonly clock: Clock,
  ) {}

  async withdrawn(instrumentId: string, actor: string): Promise<void> {
    try {
      await this.close({ instrumentId }, actor);
    } catch (error) {
      // The withdrawal itself has committed; the sweep closes what is left.
      this.logger.warn(`bookings of withdrawn ${instrumentId} not closed yet (${error instanceof Error ? error.message : String(error)}); the sweep will`);
    }
  }

  /** The sweep's pass: upcoming open bookings of any withdrawn instrument. */
  sweep(): Promise<number> {
    return this.close({ upcomingAfter: this.clock.now() }, 'system:withdrawal-sweep');
  }

  private async close(scope: { instrumentId: string } | { upcomingAfter: Date }, actor: string): Promise<number> {
    let closed = 0;
    for (;;) {
      const now = this.clock.now();
      const open = await this.openOfWithdrawn(scope, now);
      let moved = 0;
      for (const booking of open) {
        const to: BookingStatus = booking.status === 'confirmed' ? 'cancelled' : 'rejected';
        const reason = `${booking.instrumentId} was withdrawn from sharing by its unit on ${now.toISOString().slice(0, 10)}: booking ${to === 'cancelled' ? 'cancelled' : 'rejected'}, no fee is due`;
        if ((await this.bookings.transition(booking.id, booking.status, to, actor, reason)) === true) moved++;
      }
      closed += moved;
      // A full batch may hide more; a batch with nothing moved means others are on it.
      if (open.length < BATCH || moved === 0) return closed;
    }
  }

  /** Open bookings of withdrawn instruments (the catalog says which are withdrawn): one instrument's, or all still ahead. */
  private async openOfWithdrawn(scope: { instrumentId: string } | { upcomingAfter: Date }, now: Date) {
    const candidates = 'instrumentId' in scope ? [scope.instrumentId] : await this.bookings.instrumentsWithOpenUpcoming(scope.upcomingAfter, now);
    const facts = await this.instruments.execute(candidates);
    const withdrawn = candidates.filter((id) => facts.get(id)?.withdrawn === true);
    return this.bookings.openOf(withdrawn, 'upcomingAfter' in scope ? { upcomingAfter: scope.upcomingAfter } : {}, now, BATCH);
  }
}
