import { sql, type Kysely } from 'kysely';

/**
 * Two kinds of requester, kept apart by construction. Until now a partner's
 * user was stored as `requester_sub = 'partner:<id>:<pseudonym>'`, in the same
 * namespace as our web users' `sub`, so a web user whose `sub` happened to be
 * that string owned the partner's booking; and the unit the partner named was
 * stored as `requester_unit_id`, where every rule (customs gate, owner
 * approval, fee tier) took it as the requester's unit.
 *
 * - `requester_kind`: `user` (our HTTP API: `requester_sub`, `requester_unit_id`)
 *   or `partner` (`requester_partner`, `requester_pseudonym`)
 * - `requester_claimed_unit_id`, `requester_claimed_region`: what the partner
 *   said about its requester's unit, kept for the record; no rule reads it
 * - idempotency keys: a user's are per user, a partner's per partner.
 *
 * Existing partner rows move to the new columns; their unit becomes a claim.
 * Should one partner have reused a key for two pseudonyms, the later bookings
 * keep their key with `~<booking id>` appended (outside the key alphabet, so no
 * request replays them) and the earliest keeps it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE bookings ADD COLUMN requester_kind text NOT NULL DEFAULT 'user'`.execute(db);
  for (const c of ['requester_partner', 'requester_pseudonym', 'requester_claimed_unit_id', 'requester_claimed_region']) {
    await sql`ALTER TABLE bookings ADD COLUMN ${sql.ref(c)} text`.execute(db);
  }
  await sql`ALTER TABLE bookings ALTER COLUMN requester_sub DROP NOT NULL`.execute(db);
  await sql`
    UPDATE bookings SET
      requester_kind = 'partner',
      requester_partner = substr(channel, length('partner:') + 1),
      requester_pseudonym = substr(requester_sub, length(channel) + 2),
      requester_claimed_unit_id = requester_unit_id,
      requester_sub = NULL,
      requester_unit_id = NULL
    WHERE channel LIKE 'partner:%' AND left(requester_sub, length(channel) + 1) = channel || ':'`.execute(db);
  await sql`
    UPDATE bookings b SET idempotency_key = b.idempotency_key || '~' || b.id::text
    WHERE b.requester_kind = 'partner' AND b.idempotency_key IS NOT NULL AND EXISTS (
      SELECT 1 FROM bookings o WHERE o.requester_kind = 'partner' AND o.requester_partner = b.requester_partner
        AND o.idempotency_key = b.idempotency_key AND (o.created_at, o.id) < (b.created_at, b.id))`.execute(db);
  await sql`
    ALTER TABLE bookings ADD CONSTRAINT bookings_requester_kind CHECK (
      (requester_kind = 'user' AND requester_sub IS NOT NULL AND requester_partner IS NULL AND requester_pseudonym IS NULL
        AND requester_claimed_unit_id IS NULL AND requester_claimed_region IS NULL)
      OR (requester_kind = 'partner' AND requester_sub IS NULL AND requester_unit_id IS NULL
        AND requester_partner IS NOT NULL AND requester_pseudonym IS NOT NULL))`.execute(db);
  await sql`DROP INDEX bookings_idempotency_idx`.execute(db);
  await sql`CREATE UNIQUE INDEX bookings_user_idempotency_idx ON bookings (requester_sub, idempotency_key) WHERE requester_kind = 'user' AND idempotency_key IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE UNIQUE INDEX bookings_partner_idempotency_idx ON bookings (requester_partner, idempotency_key) WHERE requester_kind = 'partner' AND idempotency_key IS NOT NULL`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS bookings_partner_idempotency_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS bookings_user_idempotency_idx`.execute(db);
  await sql`ALTER TABLE bookings DROP CONSTRAINT IF EXISTS bookings_requester_kind`.execute(db);
  await sql`
    UPDATE bookings SET requester_sub = 'partner:' || requester_partner || ':' || requester_pseudonym, requester_unit_id = requester_claimed_unit_id
    WHERE requester_kind = 'partner'`.execute(db);
  await sql`ALTER TABLE bookings ALTER COLUMN requester_sub SET NOT NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX bookings_idempotency_idx ON bookings (requester_sub, idempotency_key) WHERE idempotency_key IS NOT NULL`.execute(db);
  for (const c of ['requester_claimed_region', 'requester_claimed_unit_id', 'requester_pseudonym', 'requester_partner', 'requester_kind']) {
    await sql`ALTER TABLE bookings DROP COLUMN IF EXISTS ${sql.ref(c)}`.execute(db);
  }
}
