import { sql, type Kysely } from 'kysely';

/**
 * What a booking needs beyond the initial table: the hash of the request that
 * created it (same Idempotency-Key with a different body is refused), who it
 * came through (our HTTP API or a partner platform) and the latest reason.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE bookings ADD COLUMN request_hash text`.execute(db);
  await sql`ALTER TABLE bookings ADD COLUMN channel text NOT NULL DEFAULT 'http'`.execute(db);
  await sql`ALTER TABLE bookings ADD COLUMN reason text`.execute(db);
  await sql`CREATE INDEX bookings_instrument_period_idx ON bookings USING gist (instrument_id, period)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS bookings_instrument_period_idx`.execute(db);
  for (const c of ['reason', 'channel', 'request_hash']) await sql`ALTER TABLE bookings DROP COLUMN IF EXISTS ${sql.ref(c)}`.execute(db);
}
