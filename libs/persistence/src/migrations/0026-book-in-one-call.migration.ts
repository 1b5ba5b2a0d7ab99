import { sql, type Kysely } from 'kysely';

/**
 * `book_slot`: a new booking in one call (owned by libs/booking; issue #17),
 * instead of the eight round trips it took (key lookup, quota count, BEGIN,
 * two locks, the row, its audit row, COMMIT). The use-case decides (customs
 * gate, owner approval, fee, quota limits: libs/policy and the booking
 * domain); this function only keeps the invariants that must hold at commit,
 * in this order, and says which one stopped it:
 *
 * - `in_flight`: another transaction holds this idempotency key;
 * - `existing`: the key already made a booking (returned, for the replay check);
 * - `stale`: the instrument is not the version the decision was made on
 *   (withdrawn, hidden, edited meanwhile): the caller reads it again;
 * - `quota`: the requester (or its partner) holds as many open bookings of
 *   the instrument as the limits passed in allow (counted under the
 *   instrument's lock, so two concurrent requests cannot both take the last one);
 * - `overlap`: a confirmed booking holds the window (its window returned);
 * - `created`: the row and its first audit row are stored.
 *
 * The exclusion constraint stays the guarantee; the check before the insert
 * only answers the common case without raising (a subtransaction per call).
 * Plain PL/pgSQL, so PGlite runs it as PostgreSQL does.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await bookSlotFunction('CREATE', OVERLAP_PROBE).execute(db);
}

/** The first confirmed booking overlapping the window, as this migration looked for it (0033 replaces it). */
export const OVERLAP_PROBE = `RETURN QUERY SELECT 'overlap'::text, NULL::int, NULL::int, lower(o.period), upper(o.period),
            NULL::uuid, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL::timestamptz, NULL::timestamptz, NULL, NULL, NULL, NULL, NULL, NULL,
            NULL::timestamptz, NULL, NULL::int, NULL::boolean, NULL::jsonb, NULL::timestamptz, NULL::timestamptz
          FROM bookings o
          WHERE o.instrument_id = p_instrument_id AND o.status = 'confirmed' AND o.owner_platform = 'local' AND o.period && window_
          ORDER BY lower(o.period) LIMIT 1;`;

/** The open bookings of the instrument held by the requester (`mine`) and by its partner's users (`theirs`), as this migration counted them (0035 replaces it). */
export const QUOTA_COUNT = `SELECT count(*) FILTER (WHERE CASE WHEN p_requester_kind = 'user' THEN o.requester_kind = 'user' AND o.requester_sub = p_requester_sub
                 ELSE o.requester_kind = 'partner' AND o.requester_partner = p_requester_partner AND o.requester_pseudonym = p_requester_pseudonym END),
               count(*) FILTER (WHERE p_requester_kind = 'partner' AND o.requester_kind = 'partner' AND o.requester_partner = p_requester_partner)
          INTO mine, theirs
          FROM bookings o
          WHERE o.instrument_id = p_instrument_id AND o.status IN ('requested', 'awaiting_customs', 'pending_owner', 'forwarding', 'confirmed')
            AND upper(o.period) > p_now;`;

/**
 * The function with `overlapProbe` as its overlap check (a statement that returns the
 * `overlap` row with the conflicting window, or nothing: then the row is inserted) and
 * `quotaCount` as its quota count (a statement that sets `mine` and `theirs`).
 */
export function bookSlotFunction(create: 'CREATE' | 'CREATE OR REPLACE', overlapProbe: string, quotaCount = QUOTA_COUNT) {
  return sql`
    ${sql.raw(create)} FUNCTION book_slot(
      p_id uuid, p_instrument_id text, p_requester_kind text, p_requester_sub text, p_requester_unit_id text,
      p_requester_partner text, p_requester_pseudonym text, p_claimed_unit_id text, p_claimed_region text,
      p_status text, p_start timestamptz, p_end timestamptz, p_purpose text, p_sample_description text,
      p_key text, p_request_hash text, p_channel text, p_reason text, p_owner_platform text,
      p_forward_deadline timestamptz, p_fee_estimate jsonb, p_actor text, p_key_slot text,
      p_instrument_version bigint, p_instrument_hash text, p_instrument_shareable boolean,
      p_max_by_requester integer, p_max_by_partner integer, p_now timestamptz)
    RETURNS TABLE (outcome text, held_by_requester integer, held_by_partner integer, conflict_start timestamptz, conflict_end timestamptz,
      id uuid, instrument_id text, requester_kind text, requester_sub text, requester_unit_id text, requester_partner text,
      requester_pseudonym text, requester_claimed_unit_id text, requester_claimed_region text, status text, lower timestamptz,
      upper timestamptz, purpose text, sample_description text, channel text, reason text, request_hash text, owner_platform text,
      forward_deadline timestamptz, remote_booking_id text, forward_attempts integer, cancel_pending boolean, fee_estimate jsonb,
      created_at timestamptz, updated_at timestamptz)
    LANGUAGE plpgsql AS $$
    #variable_conflict use_column
    DECLARE
      b bookings%ROWTYPE;
      window_ tstzrange := tstzrange(p_start, p_end, '[)');
      mine integer := 0;
      theirs integer := 0;
    BEGIN
      IF NOT pg_try_advisory_xact_lock(hashtextextended(p_key_slot, 17)) THEN
        RETURN QUERY SELECT 'in_flight'::text, NULL::int, NULL::int, NULL::timestamptz, NULL::timestamptz,
          NULL::uuid, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL::timestamptz, NULL::timestamptz, NULL, NULL, NULL, NULL, NULL, NULL,
          NULL::timestamptz, NULL, NULL::int, NULL::boolean, NULL::jsonb, NULL::timestamptz, NULL::timestamptz;
        RETURN;
      END IF;
      IF p_requester_kind = 'user' THEN
        SELECT * INTO b FROM bookings o WHERE o.requester_kind = 'user' AND o.requester_sub = p_requester_sub AND o.idempotency_key = p_key;
      ELSE
        SELECT * INTO b FROM bookings o WHERE o.requester_kind = 'partner' AND o.requester_partner = p_requester_partner AND o.idempotency_key = p_key;
      END IF;
      IF FOUND THEN
        RETURN QUERY SELECT 'existing'::text, NULL::int, NULL::int, NULL::timestamptz, NULL::timestamptz, b.id, b.instrument_id, b.requester_kind,
          b.requester_sub, b.requester_unit_id, b.requester_partner, b.requester_pseudonym, b.requester_claimed_unit_id, b.requester_claimed_region,
          b.status, lower(b.period), upper(b.period), b.purpose, b.sample_description, b.channel, b.reason, b.request_hash, b.owner_platform,
          b.forward_deadline, b.remote_booking_id, b.forward_attempts, b.cancel_pending, b.fee_estimate, b.created_at, b.updated_at;
        RETURN;
      END IF;
      -- Every write that can confirm a window of this instrument queues here (BookingRepository's lockInstrument).
      PERFORM pg_advisory_xact_lock(hashtextextended(p_instrument_id, 23));
      IF p_instrument_version IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM instruments i WHERE i.id = p_instrument_id AND i.deleted_at IS NULL AND i.version = p_instrument_version
          AND i.content_hash = p_instrument_hash AND i.shareable = p_instrument_shareable) THEN
        RETURN QUERY SELECT 'stale'::text, NULL::int, NULL::int, NULL::timestamptz, NULL::timestamptz,
          NULL::uuid, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL::timestamptz, NULL::timestamptz, NULL, NULL, NULL, NULL, NULL, NULL,
          NULL::timestamptz, NULL, NULL::int, NULL::boolean, NULL::jsonb, NULL::timestamptz, NULL::timestamptz;
        RETURN;
      END IF;
      IF p_max_by_requester IS NOT NULL OR p_max_by_partner IS NOT NULL THEN
        ${sql.raw(quotaCount)}
        IF (p_max_by_requester IS NOT NULL AND mine >= p_max_by_requester) OR (p_max_by_partner IS NOT NULL AND theirs >= p_max_by_partner) THEN
          RETURN QUERY SELECT 'quota'::text, mine, theirs, NULL::timestamptz, NULL::timestamptz,
            NULL::uuid, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL::timestamptz, NULL::timestamptz, NULL, NULL, NULL, NULL, NULL, NULL,
            NULL::timestamptz, NULL, NULL::int, NULL::boolean, NULL::jsonb, NULL::timestamptz, NULL::timestamptz;
          RETURN;
        END IF;
      END IF;
      IF p_status = 'confirmed' AND p_owner_platform = 'local' THEN
        ${sql.raw(overlapProbe)}
        IF FOUND THEN RETURN; END IF;
      END IF;
      INSERT INTO bookings AS n (id, instrument_id, requester_kind, requester_sub, requester_unit_id, requester_partner, requester_pseudonym,
          requester_claimed_unit_id, requester_claimed_region, status, period, purpose, sample_description, idempotency_key, request_hash, channel, reason,
          owner_platform, forward_deadline, fee_estimate)
        VALUES (p_id, p_instrument_id, p_requester_kind, p_requester_sub, p_requester_unit_id, p_requester_partner, p_requester_pseudonym,
          p_claimed_unit_id, p_claimed_region, p_status, window_, p_purpose, p_sample_description, p_key, p_request_hash, p_channel, p_reason,
          p_owner_platform, p_forward_deadline, p_fee_estimate)
        RETURNING * INTO b;
      INSERT INTO booking_audit (booking_id, from_status, to_status, actor, reason) VALUES (p_id, NULL, p_status, p_actor, p_reason);
      RETURN QUERY SELECT 'created'::text, NULL::int, NULL::int, NULL::timestamptz, NULL::timestamptz, b.id, b.instrument_id, b.requester_kind,
        b.requester_sub, b.requester_unit_id, b.requester_partner, b.requester_pseudonym, b.requester_claimed_unit_id, b.requester_claimed_region,
        b.status, lower(b.period), upper(b.period), b.purpose, b.sample_description, b.channel, b.reason, b.request_hash, b.owner_platform,
        b.forward_deadline, b.remote_booking_id, b.forward_attempts, b.cancel_pending, b.fee_estimate, b.created_at, b.updated_at;
    END $$`;
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION IF EXISTS book_slot`.execute(db);
}
