import { Injectable } from '@nestjs/common';
import { GetInstrumentUseCase } from '@app/catalog';
import { DomainError } from '@app/common';
import type { Booking } from '../domain/booking';
import { reasonViolation } from '../domain/decision-reason';
import { BookingRepository, type StoredBooking } from '../infrastructure/booking.repository';

export interface CustomsDecision {
  reference: string;
  reason?: string;
}

const REFERENCE = /^[\p{L}\p{N}〔〕()（）._:/ -]{1,100}$/u;

/**
 * Jiaxing Customs' side of the gate (Art. 7, 12): the bookings waiting for
 * approval, and the decision, kept with the officer, time, reference and
 * reason in the booking's audit trail.
 */
@Injectable()
export class CustomsApprovalsUseCase {
  constructor(
    private readonly bookings: BookingRepository,
    private readonly instruments: GetInstrumentUseCase,
  ) {}

  async pending() {
    const rows = await this.bookings.awaitingCustoms(500);
    return rows.map((r) => ({
      id: r.id,
      bookingId: r.id,
      instrumentId: r.instrument_id,
      instrumentName: r.name,
      declarationNo: r.declaration_no,
      supervisionEnds: r.supervision_ends,
      ownerUnitId: r.owner_unit_id,
      requestingUnitId: r.requester_unit_id,
      window: { start: r.lower.toISOString(), end: r.upper.toISOString() },
      purpose: r.purpose,
      requestedAt: r.created_at.toISOString(),
      status: 'pending' as const,
    }));
  }

  async decide(id: string, approve: boolean, decision: Record<string, unknown>, officer: string): Promise<StoredBooking> {
    const reference = typeof decision?.reference === 'string' ? decision.reference.trim() : '';
    const reason = typeof decision?.reason === 'string' ? decision.reason.trim().slice(0, 500) : '';
    const unknown = Object.keys(decision ?? {}).filter((k) => k !== 'reference' && k !== 'reason');
    const violations = unknown.map((field) => ({ field, message: 'unknown field' }));
    if (!REFERENCE.test(reference)) violations.push({ field: 'reference', message: "required: the customs document's reference (1–100 characters)" });
    if (!approve && reason === '') violations.push({ field: 'reason', message: 'required when rejecting' });
    const control = reasonViolation(reason);
    if (control) violations.push(control);
    if (violations.length) throw DomainError.validation(violations);

    const booking = await this.bookings.byId(id);
    if (!booking || booking.status !== 'awaiting_customs') throw DomainError.notFound(`pending customs approval ${id}`);
    const text = `${approve ? 'approved' : 'rejected'} by Jiaxing Customs, reference ${reference}${reason ? `: ${reason}` : ''} (Art. 12)`;
    let next: Booking['status'] = 'rejected';
    if (approve) {
      const instrument = await this.instruments.execute(booking.instrumentId, { sub: officer, roles: ['admin'] });
      next = instrument.requiresOwnerApproval && booking.requesterUnitId !== instrument.unitId ? 'pending_owner' : 'confirmed';
    }
    const moved = await this.bookings.transition(id, 'awaiting_customs', next, officer, text);
    if (moved === 'overlap') throw DomainError.conflict('approved, but the window was confirmed for another booking meanwhile; the requester must choose another window');
    if (!moved) throw DomainError.conflict('the booking changed meanwhile; read it again');
    return (await this.bookings.byId(id))!;
  }
}
