import type { StoredBooking } from '../infrastructure/booking.repository';

/**
 * What a booking looks like over HTTP: the record without our bookkeeping
 * (request hash, attempt counters). `requester` says which kind it is; our
 * users' bookings keep their `requesterSub` as before.
 */
export function presentBooking<B extends StoredBooking>(booking: B): Omit<B, 'requestHash' | 'forwardAttempts' | 'cancelPending'> & { requesterSub?: string } {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { requestHash, forwardAttempts, cancelPending, ...visible } = booking;
  return { ...visible, ...(booking.requester.kind === 'user' ? { requesterSub: booking.requester.sub } : {}) };
}
