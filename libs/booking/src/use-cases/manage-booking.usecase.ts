import { Injectable } from '@nestjs/common';
import { GetInstrumentUseCase } from '@app/catalog';
import { DomainError } from '@app/common';
import { PartnerBookingClients, PartnerCallError } from '../clients/partner-booking.clients';
import { BOOKING_STATUSES, canMove, type BookingStatus, type Requester, type TimeWindow } from '../domain/booking';
import { parseInstant } from '../domain/booking-request';
import { reasonViolation } from '../domain/decision-reason';
import { BookingRepository, type StoredBooking } from '../infrastructure/booking.repository';
import { ForwardingDispatcher } from '../infrastructure/forwarding.dispatcher';

export interface Viewer extends Requester {
  /** Unit admins see the bookings of their unit's instruments; admins every booking. */
  roles: string[];
}

/** Reading, listing and cancelling bookings, and an instrument's availability. */
@Injectable()
export class ManageBookingUseCase {
  constructor(
    private readonly bookings: BookingRepository,
    private readonly instruments: GetInstrumentUseCase,
    private readonly partners: PartnerBookingClients,
    private readonly dispatcher: ForwardingDispatcher,
  ) {}

  async get(id: string, viewer: Viewer): Promise<StoredBooking & { audit: unknown[] }> {
    const booking = await this.visible(id, viewer);
    return { ...booking, audit: await this.bookings.audit(id) };
  }

  /** A user's own bookings; a unit admin's, the bookings of the unit's instruments (e.g. `status=pending_owner`). */
  list(viewer: Viewer, status?: string): Promise<StoredBooking[]> {
    if (status !== undefined && !(BOOKING_STATUSES as readonly string[]).includes(status)) {
      throw DomainError.validation([{ field: 'status', message: `must be one of ${BOOKING_STATUSES.join(', ')}` }]);
    }
    const filter = { status: status as BookingStatus | undefined, limit: 200 };
    if (viewer.roles.includes('unit_admin') && viewer.unitId) return this.bookings.list({ ...filter, unitId: viewer.unitId });
    return this.bookings.list({ ...filter, requesterSub: viewer.sub });
  }

  async cancel(id: string, reason: string | undefined, viewer: Viewer): Promise<StoredBooking> {
    const control = reasonViolation(reason);
    if (control) throw DomainError.validation([control]);
    const booking = await this.visible(id, viewer);
    // Repeating a cancellation answers the cancelled booking (retries are safe).
    if (booking.status === 'cancelled') return booking;
    if (!canMove(booking.status, 'cancelled')) {
      throw new DomainError('PRECONDITION_FAILED', `a ${booking.status} booking cannot be cancelled`);
    }
    const why = (reason ?? '').slice(0, 500) || 'cancelled by the requester';
    // The owning partner must hear of it too; the flag keeps that owed until it has.
    const remote = booking.ownerPlatform !== 'local';
    if ((await this.bookings.transition(id, booking.status, 'cancelled', viewer.sub, why, { cancelPending: remote })) !== true) {
      throw DomainError.conflict('the booking changed meanwhile; read it again');
    }
    if (remote) await this.dispatcher.dispatch(id, 'cancel');
    return (await this.bookings.byId(id))!;
  }

  /** Busy windows in [from, to); 404 for an instrument the viewer may not see (Art. 2, 11). */
  async availability(instrumentId: string, from: unknown, to: unknown, viewer: Requester): Promise<{ instrumentId: string; from: string; to: string; busy: TimeWindow[] }> {
    const violations: { field: string; message: string }[] = [];
    const start = from instanceof Date ? from : parseInstant(from, 'from', violations);
    const end = to instanceof Date ? to : parseInstant(to, 'to', violations);
    if (start && end && (end <= start || end.getTime() - start.getTime() > 92 * 86_400_000)) violations.push({ field: 'to', message: 'must be after from, within 92 days' });
    if (violations.length) throw DomainError.validation(violations);
    const instrument = await this.instruments.execute(instrumentId, { sub: viewer.sub, roles: ['user'], unitId: viewer.unitId });
    const answer = { instrumentId, from: start!.toISOString(), to: end!.toISOString() };
    if (instrument.sourcePlatform === 'local') return { ...answer, busy: await this.bookings.busy(instrumentId, start!, end!) };
    // A partner's calendar is its own: ask it (and partners only ask us about ours).
    const client = viewer.channel === 'http' ? this.partners.for(instrument.sourcePlatform) : undefined;
    if (!client) throw DomainError.notFound(`instrument ${instrumentId}`);
    try {
      const busy = await client.checkAvailability(instrumentId, start!, end!);
      return { ...answer, busy: busy.filter((w) => w.start && w.end).map((w) => ({ start: w.start!, end: w.end! })) };
    } catch (error) {
      if (error instanceof PartnerCallError && error.notFound) throw DomainError.notFound(`instrument ${instrumentId}`);
      throw new DomainError('UNAVAILABLE', `the ${instrument.sourcePlatform} platform, which keeps this instrument's calendar, did not answer; try again shortly`);
    }
  }

  /** A booking exists for its requester (and the channel it came through), the owning unit's admins and admins; for others it does not. */
  private async visible(id: string, viewer: Viewer): Promise<StoredBooking> {
    const booking = await this.bookings.byId(id);
    if (!booking) throw DomainError.notFound(`booking ${id}`);
    if (booking.requesterSub === viewer.sub || viewer.roles.includes('admin')) return booking;
    // A partner platform sees the bookings it made for its users, and no others.
    if (viewer.channel !== 'http' && booking.channel === viewer.channel) return booking;
    if (viewer.roles.includes('unit_admin') && viewer.unitId) {
      const instrument = await this.instruments.execute(booking.instrumentId, { sub: viewer.sub, roles: ['unit_admin'], unitId: viewer.unitId }).catch(() => undefined);
      if (instrument?.unitId === viewer.unitId) return booking;
    }
    throw DomainError.notFound(`booking ${id}`);
  }
}
