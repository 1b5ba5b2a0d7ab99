import type { FeeEstimate } from '@app/policy';

export const BOOKING_STATUSES = [
  'requested',
  'awaiting_customs',
  'pending_owner',
  'forwarding',
  'confirmed',
  'rejected',
  'failed',
  'cancelled',
  'completed',
  'no_show',
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** Statuses a booking can still leave; the others are final (`completed` and `no_show` close a used booking). */
export const OPEN_STATUSES: readonly BookingStatus[] = ['requested', 'awaiting_customs', 'pending_owner', 'forwarding', 'confirmed'];

/**
 * The state machine (docs/booking.md): requested → awaiting_customs →
 * pending_owner → forwarding → confirmed | rejected | failed | cancelled,
 * skipping the steps that do not apply; once its window has started, the
 * owning unit closes a confirmed booking of a Jiaxing instrument with what
 * really happened: completed | no_show.
 */
const NEXT: Record<BookingStatus, readonly BookingStatus[]> = {
  requested: ['awaiting_customs', 'pending_owner', 'forwarding', 'confirmed', 'rejected', 'cancelled'],
  awaiting_customs: ['pending_owner', 'forwarding', 'confirmed', 'rejected', 'cancelled'],
  pending_owner: ['forwarding', 'confirmed', 'rejected', 'cancelled'],
  forwarding: ['confirmed', 'rejected', 'failed', 'cancelled'],
  confirmed: ['cancelled', 'completed', 'no_show'],
  rejected: [],
  failed: [],
  cancelled: [],
  completed: [],
  no_show: [],
};

export function canMove(from: BookingStatus, to: BookingStatus): boolean {
  return NEXT[from].includes(to);
}

export interface TimeWindow {
  start: Date;
  end: Date;
}

export interface Booking {
  id: string;
  /** `local` (Jiaxing decides in our database) or the partner platform that owns the instrument and decides. */
  ownerPlatform: string;
  instrumentId: string;
  /** Who asked: one of our users, or a partner platform for one of its (pseudonymous) users. */
  requester: Requester;
  /**
   * The unit our rules count the requester as part of (a user's unit from our identity provider).
   * Never set from a partner's word: its requester is another unit for every rule.
   */
  requesterUnitId?: string;
  status: BookingStatus;
  window: TimeWindow;
  purpose: string;
  sampleDescription?: string;
  channel: string;
  reason?: string;
  /** What the booking is expected to cost, from the instrument's fee standard when it was booked (Art. 13, 19). */
  feeEstimate?: FeeEstimate;
  /** The owning platform's id of this booking, once it acknowledged it. */
  remoteBookingId?: string;
  /** A forwarded booking the owning platform has not acknowledged by then fails. */
  forwardDeadline?: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * Who asks, kept apart by kind so a web user's `sub` is never compared with a
 * partner's identity (they live in different namespaces).
 */
export type Requester = UserRequester | PartnerRequester;

/** A user of our HTTP API, as our identity provider vouches for them. */
export interface UserRequester {
  kind: 'user';
  sub: string;
  /** The unit the token names; absent for a natural person (who is then "another unit" for every rule). */
  unitId?: string;
}

/**
 * A partner platform booking for one of its users. What it says about the
 * requester's unit is a claim about its own region, kept for the record and
 * shown to the owner, and decides nothing here: for visibility, the customs
 * gate (Art. 12), owner approval and the fee tier the requester is another unit.
 */
export interface PartnerRequester {
  kind: 'partner';
  partnerId: string;
  pseudonym: string;
  claimedUnitId?: string;
  /** The calling partner's region, which the claimed unit belongs to (or is not known to us). */
  claimedRegion?: string;
}

/** `http`, or `partner:<id>` for bookings arriving over gRPC. */
export function channelOf(requester: Requester): string {
  return requester.kind === 'user' ? 'http' : `partner:${requester.partnerId}`;
}

/** The unit our rules count the requester as part of: a user's own unit; never a partner's claim. */
export function rulesUnitOf(requester: Requester): string | undefined {
  return requester.kind === 'user' ? requester.unitId : undefined;
}

/** The audit trail's name for a requester (display only: never compared for access). */
export function actorOf(requester: Requester): string {
  return requester.kind === 'user' ? requester.sub : `partner:${requester.partnerId} (${requester.pseudonym})`;
}

/** Where one idempotency key lives: a user's keys are per user (HTTP), a partner's per partner (booking.proto). */
export function idempotencySlot(requester: Requester, key: string): string {
  return requester.kind === 'user' ? JSON.stringify([requester.sub, key]) : JSON.stringify(['partner', requester.partnerId, key]);
}
