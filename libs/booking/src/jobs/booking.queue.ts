import { defineQueue, job } from '@app/queue';

/**
 * Bookings of partner instruments travel to the owning platform through this
 * queue. Job ids derive from the booking id, so a booking is queued once
 * however many times it is enqueued; the idempotency key sent to the partner
 * derives from it too, so a retried call books once.
 */
export const BOOKING_QUEUE = defineQueue('booking', {
  /** Create the booking on the owning platform (or ask it again how it stands). */
  forward: job<{ bookingId: string }>({ jobId: (p) => `forward-${p.bookingId}` }),
  /** Tell the owning platform a forwarded booking was cancelled here. */
  'forward-cancel': job<{ bookingId: string }>({ jobId: (p) => `cancel-${p.bookingId}` }),
  /** Re-enqueue what PostgreSQL says is unfinished (Redis can lose jobs; held bookings are polled). */
  sweep: job<Record<string, never>>(),
});

export async function scheduleBookingJobs(
  queues: { schedule: (q: typeof BOOKING_QUEUE, job: 'sweep', payload: Record<string, never>, every: { everyMs: number }) => Promise<void> },
  sweepIntervalMs: number,
): Promise<void> {
  await queues.schedule(BOOKING_QUEUE, 'sweep', {}, { everyMs: sweepIntervalMs });
}

/** The partner's idempotency key for one of our bookings: stable across retries, replicas and restarts. */
export const forwardKey = (bookingId: string) => `yrd-jiaxing-${bookingId}`;
