import type { StoredBooking } from '../infrastructure/booking.repository';

/** What a booking looks like over HTTP: the record without our bookkeeping (request hash, attempt counters). */
export function presentBooking<B extends StoredBooking>(booking: B): Omit<B, 'requestHash' | 'forwardAttempts' | 'cancelPending'> {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { requestHash, forwardAttempts, cancelPending, ...visible } = booking;
  return visible;
}
