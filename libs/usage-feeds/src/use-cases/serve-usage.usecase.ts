import { Inject, Injectable } from '@nestjs/common';
import { BookingFactsUseCase } from '@app/booking';
import { DomainError } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { UsageOutcome, type ListUsageRequest, type UsageRecord } from '@app/contracts';
import { ChangeCursorCodec } from '@app/federation';
import { ChannelSessionsUseCase } from '@app/usage';

const DEFAULT_LIMIT = 500;
const MAX_LIMIT = 5_000;
/** Our UsageService cursors are sealed like the change feed's, under their own purpose, so neither passes as the other. */
const CURSOR_PURPOSE = 'yrd.federation.v1.UsageService.ListUsage cursor';

/**
 * UsageService.ListUsage as we serve it: to the calling partner, the sessions
 * of the bookings IT made over gRPC (channel `partner:<id>`) on our
 * instruments, after a sealed cursor. The position is the usage feed's global
 * sequence (which also counts other partners' and our own users' sessions),
 * so it is sealed. A record carries only what usage.proto names (Art. 17):
 * our booking id, the partner's own idempotency key, outcome, times, fee,
 * samples, version.
 */
@Injectable()
export class ServeUsageUseCase {
  private readonly cursors: ChangeCursorCodec;

  constructor(
    private readonly sessions: ChannelSessionsUseCase,
    private readonly bookings: BookingFactsUseCase,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cursors = new ChangeCursorCodec(config.federation.cursorKey, CURSOR_PURPOSE);
  }

  async execute(request: ListUsageRequest, partnerId: string): Promise<UsageRecord[]> {
    const decoded = this.cursors.decode(request.cursor);
    if (!decoded.ok && decoded.reason === 'expired')
      throw new DomainError('PRECONDITION_FAILED', 'the cursor is of a history this server no longer holds: restart from an empty cursor');
    if (!decoded.ok) throw DomainError.validation([{ field: 'cursor', message: 'was not issued by this server' }]);
    if (request.limit < 0) throw DomainError.validation([{ field: 'limit', message: 'must not be negative' }]);
    const limit = Math.min(request.limit || DEFAULT_LIMIT, MAX_LIMIT);
    const channel = `partner:${partnerId}`;
    const records: UsageRecord[] = [];
    let after = decoded.position;
    // Skipped sessions must not end a call early: an empty stream means "up to date" to the caller.
    while (records.length === 0) {
      const sessions = await this.sessions.execute(channel, after, limit);
      if (sessions.length === 0) break;
      after = BigInt(sessions[sessions.length - 1].feedSeq);
      const bookings = await this.bookings.execute(sessions.flatMap((s) => s.bookingId ?? []));
      for (const s of sessions) {
        const booking = s.bookingId ? bookings.get(s.bookingId) : undefined;
        // Only sessions our units recorded on our instruments, of this partner's own bookings.
        if (s.source !== 'booking' || s.ownerRegion !== 'jiaxing' || !booking || booking.channel !== channel) continue;
        records.push({
          sessionId: s.id,
          version: String(s.version),
          instrumentId: s.instrumentId,
          bookingId: booking.id,
          idempotencyKey: booking.idempotencyKey,
          outcome: s.outcome === 'completed' ? UsageOutcome.USAGE_OUTCOME_COMPLETED : UsageOutcome.USAGE_OUTCOME_NO_SHOW,
          start: s.outcome === 'completed' ? s.start : undefined,
          end: s.outcome === 'completed' ? s.end : undefined,
          feeChargedFen: String(s.feeChargedFen ?? 0),
          samples: s.samples ?? 0,
          cursor: this.cursors.encode(s.feedSeq),
        });
      }
    }
    return records;
  }
}
