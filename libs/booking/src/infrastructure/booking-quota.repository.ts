import { Injectable } from '@nestjs/common';
import { InjectDb, sql, type Db } from '@app/persistence';
import { OPEN_STATUSES, type Requester } from '../domain/booking';

/** What a requester holds of one instrument: the counts the booking quotas need. */
@Injectable()
export class BookingQuotaRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  /**
   * Open bookings of `instrumentId` whose window is not over at `now`: by this requester, and (for a
   * partner's requester) by every user of that partner. Requesters are matched by kind, so a web
   * user's `sub` can never count as a partner's user or the reverse.
   */
  async held(instrumentId: string, requester: Requester, now: Date): Promise<{ byRequester: number; byPartner: number }> {
    const mine =
      requester.kind === 'user'
        ? sql`requester_kind = 'user' AND requester_sub = ${requester.sub}`
        : sql`requester_kind = 'partner' AND requester_partner = ${requester.partnerId} AND requester_pseudonym = ${requester.pseudonym}`;
    const partner = requester.kind === 'partner' ? sql`requester_kind = 'partner' AND requester_partner = ${requester.partnerId}` : sql`false`;
    const { rows } = await sql<{ by_requester: number; by_partner: number }>`
      SELECT count(*) FILTER (WHERE ${mine})::int AS by_requester,
             count(*) FILTER (WHERE ${partner})::int AS by_partner
      FROM bookings
      WHERE instrument_id = ${instrumentId} AND status = ANY(${[...OPEN_STATUSES]}::text[]) AND upper(period) > ${now}`.execute(this.db);
    return { byRequester: rows[0].by_requester, byPartner: rows[0].by_partner };
  }
}
