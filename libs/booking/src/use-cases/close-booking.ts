import { Inject, Injectable } from '@nestjs/common';
import { GetUnitUseCase, InstrumentFactsUseCase, LOCAL_REGION, type InstrumentFacts } from '@app/catalog';
import { Clock, DomainError, isRegion, type Region } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { isOwnerUnit } from '@app/policy';
import { RecordUsageSessionUseCase, type UsageRequester, type UsageSession, type UsageSessionInput } from '@app/usage';
import { rulesUnitOf, type Booking, type BookingStatus } from '../domain/booking';
import type { Completion } from '../domain/booking-closing';
import { BookingRepository, type StoredBooking } from '../infrastructure/booking.repository';
import { UnitAdminScope, viewerActor, type UserViewer } from './unit-admin-scope';

/** How a booking ends once used (or not): `completed` with what happened, or `no_show`. */
export type Closing = { outcome: 'completed'; completion: Completion } | { outcome: 'no_show'; note?: string };

/** What a closed booking answers: the booking and the usage session it was closed with. */
export interface ClosedBooking {
  booking: StoredBooking;
  session: UsageSession;
}

const CLOSED: readonly BookingStatus[] = ['completed', 'no_show'];

/**
 * The owning unit closes a used booking of a Jiaxing instrument (Art. 13–15,
 * 19): the two use-cases (complete, no-show) share who may, when, and the
 * order of the two writes.
 *
 * Order: the usage session first, keyed by the booking id (idempotent), then
 * the status. A crash between them leaves a `confirmed` booking with its
 * session; the same closing sent again finds the session unchanged and moves
 * the status, and a different one is refused (the first closing stands). The
 * other order would leave a `completed` booking whose hours nobody counts.
 */
@Injectable()
export class BookingClosing {
  constructor(
    private readonly bookings: BookingRepository,
    private readonly instruments: InstrumentFactsUseCase,
    private readonly units: GetUnitUseCase,
    private readonly scope: UnitAdminScope,
    private readonly usage: RecordUsageSessionUseCase,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The booking the viewer may close, with its instrument's facts. 404 for
   * anyone but the owning unit's admins (units of our region) and admins, as
   * for approvals; 409 PRECONDITION_FAILED when it cannot be closed (yet).
   */
  async closable(id: string, viewer: UserViewer): Promise<{ booking: StoredBooking; facts: InstrumentFacts; now: Date }> {
    const booking = await this.bookings.byId(id);
    if (!booking || !(await this.scope.mayActFor(booking.instrumentId, viewer))) throw DomainError.notFound(`booking ${id}`);
    const facts = (await this.instruments.execute([booking.instrumentId])).get(booking.instrumentId);
    if (booking.ownerPlatform !== 'local' || !facts || facts.region !== LOCAL_REGION) {
      throw new DomainError(
        'PRECONDITION_FAILED',
        `the booking is of an instrument of the ${booking.ownerPlatform} platform, which records its use; only bookings of Jiaxing's instruments are closed here`,
      );
    }
    const now = this.clock.now();
    if (!CLOSED.includes(booking.status) && booking.status !== 'confirmed') {
      throw new DomainError('PRECONDITION_FAILED', `the booking is ${booking.status}: only a confirmed booking is closed (completed or no-show)`);
    }
    if (booking.window.start > now) {
      throw new DomainError(
        'PRECONDITION_FAILED',
        `the window starts at ${booking.window.start.toISOString()}; a booking is closed once its window has started (now: ${now.toISOString()})`,
        {
          window: { start: booking.window.start.toISOString(), end: booking.window.end.toISOString() },
        },
      );
    }
    return { booking, facts, now };
  }

  /** Records the session, then moves the status; the same closing again answers the closed booking. */
  async close(booking: StoredBooking, facts: InstrumentFacts, closing: Closing, viewer: UserViewer, auditText: string): Promise<ClosedBooking> {
    const session = await this.record(booking, facts, closing, viewer);
    if (booking.status === closing.outcome) return { booking, session };
    if (booking.status !== 'confirmed') throw this.closedDifferently(booking.id, session);
    if ((await this.bookings.transition(booking.id, 'confirmed', closing.outcome, viewerActor(viewer), auditText)) !== true) {
      // Another request closed it meanwhile: the same closing is the same answer, another is refused.
      const now = (await this.bookings.byId(booking.id))!;
      if (now.status !== closing.outcome) throw this.closedDifferently(booking.id, session);
      return { booking: now, session };
    }
    return { booking: (await this.bookings.byId(booking.id))!, session };
  }

  private async record(booking: StoredBooking, facts: InstrumentFacts, closing: Closing, viewer: UserViewer): Promise<UsageSession> {
    const input: UsageSessionInput = {
      source: 'booking',
      sourceKey: booking.id,
      bookingId: booking.id,
      // The usage feed serves a partner exactly the sessions of its own bookings.
      bookingChannel: booking.channel,
      instrumentId: booking.instrumentId,
      ownerRegion: facts.region,
      ownerUnitId: facts.unitId,
      categoryCode: facts.categoryCode,
      requester: await this.usageRequester(booking),
      // Art. 12's one definition: anyone who is not the owning unit (a person, any partner's user) is another unit.
      external: !isOwnerUnit({ ownerUnitId: facts.unitId, requesterUnitId: rulesUnitOf(booking.requester) }),
      outcome: closing.outcome,
      ...(closing.outcome === 'completed'
        ? { start: closing.completion.start, end: closing.completion.end, feeChargedFen: closing.completion.feeChargedFen, samples: closing.completion.samples }
        : { scheduledStart: booking.window.start }),
      // Units only in usage data: the admin's own id stays in the booking's audit trail.
      recordedBy: viewer.roles.includes('admin') ? 'admin' : `unit_admin:${viewer.unitId}`,
    };
    try {
      return (await this.usage.execute(input)).session;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'CONFLICT') {
        const recorded = await this.usage.byBooking(booking.id);
        if (recorded) throw this.closedDifferently(booking.id, recorded);
      }
      throw error;
    }
  }

  /**
   * Who used it, as units and regions only. Our user: their unit (its region
   * from the catalog, ours when we do not know it) or, without one, a person of
   * our region. A partner's user: a unit of the partner's region that we never
   * name — its claimed unit is its word, and it is never our unit.
   */
  private async usageRequester(booking: Booking): Promise<UsageRequester> {
    const r = booking.requester;
    if (r.kind === 'partner') {
      const region = this.config.partners.find((p) => p.id === r.partnerId)?.region ?? (isRegion(r.claimedRegion) ? r.claimedRegion : undefined);
      return { kind: 'unit', ...(region ? { region } : {}) };
    }
    if (!r.unitId) return { kind: 'person', region: LOCAL_REGION };
    const unit = await this.units.execute(r.unitId);
    return { kind: 'unit', unitId: r.unitId, region: (unit?.region as Region | undefined) ?? LOCAL_REGION };
  }

  private closedDifferently(id: string, recorded: UsageSession): DomainError {
    return DomainError.conflict(`booking ${id} was already closed (${recorded.outcome}) with other figures; the first closing stands`, {
      recorded: presentClosing(recorded),
    });
  }
}

/** A closed booking as the API shows it: the booking, and what was recorded (fee in CNY like every amount shown). */
export function presentClosing(session: UsageSession) {
  return {
    outcome: session.outcome,
    ...(session.start ? { actualStart: session.start.toISOString(), actualEnd: session.end!.toISOString() } : {}),
    ...(session.feeChargedFen !== undefined ? { feeChargedCny: session.feeChargedFen / 100 } : {}),
    ...(session.samples !== undefined ? { samples: session.samples } : {}),
    external: session.external,
  };
}
