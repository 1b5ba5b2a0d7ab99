import { sql, type Kysely } from 'kysely';

/**
 * Puts back before Jiaxing Customs the bookings that went around it (Art. 12).
 *
 * Until migration 0010 and the rule fix that came with it, the customs gate let a requester
 * without a unit through (`supervised`, no gate), and a partner could name the owning unit as its
 * requester's. So bookings of duty-free instruments still under supervision are `confirmed` or
 * `pending_owner` with a window customs never approved. Each such booking whose window has not
 * started goes to `awaiting_customs`, with an audit row by `system:customs-recheck` saying why:
 * the requester is a partner's, or one of our users with no unit or another unit than the owning
 * one, and no customs decision exists for it. A confirmed booking thereby gives up its slot until
 * customs approves (then the usual path: owner approval where asked, else confirmed, or rejected
 * if the window was taken meanwhile).
 *
 * "Under supervision" is read as the gate reads it: today's date in China on or before the last day
 * inside (`supervision_ends`). The run happens once, at deploy; from then on the fixed rule gates
 * every new booking, so no later date needs this. It is not a transition of the state machine
 * (`canMove` keeps refusing confirmed → awaiting_customs): only this correction makes it
 * (docs/booking.md). Idempotent: a moved booking is `awaiting_customs` and no longer matches.
 */
export const RECHECK_ACTOR = 'system:customs-recheck';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    WITH target AS (
      SELECT b.id, b.status AS from_status, to_char(i.supervision_ends, 'YYYY-MM-DD') AS last_day,
        CASE WHEN b.requester_kind = 'partner' THEN 'a partner''s requester, whose unit we cannot vouch for'
             WHEN b.requester_unit_id IS NULL OR b.requester_unit_id = '' THEN 'a requester without a unit'
             ELSE 'a requester of unit ' || b.requester_unit_id || ', not the owning unit ' || i.unit_id END AS who
      FROM bookings b JOIN instruments i ON i.id = b.instrument_id
      WHERE b.owner_platform = 'local'
        AND b.status IN ('confirmed', 'pending_owner')
        AND lower(b.period) > now()
        AND i.deleted_at IS NULL
        AND i.duty_free IS NOT NULL
        AND i.supervision_ends >= ((now() AT TIME ZONE 'UTC') + interval '8 hours')::date
        AND (b.requester_kind = 'partner' OR b.requester_unit_id IS NULL OR b.requester_unit_id = '' OR b.requester_unit_id <> i.unit_id)
        AND NOT EXISTS (SELECT 1 FROM customs_decisions d WHERE d.booking_id = b.id)
      FOR UPDATE OF b
    ), moved AS (
      UPDATE bookings b SET status = 'awaiting_customs', updated_at = now(),
        reason = 'customs re-check: booked by ' || t.who || ' without Jiaxing Customs'' approval while the duty-free instrument is under customs supervision (through '
          || t.last_day || '); use by another unit needs customs approval first (Art. 12). An earlier rule let this booking through; it now waits for customs'
      FROM target t WHERE b.id = t.id
      RETURNING b.id, t.from_status, b.reason
    )
    INSERT INTO booking_audit (booking_id, from_status, to_status, actor, reason)
    SELECT id, from_status, 'awaiting_customs', ${RECHECK_ACTOR}, reason FROM moved`.execute(db);
}

/** Nothing to undo: giving the bookings back their unapproved windows would reopen the hole. */
export async function down(): Promise<void> {}
