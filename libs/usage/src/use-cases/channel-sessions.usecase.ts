import { Injectable } from '@nestjs/common';
import type { UsageSession } from '../domain/usage-session';
import { UsageSessionRepository } from '../infrastructure/usage-session.repository';

/**
 * The sessions of one booking channel's bookings (`partner:<id>`) in feed
 * order (`feedSeq`, which a correction moves to the end): what UsageService
 * serves a partner about its own bookings on our instruments.
 */
@Injectable()
export class ChannelSessionsUseCase {
  constructor(private readonly sessions: UsageSessionRepository) {}

  execute(bookingChannel: string, afterSeq: bigint, limit: number): Promise<UsageSession[]> {
    return this.sessions.feed(bookingChannel, afterSeq.toString(), limit);
  }
}
