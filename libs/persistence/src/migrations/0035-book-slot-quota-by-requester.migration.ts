import { sql, type Kysely } from 'kysely';
import { bookSlotFunction } from './0026-book-in-one-call.migration';
import { OVERLAP_PROBE_BY_INSTRUMENT } from './0033-book-slot-overlap-probe.migration';

/**
 * `book_slot`'s quota count (owned by libs/booking; issue #17) reads the requester's open bookings of
 * the instrument, not all of them. As 0026 wrote it, the count fetched every open booking of the
 * instrument from the heap (through `bookings_instrument_period_idx`) and kept the requester's: under
 * the instrument's lock, each booking read as many rows as the instrument's calendar held, whoever
 * booked them. Here an index on the instrument, the requester (a user's subject or the partner) and
 * the window's end, over open bookings only, finds the requester's bookings whose window is not over:
 * as many rows as the quota allows at most. A partner's user (its pseudonym) is counted among the
 * partner's rows, as before.
 */
const QUOTA_COUNT_BY_REQUESTER = `SELECT count(*) FILTER (WHERE p_requester_kind = 'user' OR o.requester_pseudonym = p_requester_pseudonym),
               count(*) FILTER (WHERE p_requester_kind = 'partner')
          INTO mine, theirs
          FROM bookings o
          WHERE o.instrument_id = p_instrument_id AND o.status IN ('requested', 'awaiting_customs', 'pending_owner', 'forwarding', 'confirmed')
            AND o.requester_kind = p_requester_kind AND coalesce(o.requester_sub, o.requester_partner) = coalesce(p_requester_sub, p_requester_partner)
            AND upper(o.period) > p_now;`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX bookings_open_by_requester_idx ON bookings (instrument_id, requester_kind, coalesce(requester_sub, requester_partner), upper(period))
    WHERE status IN ('requested', 'awaiting_customs', 'pending_owner', 'forwarding', 'confirmed')`.execute(db);
  await bookSlotFunction('CREATE OR REPLACE', OVERLAP_PROBE_BY_INSTRUMENT, QUOTA_COUNT_BY_REQUESTER).execute(db);
  // CREATE OR REPLACE drops the function's own settings: 0034's, again.
  await sql`ALTER FUNCTION book_slot SET enable_seqscan = off`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await bookSlotFunction('CREATE OR REPLACE', OVERLAP_PROBE_BY_INSTRUMENT).execute(db);
  await sql`ALTER FUNCTION book_slot SET enable_seqscan = off`.execute(db);
  await sql`DROP INDEX IF EXISTS bookings_open_by_requester_idx`.execute(db);
}
