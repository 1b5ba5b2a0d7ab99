import { DomainError, type Region } from '@app/common';
import { UsageOutcome as WireOutcome, type UsageRecord } from '@app/contracts';
import type { FromProvinceSession } from '@app/province-client';
import { reportableUseBounds } from '@app/policy';
import type { UsageSessionInput } from '@app/usage';

/** Where a usage feed's sessions are stored from: `partner:<id>` for a gRPC partner, `province` for the provincial platform. */
export type FeedSource = `partner:${string}` | 'province';

/** Our booking as a partner's usage record must match it (from @app/booking's BookingFacts). */
export interface ForwardedBooking {
  id: string;
  instrumentId: string;
  ownerPlatform: string;
  requesterKind: 'user' | 'partner';
  requesterUnitId?: string;
  /** Our booking's status (BookingStatus of @app/booking). */
  status: string;
  window: { start: Date; end: Date };
}

/** Statuses of a booking that can have been used: a cancelled, rejected, failed or still open one was not (from our side). */
const USABLE_STATUSES: readonly string[] = ['confirmed', 'completed', 'no_show'];

/** Our catalog's copy of an instrument (from @app/catalog's InstrumentFacts). */
export interface CatalogCopy {
  region: string;
  unitId?: string;
  categoryCode: string;
}

/**
 * `retry`: not refused, just not yet placeable (the instrument is not in our
 * catalog copy yet: the catalog pull runs on its own schedule), so the pull
 * stops before it and the cursor waits.
 */
export type Mapped = { ok: true; input: UsageSessionInput } | { ok: false; reason: string; retry?: true };

const KEY = /^yrd-jiaxing-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** Our booking id inside the idempotency key we send when forwarding (`forwardKey`), if it is one. */
export function bookingIdOfKey(key: string): string | undefined {
  return KEY.exec(key)?.[1];
}

const regionOf = (instrumentId: string) => instrumentId.slice(0, Math.max(0, instrumentId.indexOf(':')));

/**
 * A partner's UsageRecord as our usage session: the use of ITS instrument by
 * OUR user. What the partner says is a claim about its own region only, so:
 * - the instrument must be of the partner's region (else rejected);
 * - the requester is never taken from the partner: it is our booking's, found
 *   through the idempotency key WE sent (`yrd-jiaxing-<booking id>`); a key we
 *   never sent, a booking forwarded elsewhere or for another instrument is
 *   rejected, and so is one that was never held (cancelled, rejected, failed:
 *   only a confirmed, completed or no-show booking can have been used);
 * - the times are held to the window like an owner's closing: from the China
 *   day before the booked window to the China day after it;
 * - a partner's unit is never ours: the session is external, owner region the
 *   partner's, owner unit and category from our catalog copy;
 * - a no-show counts on our booking's start.
 * Reasons are `CODE: message` and never name our booking (its id ties one of
 * our users to an instrument): the feed's health is read more widely than bookings.
 */
export function partnerRecordToSession(
  record: UsageRecord,
  partner: { id: string; region: Region },
  booking: ForwardedBooking | undefined,
  copy: CatalogCopy | undefined,
): Mapped {
  const region = regionOf(record.instrumentId);
  if (region !== partner.region)
    return refuse('FORBIDDEN', `instrument of region "${region || '?'}": ${partner.id} may report only its own region's (${partner.region}) instruments`);
  if (!bookingIdOfKey(record.idempotencyKey)) return refuse('NOT_FOUND', 'the idempotency key was not sent by us');
  if (!booking || booking.requesterKind !== 'user') return refuse('NOT_FOUND', 'no booking of ours has this idempotency key');
  if (booking.ownerPlatform !== partner.id) return refuse('FORBIDDEN', `our booking with this key was not forwarded to ${partner.id}`);
  if (booking.instrumentId !== record.instrumentId)
    return refuse('CONFLICT', `our booking with this key is for another instrument than ${record.instrumentId}`);
  if (!USABLE_STATUSES.includes(booking.status))
    return refuse('CONFLICT', `our booking with this key is ${booking.status}: only a confirmed booking can have been used`);
  if (!copy) return { ok: false, retry: true, reason: `${record.instrumentId} is not in our copy of ${partner.id}'s catalog yet` };
  const version = Number(record.version);
  const fee = Number(record.feeChargedFen);
  if (!Number.isSafeInteger(version)) return refuse('VALIDATION_FAILED', 'version is not a whole number');
  if (!Number.isSafeInteger(fee)) return refuse('VALIDATION_FAILED', 'fee_charged_fen is not a whole number');
  const outcome =
    record.outcome === WireOutcome.USAGE_OUTCOME_COMPLETED ? 'completed' : record.outcome === WireOutcome.USAGE_OUTCOME_NO_SHOW ? 'no_show' : undefined;
  if (!outcome) return refuse('VALIDATION_FAILED', 'outcome unspecified');
  if (outcome === 'completed') {
    const { earliest, latest } = reportableUseBounds(booking.window);
    if (!record.start || !record.end || record.start < earliest || record.end > latest) {
      return refuse('VALIDATION_FAILED', 'start/end: must lie from the China day before the booked window to the China day after it');
    }
  }
  return {
    ok: true,
    input: {
      source: `partner:${partner.id}`,
      sourceKey: record.sessionId,
      version,
      instrumentId: record.instrumentId,
      ownerRegion: partner.region,
      ...(copy.unitId ? { ownerUnitId: copy.unitId } : {}),
      categoryCode: copy.categoryCode,
      requester: booking.requesterUnitId ? { kind: 'unit', unitId: booking.requesterUnitId, region: 'jiaxing' } : { kind: 'person', region: 'jiaxing' },
      external: true,
      outcome,
      ...(outcome === 'completed' ? { start: record.start, end: record.end } : { scheduledStart: booking.window.start }),
      // A no-show is not charged here (usage rule): what a partner charges for one is not a fee for use.
      ...(outcome === 'completed' ? { feeChargedFen: fee } : {}),
      samples: record.samples,
      bookingId: booking.id,
      recordedBy: `partner:${partner.id}`,
    },
  };
}

/**
 * A provincial session as our usage session. The province speaks for
 * Zhejiang: its instruments (`zhejiang:` ids; any other is rejected) and the
 * requesters it names. It does not speak for Jiaxing: a requester unit the
 * province places in Jiaxing, or whose code is one of our units, keeps its
 * region but never our unit id (`ourUnit` says whether the code is ours), so
 * the province's word can never move use into or out of one of our units'
 * figures. A person, or a unit outside Zhejiang, is always external.
 */
export function provinceSessionToSession(session: FromProvinceSession, copy: CatalogCopy | undefined, ourUnit: boolean): Mapped {
  if (regionOf(session.instrumentId) !== 'zhejiang')
    return refuse('FORBIDDEN', `instrument ${session.instrumentId}: the province reports only provincial (zhejiang:) instruments`);
  if (!copy) return { ok: false, retry: true, reason: `${session.instrumentId} is not in our copy of the provincial catalog yet` };
  if (session.outcome === 'no_show') {
    // The provincial feed gives a no-show neither times nor its booked window, so it has no day to count on.
    return refuse('VALIDATION_FAILED', 'a provincial no-show carries no booked start, so it has no day to count on');
  }
  const r = session.requester;
  const unitId = r.kind === 'unit' && r.unitId && r.region !== 'jiaxing' && !ourUnit ? r.unitId : undefined;
  const requester: UsageSessionInput['requester'] =
    r.kind === 'person' ? { kind: 'person' } : { kind: 'unit', region: r.region, ...(unitId ? { unitId } : {}) };
  // Internal use needs a provincial unit the province names; without one the owner cannot be that unit.
  const external = session.external || r.kind === 'person' || r.region !== 'zhejiang' || !unitId;
  return {
    ok: true,
    input: {
      source: 'province',
      sourceKey: session.sourceKey,
      version: session.version,
      instrumentId: session.instrumentId,
      ownerRegion: 'zhejiang',
      ...(copy.unitId ? { ownerUnitId: copy.unitId } : {}),
      categoryCode: copy.categoryCode,
      requester,
      external,
      outcome: 'completed',
      start: session.start,
      end: session.end,
      feeChargedFen: session.feeChargedFen,
      samples: session.samples,
      recordedBy: 'province',
    },
  };
}

function refuse(code: string, message: string): Mapped {
  return { ok: false, reason: `${code}: ${message}` };
}

/** Stable words for what the usage rules refuse; never the stored session's or our booking's ids. */
const CONFLICTS: Record<string, string> = {
  booking_used: 'our booking already has a usage session from another record: a booking is used once (send a correction of that session)',
  version: 'this session was already recorded differently under this version: a correction needs a higher version',
};

/**
 * A record the usage rules refuse (bad times, a same-version conflict, a
 * booking already used) is rejected with a stable `CODE: message`: the
 * violated fields' own words, or a fixed sentence per conflict, never ids
 * from the refusal. Anything else is a failure of the pull.
 */
export function rejectionOf(error: unknown): string | undefined {
  if (!(error instanceof DomainError)) return undefined;
  if (error.code === 'VALIDATION_FAILED') {
    const fields = (error.details.violations ?? []).map((v) => `${v.field}: ${v.message}`).join('; ');
    return `VALIDATION_FAILED: ${fields || 'the session breaks the usage rules'}`.slice(0, 500);
  }
  if (error.code === 'CONFLICT') return `CONFLICT: ${CONFLICTS[String(error.details.conflict)] ?? 'the session conflicts with one already recorded'}`;
  return undefined;
}
