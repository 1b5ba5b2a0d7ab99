import { sql, type Kysely } from 'kysely';

/**
 * - `customs_decisions`: Jiaxing Customs' decision on a booking (Art. 12), one per booking and never
 *   edited, kept apart from the booking's status because the decision stands even when the booking
 *   then goes elsewhere (an approved window taken meanwhile) — the officer's "decided" list reads it.
 * - `bookings_open_local_start_idx`: the withdrawal sweep looks for upcoming open bookings of
 *   withdrawn Jiaxing instruments every few seconds.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE customs_decisions (
      booking_id uuid PRIMARY KEY REFERENCES bookings (id),
      decision text NOT NULL CHECK (decision IN ('approved', 'rejected')),
      officer text NOT NULL,
      reference text NOT NULL,
      reason text,
      decided_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX customs_decisions_decided_idx ON customs_decisions (decided_at DESC)`.execute(db);
  await sql`
    CREATE FUNCTION customs_decisions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'customs_decisions is append-only';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER customs_decisions_no_change BEFORE UPDATE OR DELETE ON customs_decisions
    FOR EACH ROW EXECUTE FUNCTION customs_decisions_append_only()`.execute(db);
  await sql`
    CREATE INDEX bookings_open_local_start_idx ON bookings (lower(period))
    WHERE owner_platform = 'local' AND status IN ('requested', 'awaiting_customs', 'pending_owner', 'confirmed')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS bookings_open_local_start_idx`.execute(db);
  await sql`DROP TABLE IF EXISTS customs_decisions`.execute(db);
  await sql`DROP FUNCTION IF EXISTS customs_decisions_append_only`.execute(db);
}
