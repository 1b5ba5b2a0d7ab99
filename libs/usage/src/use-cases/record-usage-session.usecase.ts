import { Injectable } from '@nestjs/common';
import { Clock, DomainError } from '@app/common';
import { QueueService } from '@app/queue';
import { sessionDay, validateUsageSession, type UsageSession, type UsageSessionInput } from '../domain/usage-session';
import { UsageSessionRepository } from '../infrastructure/usage-session.repository';
import { USAGE_QUEUE } from '../jobs/usage.queue';

/**
 * Records what really happened on an instrument, from whichever source: the
 * owner closing a booking, a partner's or the province's usage feed. The same
 * report twice is stored once; a correction needs a higher version.
 */
@Injectable()
export class RecordUsageSessionUseCase {
  constructor(
    private readonly sessions: UsageSessionRepository,
    private readonly queues: QueueService,
    private readonly clock: Clock,
  ) {}

  async execute(input: UsageSessionInput): Promise<{ session: UsageSession; created: boolean }> {
    validateUsageSession(input, this.clock.now());
    const outcome = await this.sessions.record(input, sessionDay(input));
    if (outcome.kind === 'booking_taken') {
      throw DomainError.conflict('this booking already has a usage session from another report: a booking is used once; correct that session instead', {
        conflict: 'booking_used',
      });
    }
    if (outcome.kind === 'conflict') {
      throw DomainError.conflict(`session ${input.sourceKey} from ${input.source} was already recorded differently; send a correction with a higher version`, {
        conflict: 'version',
        recorded: { outcome: outcome.session.outcome, start: outcome.session.start?.toISOString(), end: outcome.session.end?.toISOString() },
      });
    }
    if (outcome.kind !== 'unchanged') await this.queues.ensure(USAGE_QUEUE, 'rollup', {});
    return { session: outcome.session, created: outcome.kind === 'created' };
  }

  /** The session a source reported under its key, if any (a feed tells a correction from a replay). */
  bySource(source: string, sourceKey: string): Promise<UsageSession | undefined> {
    return this.sessions.bySource(source, sourceKey);
  }

  /** The session a booking was closed with, if any. */
  byBooking(bookingId: string): Promise<UsageSession | undefined> {
    return this.sessions.byBooking(bookingId);
  }
}
