import { Inject, Injectable } from '@nestjs/common';
import { BookableInstrumentUseCase, GetUnitUseCase, type BookableInstrument, type BookingFacts } from '@app/catalog';
import { Clock, DomainError, canonicalJson, readCheckedInstant, sha256Hex } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { assessCustomsGate, estimateFee, needsOwnerApproval } from '@app/policy';
import { PartnerBookingClients } from '../clients/partner-booking.clients';
import { channelOf, idempotencySlot, rulesUnitOf, type BookingStatus, type PartnerRequester, type Requester } from '../domain/booking';
import { BookingQuotaCheck } from './booking-quota.usecase';
import { windowTimingViolations, type BookingRequest } from '../domain/booking-request';
import { createBookingInput } from './create-booking.input';
import { BookingRepository, type NewBooking, type StoredBooking } from '../infrastructure/booking.repository';
import { ForwardingDispatcher } from '../infrastructure/forwarding.dispatcher';

const KEY = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * One use-case for every channel (our HTTP API, partners over gRPC): the same
 * visibility, customs and overlap rules whoever asks. A partner's requester is
 * "another unit" for every rule, whatever unit the partner names.
 */
@Injectable()
export class CreateBookingUseCase {
  /** Keys being processed by this process; other replicas are covered by the database's lock. */
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly bookings: BookingRepository,
    private readonly instruments: BookableInstrumentUseCase,
    private readonly units: GetUnitUseCase,
    private readonly partners: PartnerBookingClients,
    private readonly dispatcher: ForwardingDispatcher,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly quotas: BookingQuotaCheck,
  ) {}

  /** `raw`: a `CreateBookingInput`, checked here unless its contract already did (HTTP's pipe). */
  async execute(raw: unknown, idempotencyKey: string | undefined, requester: Requester): Promise<{ booking: StoredBooking; replayed: boolean }> {
    if (!idempotencyKey || !KEY.test(idempotencyKey)) {
      throw DomainError.validation([{ field: 'Idempotency-Key', message: 'required: 8–128 characters of letters, digits, . _ : -' }]);
    }
    const input = createBookingInput.parse(raw);
    const request: BookingRequest = {
      instrumentId: input.instrumentId,
      window: { start: readCheckedInstant(input.start), end: readCheckedInstant(input.end) },
      purpose: input.purpose,
      ...(input.sampleDescription !== undefined ? { sampleDescription: input.sampleDescription } : {}),
    };
    const timing = windowTimingViolations(request.window, this.clock.now(), this.config.booking.minLeadMinutes);
    if (timing.length > 0) throw DomainError.validation(timing);
    if (requester.kind === 'partner') await this.assertOwnRegion(requester);
    const requestHash = sha256Hex(canonicalJson({ ...request, window: { start: request.window.start.toISOString(), end: request.window.end.toISOString() } }));

    const slot = idempotencySlot(requester, idempotencyKey);
    if (this.inFlight.has(slot)) throw inFlight();
    this.inFlight.add(slot);
    try {
      return await this.create(request, requestHash, idempotencyKey, requester);
    } finally {
      this.inFlight.delete(slot);
    }
  }

  /**
   * The decision is made here, on the instrument as read (or as this process
   * remembers it); the one call that stores it also finds a booking the key
   * already made, and refuses the decision if the instrument changed since
   * (then it is read again and decided anew, once).
   */
  private async create(
    request: BookingRequest,
    requestHash: string,
    idempotencyKey: string,
    requester: Requester,
  ): Promise<{ booking: StoredBooking; replayed: boolean }> {
    for (let attempt = 0; ; attempt++) {
      let decided: Awaited<ReturnType<CreateBookingUseCase['decide']>>;
      try {
        decided = await this.decide(request, requester, attempt > 0);
      } catch (error) {
        // A request the key already answered is answered the same, whatever became of the instrument or the limits since.
        const previous = await this.bookings.byKey(requester, idempotencyKey);
        if (previous) return this.replay(previous, requestHash, requester);
        throw error;
      }
      const { instrument, decision } = decided;
      const outcome = await this.bookings.insert({ ...decision, request, requester, key: idempotencyKey, requestHash, now: this.clock.now() });
      switch (outcome.kind) {
        case 'created':
          if (outcome.booking.status === 'forwarding') await this.dispatcher.dispatch(outcome.booking.id, 'forward');
          return { booking: outcome.booking, replayed: false };
        case 'existing':
          return this.replay(outcome.booking, requestHash, requester);
        case 'overlap':
          throw new DomainError('SLOT_TAKEN', 'the window overlaps a confirmed booking of this instrument', {
            conflict: outcome.conflict && { start: outcome.conflict.start.toISOString(), end: outcome.conflict.end.toISOString() },
          });
        case 'quota':
          throw this.quotas.refuseHeld(instrument.facts, request.window, requester, outcome.held);
        case 'stale':
          // Read again; a second change within one request is a busy record: the client retries.
          if (attempt === 0) continue;
          throw inFlight();
        case 'duplicate_key': {
          // The same key was stored by a concurrent request meanwhile.
          const now = await this.bookings.byKey(requester, idempotencyKey);
          if (now) return this.replay(now, requestHash, requester);
          throw inFlight();
        }
        case 'in_flight':
          throw inFlight();
      }
    }
  }

  /** Art. 2, 11: an instrument the requester may not see does not exist for them (404). A partner's requester sees what any outsider sees. */
  private async decide(request: BookingRequest, requester: Requester, fresh: boolean): Promise<{ instrument: BookableInstrument; decision: DecidedBooking }> {
    const unitId = rulesUnitOf(requester);
    const instrument = await this.instruments.execute(
      request.instrumentId,
      { sub: requester.kind === 'user' ? requester.sub : channelOf(requester), roles: ['user'], unitId },
      { fresh },
    );
    const facts = instrument.facts;
    const feeEstimate = estimateFee(facts.fee, request.window, { ownerUnitId: facts.unitId, requesterUnitId: unitId });
    const stamp = instrument.stamp;
    // Our quotas hold our calendars; a partner's instrument is booked on its platform's terms.
    if (facts.sourcePlatform === 'local') {
      const held = this.quotas.limitsFor(facts, request.window, requester);
      return { instrument, decision: { ...this.decideLocally(facts, requester), ownerPlatform: 'local', feeEstimate, instrument: stamp, held } };
    }
    return { instrument, decision: { ...this.forwardTo(facts, request, requester), feeEstimate, instrument: stamp } };
  }

  /**
   * booking.proto: a partner books only for its own users. A unit we know to be
   * of another region (one of ours, or another partner's) is refused; one we do
   * not know stays the partner's claim about its own region.
   */
  private async assertOwnRegion(requester: PartnerRequester): Promise<void> {
    if (!requester.claimedUnitId) return;
    const unit = await this.units.execute(requester.claimedUnitId);
    if (unit && unit.region !== requester.claimedRegion) {
      throw DomainError.forbidden(
        `requester.unit_id ${requester.claimedUnitId} is a unit of ${unit.region}, not of the ${requester.partnerId} platform's region (${requester.claimedRegion}): a partner books only for its own users`,
      );
    }
  }

  /** A partner's instrument: stored here, decided by its platform (status `forwarding`). */
  private forwardTo(instrument: BookingFacts, request: BookingRequest, requester: Requester) {
    // A partner books only instruments we own; we do not relay one partner's bookings to another.
    if (requester.kind !== 'user') throw DomainError.notFound(`instrument ${instrument.id}`);
    if (!this.partners.for(instrument.sourcePlatform)) {
      throw new DomainError(
        'UNPROCESSABLE',
        `${instrument.id} is listed by the ${instrument.sourcePlatform} platform, which takes bookings on its own site, not through ours`,
      );
    }
    const deadline = new Date(Math.min(this.clock.now().getTime() + this.config.booking.forwardTimeoutMs, request.window.start.getTime()));
    return {
      status: 'forwarding' as const,
      reason: `being forwarded to the ${instrument.sourcePlatform} platform, which decides over its instruments`,
      ownerPlatform: instrument.sourcePlatform,
      forwardDeadline: deadline,
    };
  }

  /** Jiaxing's own instrument: customs gate (Art. 12), then the owner's approval, else confirmed now. */
  private decideLocally(instrument: BookingFacts, requester: Requester): { status: BookingStatus; reason: string } {
    const asOf = this.clock.today();
    const units = { ownerUnitId: instrument.unitId, requesterUnitId: rulesUnitOf(requester) };
    const gate = assessCustomsGate(instrument.dutyFreeImport, { ownerUnitId: units.ownerUnitId, requester: { unitId: units.requesterUnitId }, asOf });
    if (gate.outcome === 'approval_required') {
      return { status: 'awaiting_customs', reason: gate.reasons.map((r) => `${r.message} / ${r.messageEn}`).join('; ') };
    }
    if (needsOwnerApproval(instrument.requiresOwnerApproval, units)) {
      return { status: 'pending_owner', reason: 'the owning unit approves each booking of this instrument' };
    }
    return { status: 'confirmed', reason: 'the window was free' };
  }

  /** Same key, same request → the booking it made. A partner's key covers its requester too (booking.proto: same key and fields). */
  private replay(previous: StoredBooking, requestHash: string, requester: Requester) {
    const was = previous.requester;
    const sameRequester =
      requester.kind !== 'partner' || (was.kind === 'partner' && was.pseudonym === requester.pseudonym && was.claimedUnitId === requester.claimedUnitId);
    if (previous.requestHash !== requestHash || !sameRequester) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'this idempotency key was used for a different request');
    }
    return { booking: previous, replayed: true };
  }
}

/** What the use-case decided, for the insert to store (or refuse on what changed meanwhile). */
type DecidedBooking = Pick<NewBooking, 'status' | 'reason' | 'ownerPlatform' | 'forwardDeadline' | 'feeEstimate' | 'instrument' | 'held'>;

function inFlight(): DomainError {
  return new DomainError('REQUEST_IN_FLIGHT', 'a request with this idempotency key is in flight; retry it');
}
