import { sql, type Kysely } from 'kysely';

/**
 * A published evaluation is the record (Art. 21, migration 0023), and the
 * trail append-only (0027), against every statement: an UPDATE of a draft's
 * result that sets its evaluation_id to a published one passed the row
 * trigger (it looked at the old row only) and added a unit to the published
 * ranking; TRUNCATE fires no row trigger and emptied all three tables.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // The 0023 row trigger looks at the old row: this one at where an UPDATE moves it.
  await sql`
    CREATE FUNCTION evaluation_results_no_move_into_published() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM evaluations WHERE id = NEW.evaluation_id AND status = 'published') THEN
        RAISE EXCEPTION 'the results of published evaluation % cannot be changed', NEW.evaluation_id USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER evaluation_results_no_move BEFORE UPDATE OF evaluation_id ON evaluation_results
    FOR EACH ROW EXECUTE FUNCTION evaluation_results_no_move_into_published()`.execute(db);
  await sql`
    CREATE FUNCTION evaluations_truncate_published() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM evaluations WHERE status = 'published') THEN
        RAISE EXCEPTION 'a published evaluation cannot be changed: % is not truncated', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  for (const table of ['evaluations', 'evaluation_results']) {
    await sql`CREATE TRIGGER ${sql.raw(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION evaluations_truncate_published()`.execute(db);
  }
  // The 0027 function raises whatever the operation; its row trigger never saw TRUNCATE.
  await sql`CREATE TRIGGER evaluation_trail_no_truncate BEFORE TRUNCATE ON evaluation_trail
    FOR EACH STATEMENT EXECUTE FUNCTION evaluation_trail_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS evaluation_trail_no_truncate ON evaluation_trail`.execute(db);
  for (const table of ['evaluations', 'evaluation_results'])
    await sql`DROP TRIGGER IF EXISTS ${sql.raw(`${table}_no_truncate`)} ON ${sql.table(table)}`.execute(db);
  await sql`DROP FUNCTION IF EXISTS evaluations_truncate_published()`.execute(db);
  await sql`DROP TRIGGER IF EXISTS evaluation_results_no_move ON evaluation_results`.execute(db);
  await sql`DROP FUNCTION IF EXISTS evaluation_results_no_move_into_published()`.execute(db);
}
