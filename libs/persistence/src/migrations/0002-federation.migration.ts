import { sql, type Kysely, type RawBuilder } from 'kysely';

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
  // Whether partners may ever have seen the instrument: only then does its
  // removal travel as a tombstone. An instrument that was always confidential
  // never appears in the feed, not even as a bare id (Art. 2, 11).
  await addEverShared(db, sql`shareable`);
  await sql`CREATE INDEX instruments_local_feed_idx ON instruments (change_seq) WHERE source_platform = 'local'`.execute(db);
}

/** `ever_shared` and its trigger; existing rows start from `initial` (0017's down restores them too). */
export async function addEverShared(db: Kysely<unknown>, initial: RawBuilder<unknown>): Promise<void> {
  await sql`ALTER TABLE instruments ADD COLUMN ever_shared boolean NOT NULL DEFAULT false`.execute(db);
  await sql`UPDATE instruments SET ever_shared = ${initial}`.execute(db);
  await sql`
    CREATE FUNCTION instruments_track_ever_shared() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.ever_shared := NEW.shareable OR (TG_OP = 'UPDATE' AND OLD.ever_shared);
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER instruments_ever_shared BEFORE INSERT OR UPDATE ON instruments
    FOR EACH ROW EXECUTE FUNCTION instruments_track_ever_shared()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS instruments_local_feed_idx`.execute(db);
  await sql`DROP TRIGGER IF EXISTS instruments_ever_shared ON instruments`.execute(db);
  await sql`DROP FUNCTION IF EXISTS instruments_track_ever_shared`.execute(db);
  await sql`ALTER TABLE instruments DROP COLUMN IF EXISTS ever_shared`.execute(db);
  await sql`DROP INDEX IF EXISTS instruments_source_idx`.execute(db);
  await sql`DROP TABLE IF EXISTS federation_errors`.execute(db);
  await sql`DROP TABLE IF EXISTS federation_sources`.execute(db);
}
