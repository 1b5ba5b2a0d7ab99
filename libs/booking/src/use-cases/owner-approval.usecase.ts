import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/common';
import { reasonViolation } from '../domain/decision-reason';
import { BookingRepository, type StoredBooking } from '../infrastructure/booking.repository';
import { identityDataViolation } from '../domain/identity-data';
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

  async decide(id: string, approve: boolean, body: Record<string, unknown>, viewer: UserViewer): Promise<StoredBooking> {
    const reason = typeof body?.reason === 'string' ? body.reason.trim() : '';
    const violations = Object.keys(body ?? {})
      .filter((k) => k !== 'reason')
      .map((field) => ({ field, message: 'unknown field' }));
    if (reason.length > 500) violations.push({ field: 'reason', message: 'at most 500 characters' });
    const control = reasonViolation(reason);
    if (control) violations.push(control);
    if (!approve && reason === '') violations.push({ field: 'reason', message: 'required when rejecting: the requester is told why' });
    // Art. 17: the requester may be a partner's user, who reads the reason on its platform.
    const identity = identityDataViolation('reason', reason);
    if (identity) violations.push(identity);
    if (violations.length) throw DomainError.validation(violations);

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
