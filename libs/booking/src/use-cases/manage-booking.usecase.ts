import { Injectable } from '@nestjs/common';
import { GetInstrumentUseCase } from '@app/catalog';
import { DomainError } from '@app/common';
import { canMove, type Booking, type Requester, type TimeWindow } from '../domain/booking';
import { parseInstant } from '../domain/booking-request';
import { BookingRepository } from '../infrastructure/booking.repository';

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
  ) {}

  async get(id: string, viewer: Viewer): Promise<Booking & { audit: unknown[] }> {
    const booking = await this.visible(id, viewer);
    return { ...booking, audit: await this.bookings.audit(id) };
  }

  list(viewer: Viewer): Promise<Booking[]> {
    if (viewer.roles.includes('unit_admin') && viewer.unitId) return this.bookings.list({ unitId: viewer.unitId, limit: 200 });
    return this.bookings.list({ requesterSub: viewer.sub, limit: 200 });
  }

  async cancel(id: string, reason: string | undefined, viewer: Viewer): Promise<Booking> {
    const booking = await this.visible(id, viewer);
    if (!canMove(booking.status, 'cancelled')) {
      throw new DomainError('PRECONDITION_FAILED', `a ${booking.status} booking cannot be cancelled`);
    }
    const why = (reason ?? '').slice(0, 500) || 'cancelled by the requester';
    if ((await this.bookings.transition(id, booking.status, 'cancelled', viewer.sub, why)) !== true) {
      throw DomainError.conflict('the booking changed meanwhile; read it again');
    }
    return (await this.bookings.byId(id))!;
  }

  /** Busy windows in [from, to); 404 for an instrument the viewer may not see (Art. 2, 11). */
  async availability(instrumentId: string, from: unknown, to: unknown, viewer: Requester): Promise<{ instrumentId: string; from: string; to: string; busy: TimeWindow[] }> {
    const violations: { field: string; message: string }[] = [];
    const start = from instanceof Date ? from : parseInstant(from, 'from', violations);
    const end = to instanceof Date ? to : parseInstant(to, 'to', violations);
    if (start && end && (end <= start || end.getTime() - start.getTime() > 92 * 86_400_000)) violations.push({ field: 'to', message: 'must be after from, within 92 days' });
    if (violations.length) throw DomainError.validation(violations);
    await this.instruments.execute(instrumentId, { sub: viewer.sub, roles: ['user'], unitId: viewer.unitId });
    return { instrumentId, from: start!.toISOString(), to: end!.toISOString(), busy: await this.bookings.busy(instrumentId, start!, end!) };
  }

  /** A booking exists for its requester (and the channel it came through), the owning unit's admins and admins; for others it does not. */
  private async visible(id: string, viewer: Viewer): Promise<Booking> {
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
