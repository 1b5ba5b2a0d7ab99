import type { FeeEstimate } from '@app/policy';

export const BOOKING_STATUSES = ['requested', 'awaiting_customs', 'pending_owner', 'forwarding', 'confirmed', 'rejected', 'failed', 'cancelled'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** Statuses a booking can still leave; the others are final. */
export const OPEN_STATUSES: readonly BookingStatus[] = ['requested', 'awaiting_customs', 'pending_owner', 'forwarding', 'confirmed'];

/**
 * The state machine (docs/booking.md): requested → awaiting_customs →
 * pending_owner → forwarding → confirmed | rejected | failed | cancelled,
 * skipping the steps that do not apply.
 */
const NEXT: Record<BookingStatus, readonly BookingStatus[]> = {
  requested: ['awaiting_customs', 'pending_owner', 'forwarding', 'confirmed', 'rejected', 'cancelled'],
  awaiting_customs: ['pending_owner', 'forwarding', 'confirmed', 'rejected', 'cancelled'],
  pending_owner: ['forwarding', 'confirmed', 'rejected', 'cancelled'],
  forwarding: ['confirmed', 'rejected', 'failed', 'cancelled'],
  confirmed: ['cancelled'],
  rejected: [],
  failed: [],
  cancelled: [],
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
  requesterSub: string;
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

/** Who asks: a user of our API, or a partner platform on behalf of its (pseudonymous) user. */
export interface Requester {
  sub: string;
  unitId?: string;
  /** `http`, or `partner:<id>` for bookings arriving over gRPC. */
  channel: string;
}
