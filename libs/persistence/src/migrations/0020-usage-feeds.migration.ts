import { sql, type Kysely } from 'kysely';

/**
 * Usage feeds (owned by libs/usage-feeds): where each inbound usage feed (a
 * partner's UsageService, the province's GET /v1/usage-sessions) stands.
 * - `usage_feed_positions`: one row per source (`partner:<id>`, `province`),
 *   the cursor of the last record durably applied (written only after the
 *   sessions it covers were stored: a crash replays, and replays are
 *   idempotent by (source, source key, version)), its health (last attempt,
 *   last success, last error, failures in a row) and counters.
 * - `usage_feed_rejections`: records a feed sent that were not stored, with the
 *   reason (a key we never sent, another region's instrument, …), so the
 *   sync-health page can say what was refused and why.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE usage_feed_positions (
      source text PRIMARY KEY,
      region text NOT NULL,
      cursor text,
      last_attempt_at timestamptz,
      last_success_at timestamptz,
      last_error text,
      consecutive_failures integer NOT NULL DEFAULT 0,
      stored bigint NOT NULL DEFAULT 0,
      corrected bigint NOT NULL DEFAULT 0,
      rejected bigint NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE usage_feed_rejections (
      id bigserial PRIMARY KEY,
      source text NOT NULL,
      source_key text NOT NULL,
      instrument_id text,
      version bigint,
      reason text NOT NULL,
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX usage_feed_rejections_source_idx ON usage_feed_rejections (source, id DESC)`.execute(db);
  // A replayed page (after a crash, or a restart from the beginning) refuses the same record again: counted once.
  await sql`CREATE UNIQUE INDEX usage_feed_rejections_once ON usage_feed_rejections (source, source_key, coalesce(version, -1))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE usage_feed_rejections`.execute(db);
  await sql`DROP TABLE usage_feed_positions`.execute(db);
}
