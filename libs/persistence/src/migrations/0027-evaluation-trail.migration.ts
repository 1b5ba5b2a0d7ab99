import { sql, type Kysely } from 'kysely';

/**
 * The evaluation's own trail (owned by libs/evaluation, Arts. 21–23): every
 * step of every evaluation of a year — computed, reviewed, published, and
 * superseded by a recomputation — with who, when, the article it falls under
 * and, for a review, the office's note. A recomputation deletes the draft it
 * replaces, so the trail names the evaluation and its year without a foreign
 * key: the superseded review (note, reviewer) stays here. Append-only: the
 * database refuses UPDATE and DELETE, whoever asks.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE evaluation_trail (
      id bigserial PRIMARY KEY,
      year integer NOT NULL,
      evaluation_id uuid NOT NULL,
      step text NOT NULL,
      from_status text,
      to_status text,
      actor text NOT NULL,
      article integer NOT NULL,
      detail text,
      at timestamptz NOT NULL,
      CONSTRAINT evaluation_trail_step CHECK (step IN ('computed', 'reviewed', 'published', 'superseded'))
    )`.execute(db);
  await sql`CREATE INDEX evaluation_trail_year_idx ON evaluation_trail (year, id)`.execute(db);
  await sql`
    CREATE FUNCTION evaluation_trail_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'evaluation_trail is append-only' USING ERRCODE = 'integrity_constraint_violation';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER evaluation_trail_no_change BEFORE UPDATE OR DELETE ON evaluation_trail
    FOR EACH ROW EXECUTE FUNCTION evaluation_trail_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS evaluation_trail`.execute(db);
  await sql`DROP FUNCTION IF EXISTS evaluation_trail_append_only()`.execute(db);
}
