import { sql, type Kysely } from 'kysely';

/**
 * Jiaxing's instrument ids become unit-scoped: `jiaxing:<unitId>.<localId>`
 * instead of `jiaxing:<localId>` (libs/common `instrumentId`), so no unit can
 * name, collide with or inherit another unit's instrument, hidden or withdrawn.
 *
 * An old id can have the shape of a new one (unit jx-u001's inventory number
 * `jx-u002.SEM-01` was `jiaxing:jx-u002.SEM-01`, unit jx-u002's SEM-01 is now
 * the same string), so after this migration an old id holds nothing but the
 * news that it is gone: every live instrument registered under the old scheme
 * is copied to its new id, and so is every withdrawn one that still has
 * bookings (copied as withdrawn); the bookings follow, and the old row is a
 * tombstone (deleted, version + 1 if it was live) so the change feed tells
 * partners and the province that the old id is gone and the new one exists.
 * A registration that meets such a tombstone of another unit or inventory
 * number replaces it by a fresh record of its own (InstrumentRepository); the
 * database refuses that if a booking still pointed there.
 *
 * The migration refuses to run (listing the ids, changing nothing) where that
 * cannot hold: an instrument to move whose new id is already taken, or one of a
 * unit whose id cannot scope ids whose old id has a new id's shape. The
 * province's listing date is not copied: the province lists the new id afresh.
 * Idempotent (it only touches rows still shaped the old way that hold
 * something), so it can run again on rows written by an older replica.
 */
const OLD_SHAPE = sql`source_platform = 'local' AND region = 'jiaxing' AND id = 'jiaxing:' || local_id`;
const SCOPABLE = sql`unit_id ~ '^[A-Za-z0-9_-]{1,32}$'`;
const HOLDS_SOMETHING = sql`(deleted_at IS NULL OR EXISTS (SELECT 1 FROM bookings b WHERE b.instrument_id = instruments.id))`;
/** Old rows that move to their new id. */
const LEGACY = sql`${OLD_SHAPE} AND ${SCOPABLE} AND ${HOLDS_SOMETHING}`;
const NEW_ID = sql`'jiaxing:' || unit_id || '.' || local_id`;

/** Copied as they are; the new id, sequence and transaction id come from the insert, the listing from the province. */
const SKIPPED = new Set(['id', 'change_seq', 'change_xid', 'province_listed_on']);

export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows: blocked } = await sql<{ id: string; why: string }>`
    SELECT id, 'its new id ' || ${NEW_ID} || ' is taken' AS why FROM instruments
    WHERE ${LEGACY} AND EXISTS (SELECT 1 FROM instruments n WHERE n.id = 'jiaxing:' || instruments.unit_id || '.' || instruments.local_id)
    UNION ALL
    SELECT id, 'unit ' || unit_id || ' cannot scope ids, and the old id has the shape of a new one' FROM instruments
    WHERE ${OLD_SHAPE} AND NOT ${SCOPABLE} AND ${HOLDS_SOMETHING} AND local_id ~ '^[A-Za-z0-9_-]{1,32}[.]'
    ORDER BY id`.execute(db);
  if (blocked.length > 0) {
    throw new Error(
      `migration 0013 (unit-scoped instrument ids) cannot move these instruments without one taking another's id; ` +
        `rename or merge them by hand, then run it again: ${blocked.map((b) => `${b.id} (${b.why})`).join('; ')}`,
    );
  }
  const { rows } = await sql<{ column_name: string }>`
    SELECT column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = 'instruments' ORDER BY ordinal_position`.execute(db);
  const columns = rows.map((r) => r.column_name).filter((c) => !SKIPPED.has(c));
  const list = sql.join(columns.map((c) => sql.ref(c)));
  // The id's shape, checked by the database as before; old ids stay valid for their tombstones.
  await sql`ALTER TABLE instruments DROP CONSTRAINT instruments_id_shape`.execute(db);
  await sql`
    ALTER TABLE instruments ADD CONSTRAINT instruments_id_shape
    CHECK (id = region || ':' || local_id OR (region = 'jiaxing' AND source_platform = 'local' AND id = region || ':' || unit_id || '.' || local_id))`.execute(
    db,
  );
  // No ON CONFLICT: a taken new id was refused above, and anything that took one since fails the migration.
  await sql`INSERT INTO instruments (id, ${list}) SELECT ${NEW_ID}, ${list} FROM instruments WHERE ${LEGACY}`.execute(db);
  await sql`
    UPDATE bookings b SET instrument_id = 'jiaxing:' || i.unit_id || '.' || i.local_id
    FROM instruments i
    WHERE b.instrument_id = i.id AND i.source_platform = 'local' AND i.region = 'jiaxing' AND i.id = 'jiaxing:' || i.local_id
      AND i.unit_id ~ '^[A-Za-z0-9_-]{1,32}$'`.execute(db);
  await sql`UPDATE instruments SET deleted_at = now(), version = version + 1 WHERE ${OLD_SHAPE} AND ${SCOPABLE} AND deleted_at IS NULL`.execute(db);
}

/** Back to `jiaxing:<localId>` for rows that have no old id beside them. */
export async function down(db: Kysely<unknown>): Promise<void> {
  const scoped = sql`source_platform = 'local' AND region = 'jiaxing' AND id = 'jiaxing:' || unit_id || '.' || local_id`;
  await sql`
    UPDATE bookings b SET instrument_id = 'jiaxing:' || i.local_id
    FROM instruments i
    WHERE b.instrument_id = i.id AND i.source_platform = 'local' AND i.region = 'jiaxing' AND i.id = 'jiaxing:' || i.unit_id || '.' || i.local_id
      AND i.deleted_at IS NULL
      AND EXISTS (SELECT 1 FROM instruments o WHERE o.id = 'jiaxing:' || i.local_id)`.execute(db);
  await sql`
    UPDATE instruments o SET deleted_at = NULL, version = o.version + 1
    FROM instruments i
    WHERE o.id = 'jiaxing:' || i.local_id AND i.source_platform = 'local' AND i.region = 'jiaxing' AND i.id = 'jiaxing:' || i.unit_id || '.' || i.local_id
      AND i.deleted_at IS NULL AND o.deleted_at IS NOT NULL`.execute(db);
  await sql`
    DELETE FROM instruments i WHERE ${scoped}
      AND EXISTS (SELECT 1 FROM instruments o WHERE o.id = 'jiaxing:' || i.local_id AND o.deleted_at IS NULL)
      AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.instrument_id = i.id)`.execute(db);
  await sql`ALTER TABLE instruments DROP CONSTRAINT instruments_id_shape`.execute(db);
  // NOT VALID: instruments registered since under a unit-scoped id and never reverted keep their rows.
  await sql`ALTER TABLE instruments ADD CONSTRAINT instruments_id_shape CHECK (id = region || ':' || local_id) NOT VALID`.execute(db);
}
