import { sql, type Kysely } from 'kysely';

/**
 * Bookings of partner instruments are stored here first and then forwarded to
 * the owning platform, which decides. PostgreSQL, not the queue, is the record
 * of what is unfinished: the sweeper finds forwarding bookings and pending
 * cancellations by these columns (Redis can lose jobs).
 *
 * - `owner_platform`: `local`, or the partner id that owns the instrument
 * - `forward_deadline`: after it, a booking the partner never acknowledged fails
 * - `remote_booking_id`: the partner's id once it acknowledged the booking
 * - `cancel_pending`: cancelled here, the partner not yet told
 * - `fee_estimate`: the estimate shown to the requester, fixed at booking (Art. 13, 19)
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE bookings ADD COLUMN owner_platform text NOT NULL DEFAULT 'local'`.execute(db);
  await sql`ALTER TABLE bookings ADD COLUMN forward_deadline timestamptz`.execute(db);
  await sql`ALTER TABLE bookings ADD COLUMN remote_booking_id text`.execute(db);
  await sql`ALTER TABLE bookings ADD COLUMN forward_attempts integer NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE bookings ADD COLUMN cancel_pending boolean NOT NULL DEFAULT false`.execute(db);
  await sql`ALTER TABLE bookings ADD COLUMN fee_estimate jsonb`.execute(db);
  // The owning platform decides over its calendar: our constraint guards Jiaxing's own instruments;
  // for a partner's, its confirmation is the truth even when our copy of its calendar is behind.
  await sql`ALTER TABLE bookings DROP CONSTRAINT bookings_no_overlapping_confirmed`.execute(db);
  await sql`
    ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlapping_confirmed
    EXCLUDE USING gist (instrument_id WITH =, period WITH &&) WHERE (status = 'confirmed' AND owner_platform = 'local')`.execute(db);
  await sql`CREATE INDEX bookings_unfinished_forward_idx ON bookings (updated_at) WHERE status = 'forwarding' OR cancel_pending`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS bookings_unfinished_forward_idx`.execute(db);
  await sql`ALTER TABLE bookings DROP CONSTRAINT bookings_no_overlapping_confirmed`.execute(db);
  await sql`
    ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlapping_confirmed
    EXCLUDE USING gist (instrument_id WITH =, period WITH &&) WHERE (status = 'confirmed')`.execute(db);
  for (const c of ['fee_estimate', 'cancel_pending', 'forward_attempts', 'remote_booking_id', 'forward_deadline', 'owner_platform']) {
    await sql`ALTER TABLE bookings DROP COLUMN IF EXISTS ${sql.ref(c)}`.execute(db);
  }
}
