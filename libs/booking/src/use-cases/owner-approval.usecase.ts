import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/common';
import { BookingRepository, type StoredBooking } from '../infrastructure/booking.repository';
import { bookingReasonInput } from './booking-reason.input';
import { UnitAdminScope, viewerActor, type UserViewer } from './unit-admin-scope';

/**
 * The owning unit's side of a booking of an instrument whose unit approves
 * each use: its admins (or a platform admin) approve or reject a
 * `pending_owner` booking. For everyone else the booking does not exist.
 */
@Injectable()
export class OwnerApprovalUseCase {
  constructor(
    private readonly bookings: BookingRepository,
    private readonly scope: UnitAdminScope,
  ) {}

  /** `body`: a `BookingReasonInput`, checked here unless its contract already did (HTTP's pipe). */
  async decide(id: string, approve: boolean, body: unknown, viewer: UserViewer): Promise<StoredBooking> {
    const reason = bookingReasonInput.parse(body).reason ?? '';
    if (!approve && reason === '') throw DomainError.validation([{ field: 'reason', message: 'required when rejecting: the requester is told why' }]);

    const booking = await this.bookings.byId(id);
    if (!booking || !(await this.scope.mayActFor(booking.instrumentId, viewer))) throw DomainError.notFound(`booking ${id}`);
    if (booking.status !== 'pending_owner') throw new DomainError('PRECONDITION_FAILED', `the booking is ${booking.status}, not waiting for the owner`);
    const text = `${approve ? 'approved' : 'rejected'} by the owning unit${reason ? `: ${reason}` : ''}`;
    const moved = await this.bookings.transition(id, 'pending_owner', approve ? 'confirmed' : 'rejected', viewerActor(viewer), text);
    if (moved === 'overlap') {
      const [conflict] = await this.bookings.busy(booking.instrumentId, booking.window.start, booking.window.end);
      throw DomainError.conflict('the window was confirmed for another booking meanwhile; reject this one or ask the requester for another window', {
        conflict: conflict && { start: conflict.start.toISOString(), end: conflict.end.toISOString() },
      });
    }
    if (!moved) throw DomainError.conflict('the booking changed meanwhile; read it again');
    return (await this.bookings.byId(id))!;
  }
}
