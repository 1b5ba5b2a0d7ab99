import { sql, type Kysely } from 'kysely';

/**
 * `book_slot` (owned by libs/booking; issue #17) reads through its indexes whatever the table's
 * statistics say. Every statement in it reads one key or one instrument's bookings, each through
 * an index of its own; a sequential scan was chosen only from statistics taken on a few bookings
 * of the same instrument (an analyze of a new deployment's first bookings, before a bulk of them:
 * autovacuum's next one waits until the table grew by a tenth), and then the quota count and the
 * overlap check read every booking of every instrument under the instrument's lock: 554-577 pages
 * a booking on 20,000 other bookings instead of ~40. A setting of the function's own, so nothing
 * else the session plans is touched.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER FUNCTION book_slot SET enable_seqscan = off`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER FUNCTION book_slot RESET enable_seqscan`.execute(db);
}
