import { Injectable } from '@nestjs/common';
import { GetInstrumentUseCase, InstrumentFactsUseCase, type InstrumentFacts } from '@app/catalog';
import { DomainError } from '@app/common';
import { needsOwnerApproval } from '@app/policy';
import { rulesUnitOf, type Booking } from '../domain/booking';
import { BookingRepository, type CustomsRow, type StoredBooking } from '../infrastructure/booking.repository';
import { approveCustomsInput, customsListInput, rejectCustomsInput } from './customs-decision.input';

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
    private readonly facts: InstrumentFactsUseCase,
  ) {}

  /** The officer's queue (`pending`) or what Jiaxing Customs decided (`decided`, newest first, with the decision). */
  async list(raw: unknown) {
    const { status } = customsListInput.parse(raw);
    if (status === 'pending') {
      const rows = await this.bookings.awaitingCustoms(500);
      const facts = await this.facts.execute(rows.map((r) => r.instrument_id));
      return rows.flatMap((r) => withInstrument(r, facts)).map(([r, f]) => ({ ...present(r, f), status: 'pending' as const }));
    }
    {
      const rows = await this.bookings.customsDecided(500);
      const facts = await this.facts.execute(rows.map((r) => r.instrument_id));
      return rows
        .flatMap((r) => withInstrument(r, facts))
        .map(([r, f]) => ({
          ...present(r, f),
          status: 'decided' as const,
          decision: {
            outcome: r.decision,
            officer: r.officer,
            reference: r.reference,
            ...(r.decision_reason ? { reason: r.decision_reason } : {}),
            decidedAt: r.decided_at.toISOString(),
          },
          bookingStatus: r.status,
        }));
    }
  }

  /** `decision`: a `CustomsDecisionInput`, checked here unless its contract already did. */
  async decide(id: string, approve: boolean, decision: unknown, officer: string): Promise<StoredBooking> {
    const { reference, reason = '' } = (approve ? approveCustomsInput : rejectCustomsInput).parse(decision);

    const booking = await this.bookings.byId(id);
    if (!booking || booking.status !== 'awaiting_customs') throw DomainError.notFound(`pending customs approval ${id}`);
    const text = `${approve ? 'approved' : 'rejected'} by Jiaxing Customs, reference ${reference}${reason ? `: ${reason}` : ''} (Art. 12)`;
    let next: Booking['status'] = 'rejected';
    if (approve) {
      const instrument = await this.instruments.execute(booking.instrumentId, { sub: officer, roles: ['admin'] });
      next = needsOwnerApproval(instrument.requiresOwnerApproval, { ownerUnitId: instrument.unitId, requesterUnitId: rulesUnitOf(booking.requester) })
        ? 'pending_owner'
        : 'confirmed';
    }
    // The officer's decision stands whatever happened to the window meanwhile; the booking then says why it cannot go on.
    const windowTaken = {
      status: 'rejected' as const,
      actor: 'system:calendar',
      reason: `approved by Jiaxing Customs (reference ${reference}, Art. 12), but the window was confirmed for another booking meanwhile: choose another window`,
    };
    const outcome = await this.bookings.decideCustoms(id, { approved: approve, officer, reference, reason: reason || undefined, text }, next, windowTaken);
    if (outcome === 'changed') throw DomainError.conflict('the booking changed meanwhile; read it again');
    return (await this.bookings.byId(id))!;
  }
}

/** The booking with its instrument's facts (every booking has its instrument: the catalog never drops a row with bookings). */
function withInstrument<R extends CustomsRow>(r: R, facts: Map<string, InstrumentFacts>): [R, InstrumentFacts][] {
  const f = facts.get(r.instrument_id);
  return f ? [[r, f]] : [];
}

function present(r: CustomsRow, f: InstrumentFacts) {
  return {
    id: r.id,
    bookingId: r.id,
    instrumentId: r.instrument_id,
    instrumentName: f.name,
    declarationNo: f.declarationNo ?? null,
    supervisionEnds: f.supervisionEnds ?? null,
    ownerUnitId: f.unitId,
    requestingUnitId: r.requester_unit_id,
    // A partner's booking: the platform that asked and the unit it named (a claim, not our record).
    ...(r.requester_partner ? { requestingPartner: r.requester_partner, claimedUnitId: r.requester_claimed_unit_id } : {}),
    window: { start: r.lower.toISOString(), end: r.upper.toISOString() },
    purpose: r.purpose,
    requestedAt: r.created_at.toISOString(),
  };
}
