import { sql, type Kysely } from 'kysely';

/** Advisory lock key of the local change feed (any constant; documented for operators). */
export const LOCAL_FEED_LOCK = 7_340_001;

/**
 * The xid horizon of 0004 is not enough: a transaction that already holds an
 * older id can take a later sequence number than a younger open transaction
 * and commit first, and a reader then passes the younger one's change for good
 * (reproduced with an import beside a unit's edit). Changes to Jiaxing's own
 * instruments now take a transaction-level advisory lock before their
 * sequence number, so sequence order is commit order for the outbound feed.
 * Writers in the repositories take the same lock first, before any row lock.
 * Readers then need no horizon (which any long transaction anywhere in the
 * database would stall).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION instruments_bump_change_seq() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE'
         AND NEW.province_listed_on IS DISTINCT FROM OLD.province_listed_on
         AND to_jsonb(NEW) - 'province_listed_on' = to_jsonb(OLD) - 'province_listed_on' THEN
        RETURN NEW;
      END IF;
      IF NEW.source_platform = 'local' THEN
        PERFORM pg_advisory_xact_lock(${sql.lit(LOCAL_FEED_LOCK)});
      END IF;
      NEW.change_seq := nextval('instrument_change_seq');
      NEW.change_xid := pg_current_xact_id();
      IF TG_OP = 'UPDATE' THEN
        NEW.updated_at := now();
      END IF;
      RETURN NEW;
    END $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
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
}
