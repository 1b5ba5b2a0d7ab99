import { sql, type Kysely } from 'kysely';

/**
 * Rate-limit counters shared by every replica when there is no Redis: one row
 * per client and policy, its current window's hits and end. Unlogged: a
 * counter lost in a crash only gives a client a fresh window, and not writing
 * WAL keeps a hit on every request cheap. Rows of ended windows are swept.
 *
 * `instruments.booking_limits`: a unit's own booking limits for an instrument
 * (Art. 13: it sets its service process), overriding the gateway's defaults.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE UNLOGGED TABLE rate_limit_counters (
    key text PRIMARY KEY,
    hits integer NOT NULL,
    resets_at timestamptz NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX rate_limit_counters_resets_idx ON rate_limit_counters (resets_at)`.execute(db);
  await sql`ALTER TABLE instruments ADD COLUMN booking_limits jsonb`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE instruments DROP COLUMN IF EXISTS booking_limits`.execute(db);
  await sql`DROP TABLE IF EXISTS rate_limit_counters`.execute(db);
}
