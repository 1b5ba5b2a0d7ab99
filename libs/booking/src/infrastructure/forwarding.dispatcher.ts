import { Injectable, Logger } from '@nestjs/common';
import { QueueService } from '@app/queue';
import { BOOKING_QUEUE } from '../jobs/booking.queue';

export type ForwardWork = 'forward' | 'cancel';

/**
 * Puts forwarding work on the queue. The booking is already committed in
 * PostgreSQL when this runs, so a failure here (Redis down) loses nothing:
 * the sweeper enqueues it later.
 */
@Injectable()
export class ForwardingDispatcher {
  private readonly logger = new Logger('booking');

  constructor(private readonly queues: QueueService) {}

  async dispatch(bookingId: string, work: ForwardWork): Promise<void> {
    try {
      await this.queues.add(BOOKING_QUEUE, work === 'forward' ? 'forward' : 'forward-cancel', { bookingId });
    } catch (error) {
      this.logger.warn(`booking ${bookingId}: ${work} not queued (${error instanceof Error ? error.message : String(error)}); the sweeper will`);
    }
  }

  /** Queued unless already waiting or running; re-queued if the queue finished or lost it. */
  async ensure(bookingId: string, work: ForwardWork): Promise<boolean> {
    return (await this.queues.ensure(BOOKING_QUEUE, work === 'forward' ? 'forward' : 'forward-cancel', { bookingId })) === 'added';
  }
}
