import { Injectable } from '@nestjs/common';
import { InjectDb, sql, type Db } from '@app/persistence';
import { OPEN_STATUSES } from '../domain/booking';

/** What a requester holds of one instrument: the counts the booking quotas need. */
@Injectable()
export class BookingQuotaRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  /** Open bookings of `instrumentId` whose window is not over at `now`: by this requester, and by everyone on `channel` (a partner's). */
  async held(instrumentId: string, requesterSub: string, channel: string, now: Date): Promise<{ byRequester: number; byChannel: number }> {
    const { rows } = await sql<{ by_requester: number; by_channel: number }>`
      SELECT count(*) FILTER (WHERE requester_sub = ${requesterSub})::int AS by_requester,
             count(*) FILTER (WHERE channel = ${channel})::int AS by_channel
      FROM bookings
      WHERE instrument_id = ${instrumentId} AND status = ANY(${[...OPEN_STATUSES]}::text[]) AND upper(period) > ${now}`.execute(this.db);
    return { byRequester: rows[0].by_requester, byChannel: rows[0].by_channel };
  }
}
