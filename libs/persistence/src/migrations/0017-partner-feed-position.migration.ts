import { sql, type Kysely } from 'kysely';
import { addEverShared } from './0002-federation.migration';

/**
 * Partners' view of our change feed (ListChanges, the province push) moves
 * only when what a partner may know changes: an instrument is upserted while
 * it is shared, and tombstoned once, by the change that hid or deleted it.
 * `ever_shared` made every later edit of a hidden instrument send another
 * tombstone with a new version (Art. 2, 11: a partner learned that the record
 * still existed and when it was edited).
 *
 * - `feed_seq`: the change_seq of the instrument's last partner-visible change
 *   (null: it was never shared, so partners never hear of it at all). Taken in
 *   the same row write as change_seq, under the local feed lock (0007), so its
 *   order is commit order too. Search followers keep following change_seq.
 * - `feed_version`: the version that change announced; a tombstone carries the
 *   version of the change that removed the instrument (last shared + 1, the
 *   same as a withdrawal), not the version of later hidden edits.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE instruments ADD COLUMN feed_seq bigint, ADD COLUMN feed_version bigint`.execute(db);
  // Existing rows keep the position the old feed gave them, so partners' and
  // the province push's cursors stay valid.
  await sql`UPDATE instruments SET feed_seq = change_seq, feed_version = version WHERE source_platform = 'local' AND ever_shared`.execute(db);
  // Fires after instruments_change_seq (triggers of one event run in name order).
  await sql`
    CREATE FUNCTION instruments_track_feed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.source_platform <> 'local' OR (TG_OP = 'UPDATE' AND NEW.change_seq IS NOT DISTINCT FROM OLD.change_seq) THEN
        RETURN NEW;
      END IF;
      IF (NEW.shareable AND NEW.deleted_at IS NULL)
         OR (TG_OP = 'UPDATE' AND OLD.shareable AND OLD.deleted_at IS NULL) THEN
        NEW.feed_seq := NEW.change_seq;
        NEW.feed_version := NEW.version;
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER instruments_track_feed BEFORE INSERT OR UPDATE ON instruments
    FOR EACH ROW EXECUTE FUNCTION instruments_track_feed()`.execute(db);
  await sql`CREATE INDEX instruments_partner_feed_idx ON instruments (feed_seq) WHERE source_platform = 'local' AND feed_seq IS NOT NULL`.execute(db);
  await sql`DROP TRIGGER instruments_ever_shared ON instruments`.execute(db);
  await sql`DROP FUNCTION instruments_track_ever_shared`.execute(db);
  await sql`ALTER TABLE instruments DROP COLUMN ever_shared`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await addEverShared(db, sql`shareable OR feed_seq IS NOT NULL`);
  await sql`DROP INDEX IF EXISTS instruments_partner_feed_idx`.execute(db);
  await sql`DROP TRIGGER IF EXISTS instruments_track_feed ON instruments`.execute(db);
  await sql`DROP FUNCTION IF EXISTS instruments_track_feed`.execute(db);
  await sql`ALTER TABLE instruments DROP COLUMN feed_seq, DROP COLUMN feed_version`.execute(db);
}
