import { sql, type Kysely } from 'kysely';

/**
 * Sync with the Zhejiang provincial platform (Art. 13):
 * - `federation_sources.push_cursor`: position in our own change sequence up
 *   to which the province has acknowledged our pushes (0 = nothing pushed);
 * - `instruments.province_listed_on`: the date the province says the
 *   instrument first appeared there (its `listedOn`), the evidence for the
 *   30-working-day onboarding deadline. It is the province's bookkeeping about
 *   the instrument, not a change of it: writing it alone does not move the
 *   instrument in the change feed (no new change_seq, no new updated_at), or
 *   every acknowledged push would come back as a change to push again and
 *   partners would see a change that is none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE federation_sources ADD COLUMN push_cursor bigint NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE instruments ADD COLUMN province_listed_on date`.execute(db);
  // Compared as jsonb so the check keeps working whatever columns are added later.
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
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION instruments_bump_change_seq() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.change_seq := nextval('instrument_change_seq');
      NEW.updated_at := now();
      RETURN NEW;
    END $$`.execute(db);
  await sql`ALTER TABLE instruments DROP COLUMN IF EXISTS province_listed_on`.execute(db);
  await sql`ALTER TABLE federation_sources DROP COLUMN IF EXISTS push_cursor`.execute(db);
}
