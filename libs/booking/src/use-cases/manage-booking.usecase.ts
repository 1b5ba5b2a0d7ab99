import { Injectable } from '@nestjs/common';
import { GetInstrumentUseCase, InstrumentFactsUseCase } from '@app/catalog';
import { Clock, DomainError, readCheckedInstant } from '@app/common';
import { PartnerBookingClients, PartnerCallError } from '../clients/partner-booking.clients';
import { canMove, type TimeWindow } from '../domain/booking';
import { BookingRepository, type StoredBooking } from '../infrastructure/booking.repository';
import { ForwardingDispatcher } from '../infrastructure/forwarding.dispatcher';
import { UnitAdminScope, viewerActor, type UserViewer, type Viewer } from './unit-admin-scope';
import { bookingReasonInput } from './booking-reason.input';
import { listBookingsInput } from './list-bookings.input';
import { availabilityInput } from './time-window.input';

export type { Viewer } from './unit-admin-scope';

/** Reading, listing and cancelling bookings, and an instrument's availability. */
@Injectable()
export class ManageBookingUseCase {
  constructor(
    private readonly bookings: BookingRepository,
    private readonly instruments: GetInstrumentUseCase,
    private readonly facts: InstrumentFactsUseCase,
    private readonly partners: PartnerBookingClients,
    private readonly dispatcher: ForwardingDispatcher,
    private readonly clock: Clock,
    private readonly scope: UnitAdminScope,
  ) {}

  async get(id: string, viewer: Viewer): Promise<StoredBooking & { audit: unknown[] }> {
    const booking = await this.visible(id, viewer, 'read');
    return { ...booking, audit: await this.bookings.audit(id) };
  }

  /** A user's own bookings; a unit admin's, the bookings of the unit's instruments (e.g. `status=pending_owner`). */
  async list(viewer: UserViewer, raw: unknown = {}): Promise<StoredBooking[]> {
    const { status } = listBookingsInput.parse(raw);
    const filter = { status, limit: 200 };
    const unitId = await this.scope.actingUnit(viewer);
    if (unitId) return this.bookings.list({ ...filter, instrumentIds: await this.facts.idsOfUnit(unitId) });
    return this.bookings.list({ ...filter, userSub: viewer.sub });
  }

  /** `body`: a `BookingReasonInput`, checked here unless its contract already did (HTTP's pipe). */
  async cancel(id: string, body: unknown, viewer: Viewer): Promise<StoredBooking> {
    const { reason } = bookingReasonInput.parse(body);
    const booking = await this.visible(id, viewer, 'act');
    // Repeating a cancellation answers the cancelled booking (retries are safe).
    if (booking.status === 'cancelled') return booking;
    if (!canMove(booking.status, 'cancelled')) {
      throw new DomainError('PRECONDITION_FAILED', `a ${booking.status} booking cannot be cancelled`);
    }
    // Once the window has begun the instrument may have been used: cancelling then would escape the
    // fee (Art. 13, 19). A used booking is closed by the owning unit, not cancelled by the requester.
    const now = this.clock.now();
    if (booking.window.start.getTime() <= now.getTime()) {
      throw new DomainError(
        'PRECONDITION_FAILED',
        `the window started at ${booking.window.start.toISOString()}; a booking cannot be cancelled once its window has started (now: ${now.toISOString()})`,
        {
          window: { start: booking.window.start.toISOString(), end: booking.window.end.toISOString() },
        },
      );
    }
    const why = (reason ?? '').slice(0, 500) || 'cancelled by the requester';
    // The owning partner must hear of it too; the flag keeps that owed until it has.
    const remote = booking.ownerPlatform !== 'local';
    if ((await this.bookings.transition(id, booking.status, 'cancelled', viewerActor(viewer), why, { cancelPending: remote })) !== true) {
      throw DomainError.conflict('the booking changed meanwhile; read it again');
    }
    if (remote) await this.dispatcher.dispatch(id, 'cancel');
    return (await this.bookings.byId(id))!;
  }

  /** Busy windows in [from, to); 404 for an instrument the viewer may not see (Art. 2, 11). */
  /** `raw`: an `AvailabilityInput`, checked here unless its contract already did (HTTP's pipe, the gRPC handler). */
  async availability(raw: unknown, viewer: Viewer): Promise<{ instrumentId: string; from: string; to: string; busy: TimeWindow[] }> {
    const input = availabilityInput.parse(raw);
    const [instrumentId, start, end] = [input.instrumentId, readCheckedInstant(input.from), readCheckedInstant(input.to)];
    const instrument = await this.instruments.execute(instrumentId, {
      sub: viewerActor(viewer),
      roles: ['user'],
      unitId: viewer.kind === 'user' ? viewer.unitId : undefined,
    });
    const answer = { instrumentId, from: start.toISOString(), to: end.toISOString() };
    if (instrument.sourcePlatform === 'local') return { ...answer, busy: await this.bookings.busy(instrumentId, start, end) };
    // A partner's calendar is its own: ask it (and partners only ask us about ours).
    const client = viewer.kind === 'user' ? this.partners.for(instrument.sourcePlatform) : undefined;
    if (!client) throw DomainError.notFound(`instrument ${instrumentId}`);
    try {
      const busy = await client.checkAvailability(instrumentId, start, end);
      return { ...answer, busy: busy.filter((w) => w.start && w.end).map((w) => ({ start: w.start!, end: w.end! })) };
    } catch (error) {
      if (error instanceof PartnerCallError && error.notFound) throw DomainError.notFound(`instrument ${instrumentId}`);
      throw new DomainError(
        'UNAVAILABLE',
        `the ${instrument.sourcePlatform} platform, which keeps this instrument's calendar, did not answer; try again shortly`,
      );
    }
  }

  /**
   * A booking exists for its requester, the owning unit's admins (units of our region) and admins;
   * customs officers read (never act on) the bookings that came before customs (Art. 12); for
   * others it does not. Users and partners are told apart by kind, never by comparing a web `sub`
   * with a partner's identity.
   */
  private async visible(id: string, viewer: Viewer, intent: 'read' | 'act'): Promise<StoredBooking> {
    const booking = await this.bookings.byId(id);
    if (!booking) throw DomainError.notFound(`booking ${id}`);
    const requester = booking.requester;
    // A partner platform sees the bookings it made for its users, and no others.
    if (viewer.kind === 'partner') {
      if (requester.kind === 'partner' && requester.partnerId === viewer.partnerId) return booking;
      throw DomainError.notFound(`booking ${id}`);
    }
    if ((requester.kind === 'user' && requester.sub === viewer.sub) || viewer.roles.includes('admin')) return booking;
    if (intent === 'read' && viewer.roles.includes('customs_officer') && (await this.bookings.cameBeforeCustoms(id))) return booking;
    // Withdrawn instruments included: a booking under way stays the unit's to close.
    if (await this.scope.mayActFor(booking.instrumentId, viewer)) return booking;
    throw DomainError.notFound(`booking ${id}`);
  }
}
