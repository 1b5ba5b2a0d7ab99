import { Injectable } from '@nestjs/common';
import { GetInstrumentUseCase } from '@app/catalog';
import { Clock, DomainError, canonicalJson, sha256Hex } from '@app/common';
import { assessCustomsGate } from '@app/policy';
import type { Booking, BookingStatus, Requester } from '../domain/booking';
import { validateBookingRequest } from '../domain/booking-request';
import { BookingRepository } from '../infrastructure/booking.repository';

const KEY = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * One use-case for every channel (our HTTP API, partners over gRPC): the same
 * visibility, customs and overlap rules whoever asks.
 */
@Injectable()
export class CreateBookingUseCase {
  constructor(
    private readonly bookings: BookingRepository,
    private readonly instruments: GetInstrumentUseCase,
    private readonly clock: Clock,
  ) {}

  async execute(raw: Record<string, unknown>, idempotencyKey: string | undefined, requester: Requester): Promise<{ booking: Booking; replayed: boolean }> {
    if (!idempotencyKey || !KEY.test(idempotencyKey)) {
      throw DomainError.validation([{ field: 'Idempotency-Key', message: 'required: 8–128 characters of letters, digits, . _ : -' }]);
    }
    const request = validateBookingRequest(raw, this.clock.now());
    const requestHash = sha256Hex(canonicalJson({ ...request, window: { start: request.window.start.toISOString(), end: request.window.end.toISOString() } }));
    const previous = await this.bookings.byKey(requester.sub, idempotencyKey);
    if (previous) return this.replay(previous, requestHash);

    // Art. 2, 11: an instrument the requester may not see does not exist for them (404).
    const instrument = await this.instruments.execute(request.instrumentId, { sub: requester.sub, roles: ['user'], unitId: requester.unitId });
    if (instrument.sourcePlatform !== 'local') {
      throw new DomainError('UNPROCESSABLE', `${instrument.id} belongs to the ${instrument.region} platform; forwarding bookings to partner platforms is not available yet`);
    }
    const asOf = this.clock.today();
    const gate = assessCustomsGate(instrument.dutyFreeImport, { ownerUnitId: instrument.unitId, requesterUnitId: requester.unitId, asOf });
    let status: BookingStatus = 'confirmed';
    let reason = 'the window was free';
    if (gate.outcome === 'approval_required') {
      status = 'awaiting_customs';
      reason = gate.reasons.map((r) => `${r.message} / ${r.messageEn}`).join('; ');
    } else if (instrument.requiresOwnerApproval && requester.unitId !== instrument.unitId) {
      status = 'pending_owner';
      reason = "the owning unit approves each booking of this instrument";
    }
    const outcome = await this.bookings.insert(request, requester, status, idempotencyKey, requestHash, reason);
    if (outcome.kind === 'created') return { booking: outcome.booking, replayed: false };
    if (outcome.kind === 'overlap') {
      throw DomainError.conflict('the window overlaps a confirmed booking of this instrument', {
        conflict: outcome.conflict && { start: outcome.conflict.start.toISOString(), end: outcome.conflict.end.toISOString() },
      });
    }
    // The same key was stored by a concurrent request meanwhile.
    const now = await this.bookings.byKey(requester.sub, idempotencyKey);
    if (now) return this.replay(now, requestHash);
    throw DomainError.conflict('a request with this Idempotency-Key is in flight; retry it');
  }

  private replay(previous: Booking & { requestHash?: string }, requestHash: string) {
    if (previous.requestHash !== requestHash) {
      throw new DomainError('UNPROCESSABLE', 'this Idempotency-Key was used for a different request');
    }
    return { booking: previous, replayed: true };
  }
}
