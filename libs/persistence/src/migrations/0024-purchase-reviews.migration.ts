import { sql, type Kysely } from 'kysely';

/**
 * Purchase reviews (owned by libs/purchase-review, Arts. 9–10):
 * - `purchase_reviews`: a unit's proposed purchase, its Art. 9 outcome, the
 *   evidence snapshot computed at submission (JSON, with its as-of time: the
 *   department decides on what was true then, not on figures that moved
 *   since) and the department's decision with its written explanation. A
 *   decision is taken once (the status leaves `submitted` only once).
 * - `purchase_review_events`: the append-only trail (submitted / recorded,
 *   approved, rejected: who, when, what was written); the database refuses
 *   edits and deletions.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE purchase_reviews (
      id uuid PRIMARY KEY,
      unit_id text NOT NULL,
      department_code text NOT NULL,
      category_code text NOT NULL,
      value_cny numeric(16, 2) NOT NULL,
      name text,
      model text,
      intended_use text NOT NULL,
      justification text NOT NULL,
      status text NOT NULL,
      reasons jsonb NOT NULL,
      evidence jsonb,
      evidence_as_of timestamptz,
      submitted_by text NOT NULL,
      submitted_at timestamptz NOT NULL,
      decided_by text,
      decided_at timestamptz,
      explanation text,
      CONSTRAINT purchase_reviews_status CHECK (status IN ('not_required', 'submitted', 'approved', 'rejected')),
      CONSTRAINT purchase_reviews_decided CHECK ((status IN ('approved', 'rejected')) = (decided_at IS NOT NULL AND decided_by IS NOT NULL AND explanation IS NOT NULL)),
      CONSTRAINT purchase_reviews_evidence CHECK ((evidence IS NULL) = (evidence_as_of IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX purchase_reviews_department_idx ON purchase_reviews (department_code, status, submitted_at DESC)`.execute(db);
  await sql`CREATE INDEX purchase_reviews_unit_idx ON purchase_reviews (unit_id, submitted_at DESC)`.execute(db);

  await sql`
    CREATE TABLE purchase_review_events (
      id bigserial PRIMARY KEY,
      review_id uuid NOT NULL REFERENCES purchase_reviews (id),
      action text NOT NULL,
      actor text NOT NULL,
      explanation text,
      at timestamptz NOT NULL,
      CONSTRAINT purchase_review_events_action CHECK (action IN ('recorded', 'submitted', 'approved', 'rejected'))
    )`.execute(db);
  await sql`CREATE INDEX purchase_review_events_review_idx ON purchase_review_events (review_id, id)`.execute(db);
  await sql`
    CREATE FUNCTION purchase_review_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'purchase_review_events is append-only';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER purchase_review_events_no_change BEFORE UPDATE OR DELETE ON purchase_review_events
    FOR EACH ROW EXECUTE FUNCTION purchase_review_events_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS purchase_review_events`.execute(db);
  await sql`DROP FUNCTION IF EXISTS purchase_review_events_append_only()`.execute(db);
  await sql`DROP TABLE IF EXISTS purchase_reviews`.execute(db);
}
