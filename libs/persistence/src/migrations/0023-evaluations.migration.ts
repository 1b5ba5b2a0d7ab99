import { sql, type Kysely } from 'kysely';

/**
 * The annual evaluation of units (owned by libs/evaluation, Arts. 21–23):
 * - `evaluations`: one run for a year, draft → reviewed → published; at most
 *   one published per year, and at most one unpublished (a recomputation
 *   replaces the draft).
 * - `evaluation_results`: one row per participating unit, with its grade and
 *   the breakdown that explains it.
 * Published results are the record: triggers refuse UPDATE and DELETE of a
 * published evaluation and of its results, whoever asks.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE evaluations (
      id uuid PRIMARY KEY,
      year integer NOT NULL,
      status text NOT NULL,
      period_from date NOT NULL,
      period_to date NOT NULL,
      config jsonb NOT NULL,
      participating integer NOT NULL,
      created_at timestamptz NOT NULL,
      created_by text NOT NULL,
      reviewed_at timestamptz,
      reviewed_by text,
      review_note text,
      published_at timestamptz,
      published_by text,
      CONSTRAINT evaluations_status CHECK (status IN ('draft', 'reviewed', 'published')),
      CONSTRAINT evaluations_reviewed CHECK ((status = 'draft') = (reviewed_at IS NULL)),
      CONSTRAINT evaluations_published CHECK ((status = 'published') = (published_at IS NOT NULL))
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX evaluations_published_year_idx ON evaluations (year) WHERE status = 'published'`.execute(db);
  await sql`CREATE UNIQUE INDEX evaluations_open_year_idx ON evaluations (year) WHERE status <> 'published'`.execute(db);

  await sql`
    CREATE TABLE evaluation_results (
      evaluation_id uuid NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
      unit_id text NOT NULL,
      department_code text NOT NULL,
      total numeric(6, 2) NOT NULL,
      rank integer NOT NULL,
      grade text NOT NULL,
      breakdown jsonb NOT NULL,
      PRIMARY KEY (evaluation_id, unit_id),
      CONSTRAINT evaluation_results_grade CHECK (grade IN ('优', '良', '中', '差'))
    )`.execute(db);

  await sql`
    CREATE FUNCTION evaluations_published_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.status = 'published' THEN
        RAISE EXCEPTION 'evaluation % is published and cannot be changed', OLD.id USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END $$`.execute(db);
  await sql`CREATE TRIGGER evaluations_immutable BEFORE UPDATE OR DELETE ON evaluations FOR EACH ROW EXECUTE FUNCTION evaluations_published_immutable()`.execute(
    db,
  );

  await sql`
    CREATE FUNCTION evaluation_results_published_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM evaluations WHERE id = OLD.evaluation_id AND status = 'published') THEN
        RAISE EXCEPTION 'the results of published evaluation % cannot be changed', OLD.evaluation_id USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END $$`.execute(db);
  await sql`CREATE TRIGGER evaluation_results_immutable BEFORE UPDATE OR DELETE ON evaluation_results FOR EACH ROW EXECUTE FUNCTION evaluation_results_published_immutable()`.execute(
    db,
  );
  // Results are added to a draft only: a published evaluation gets no new rows either.
  await sql`
    CREATE FUNCTION evaluation_results_insert_draft() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM evaluations WHERE id = NEW.evaluation_id AND status <> 'draft') THEN
        RAISE EXCEPTION 'results are added to a draft evaluation only' USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER evaluation_results_draft_only BEFORE INSERT ON evaluation_results FOR EACH ROW EXECUTE FUNCTION evaluation_results_insert_draft()`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS evaluation_results`.execute(db);
  await sql`DROP TABLE IF EXISTS evaluations`.execute(db);
  await sql`DROP FUNCTION IF EXISTS evaluation_results_insert_draft()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS evaluation_results_published_immutable()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS evaluations_published_immutable()`.execute(db);
}
