import { sql, type Kysely } from 'kysely';

/**
 * The change feed follows change_seq, but sequence numbers are handed out
 * when a row is written and become visible when its transaction commits,
 * which may be in another order: a reader could pass seq 11 (committed) while
 * seq 10 is still in flight, and never see 10. Each change now records the
 * transaction that made it, and readers stop before the first change whose
 * transaction may still be running (pg_snapshot_xmin), so nothing is skipped.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE instruments ADD COLUMN change_xid xid8`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION instruments_bump_change_seq() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE'
         AND NEW.province_listed_on IS DISTINCT FROM OLD.province_listed_on
         AND to_jsonb(NEW) - 'province_listed_on' = to_jsonb(OLD) - 'province_listed_on' THEN
        RETURN NEW;
      END IF;
      NEW.change_seq := nextval('instrument_change_seq');
      NEW.change_xid := pg_current_xact_id();
      IF TG_OP = 'UPDATE' THEN
        NEW.updated_at := now();
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  // Inserts take their sequence number in the trigger too, next to their transaction id.
  await sql`DROP TRIGGER instruments_change_seq ON instruments`.execute(db);
  await sql`
    CREATE TRIGGER instruments_change_seq BEFORE INSERT OR UPDATE ON instruments
    FOR EACH ROW EXECUTE FUNCTION instruments_bump_change_seq()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER instruments_change_seq ON instruments`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION instruments_bump_change_seq() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE'
         AND NEW.province_listed_on IS DISTINCT FROM OLD.province_listed_on
         AND to_jsonb(NEW) - 'province_listed_on' = to_jsonb(OLD) - 'province_listed_on' THEN
        RETURN NEW;
      END IF;
      NEW.change_seq := nextval('instrument_change_seq');
      NEW.updated_at := now();
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER instruments_change_seq BEFORE UPDATE ON instruments
    FOR EACH ROW EXECUTE FUNCTION instruments_bump_change_seq()`.execute(db);
  await sql`ALTER TABLE instruments DROP COLUMN change_xid`.execute(db);
}
