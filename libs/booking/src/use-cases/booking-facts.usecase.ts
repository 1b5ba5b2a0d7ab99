import { Injectable } from '@nestjs/common';
import type { BookingStatus, TimeWindow } from '../domain/booking';
import { BookingRepository } from '../infrastructure/booking.repository';

/**
 * A booking as the usage feeds see it: which instrument, in which window,
 * through which channel, and the unit our rules count the requester as part
 * of. Nothing about the person (no sub, no pseudonym: Art. 17).
 */
export interface BookingFacts {
  id: string;
  instrumentId: string;
  /** `local`, or the partner platform that owns the instrument. */
  ownerPlatform: string;
  status: BookingStatus;
  window: TimeWindow;
  /** `http` (our users) or `partner:<id>` (a partner's users, over gRPC). */
  channel: string;
  /** Our user (`user`), or a partner's (`partner`). */
  requesterKind: 'user' | 'partner';
  /** Our user's unit, as our identity provider vouched for it; never a partner's claim. Absent: a natural person, or a partner's user. */
  requesterUnitId?: string;
  /** The key the booking was made with: a partner's own key (what UsageService sends back to it). */
  idempotencyKey: string;
}

/** Read-only facts of bookings by id, for the usage feeds (which may not reach into booking's tables). */
@Injectable()
export class BookingFactsUseCase {
  constructor(private readonly bookings: BookingRepository) {}

  async execute(ids: readonly string[]): Promise<Map<string, BookingFacts>> {
    const rows = await this.bookings.facts(ids);
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          instrumentId: r.instrument_id,
          ownerPlatform: r.owner_platform,
          status: r.status as BookingStatus,
          window: { start: r.start, end: r.end },
          channel: r.channel,
          requesterKind: r.requester_kind,
          ...(r.requester_unit_id ? { requesterUnitId: r.requester_unit_id } : {}),
          idempotencyKey: r.idempotency_key,
        },
      ]),
    );
  }
}
