import { createHash } from 'node:crypto';
import { DomainError, type FieldViolation } from '@app/common';
import type { FeeEstimate } from '@app/policy';
import type { BookingStatus, Requester, TimeWindow } from './booking';

/** The statuses a history holds: a booking still ahead, or one its unit has closed. */
export type SeededStatus = Extract<BookingStatus, 'confirmed' | 'completed' | 'no_show'>;

/**
 * A booking as it already happened (the demo's history): its whole trail is
 * given, requested → confirmed (→ completed | no_show), each step with its
 * time and actor, so the audit reads like the real one.
 */
export interface SeedBookingInput {
  /** The seeding source's stable key of this booking (the demo: its usage session's key); the id derives from it. */
  key: string;
  instrumentId: string;
  /** `local`, or the partner platform that owns the instrument (a forwarded booking). */
  ownerPlatform: string;
  requester: Requester;
  status: SeededStatus;
  window: TimeWindow;
  purpose: string;
  feeEstimate?: FeeEstimate;
  remoteBookingId?: string;
  requestedAt: Date;
  confirmedAt: Date;
  /** The owning unit's admin who approved it; absent when the window was free and no approval needed (the requester's own step). */
  approvedBy?: string;
  /** A closed booking: when and by whom (the owning unit's admin). */
  closedAt?: Date;
  closedBy?: string;
  /** A completed booking's fee actually charged (0 when free) and samples; it was used for its booked window. */
  completion?: { feeChargedFen: number; samples?: number };
}

/**
 * The id of a seeded booking: a UUID (version 5 layout) from the SHA-256 of
 * its key, so seeding again finds the same row, and a session seeded from the
 * same key can name its booking before either is written.
 */
export function seedBookingId(key: string): string {
  const h = createHash('sha256').update(`seeded-booking:${key}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const valid = (d: Date | undefined): d is Date => d instanceof Date && !Number.isNaN(d.getTime());

/**
 * What a history may hold, against the clock: the trail runs forward and is
 * in the past; a closed booking's window has started and it was closed after
 * its start (as `BookingClosing` allows); a confirmed one is still to come or
 * under way (one left confirmed long after its window is not history but a
 * missing closing).
 */
export function seededBookingViolations(b: SeedBookingInput, now: Date): FieldViolation[] {
  const v: FieldViolation[] = [];
  if (!/^[\x21-\x7e]{1,128}$/.test(b.key)) v.push({ field: 'key', message: '1–128 printable ASCII characters' });
  if (!valid(b.window.start) || !valid(b.window.end) || !(b.window.end > b.window.start)) v.push({ field: 'window', message: 'a start before its end' });
  if (!valid(b.requestedAt) || !valid(b.confirmedAt) || b.confirmedAt < b.requestedAt) v.push({ field: 'confirmedAt', message: 'on or after requestedAt' });
  if (valid(b.confirmedAt) && b.confirmedAt > now) v.push({ field: 'confirmedAt', message: 'is in the future: a history is what already happened' });
  if (!b.purpose.trim()) v.push({ field: 'purpose', message: 'required' });
  if (b.status === 'confirmed') {
    if (b.closedAt || b.closedBy) v.push({ field: 'closedAt', message: 'a confirmed booking is not closed' });
    if (valid(b.window.end) && b.window.end <= now) v.push({ field: 'window', message: 'a confirmed booking of a history is still ahead or under way' });
  } else if (b.status === 'completed' || b.status === 'no_show') {
    if (!valid(b.closedAt) || !b.closedBy) v.push({ field: 'closedAt', message: `required for a ${b.status} booking, with closedBy` });
    else if (b.closedAt > now || b.closedAt < b.window.start || b.closedAt < b.confirmedAt)
      v.push({ field: 'closedAt', message: 'after the window started and the confirmation, not in the future' });
  } else {
    v.push({ field: 'status', message: 'confirmed, completed or no_show' });
  }
  return v;
}

/** All or nothing: the first refused booking of a batch is named with its index. */
export function validateSeededBookings(bookings: readonly SeedBookingInput[], now: Date): void {
  for (const [i, b] of bookings.entries()) {
    const v = seededBookingViolations(b, now);
    if (v.length) throw DomainError.validation(v.map((x) => ({ ...x, field: `bookings[${i}].${x.field}` })));
  }
}
