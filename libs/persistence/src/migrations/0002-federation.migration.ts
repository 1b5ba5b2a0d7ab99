import { sql, type Kysely } from 'kysely';

/**
 * Federation state: one row per partner source with its committed cursor and
 * health, and a per-source list of records that failed validation (kept, with
 * the reason, so one bad record never stops a source and never goes unseen).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE federation_sources (
      id text PRIMARY KEY,
      region text NOT NULL,
      protocol text NOT NULL,
      paused boolean NOT NULL DEFAULT false,
      cursor text,
      status text NOT NULL DEFAULT 'pending',
      last_attempt_at timestamptz,
      last_success_at timestamptz,
      last_error text,
      consecutive_failures integer NOT NULL DEFAULT 0,
      circuit_open_until timestamptz,
      records_in bigint NOT NULL DEFAULT 0,
      tombstones_in bigint NOT NULL DEFAULT 0,
      records_out bigint NOT NULL DEFAULT 0,
      dropped_confidential bigint NOT NULL DEFAULT 0,
      rejected bigint NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE federation_errors (
      id bigserial PRIMARY KEY,
      source_id text NOT NULL REFERENCES federation_sources (id) ON DELETE CASCADE,
      instrument_id text NOT NULL,
      version bigint NOT NULL,
      reason text NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT federation_errors_once UNIQUE (source_id, instrument_id, version)
    )`.execute(db);
  await sql`CREATE INDEX instruments_source_idx ON instruments (source_platform)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS instruments_source_idx`.execute(db);
  await sql`DROP TABLE IF EXISTS federation_errors`.execute(db);
  await sql`DROP TABLE IF EXISTS federation_sources`.execute(db);
}
