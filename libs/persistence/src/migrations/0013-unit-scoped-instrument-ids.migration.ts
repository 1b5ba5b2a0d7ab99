import { sql, type Kysely } from 'kysely';

/**
 * Jiaxing's instrument ids become unit-scoped: `jiaxing:<unitId>.<localId>`
 * instead of `jiaxing:<localId>` (libs/common `instrumentId`), so no unit can
 * name, collide with or inherit another unit's instrument, hidden or withdrawn.
 *
 * Each live instrument registered under the old scheme is copied to its new
 * id, its bookings follow it, and the old row becomes a tombstone (deleted,
 * version + 1), so the change feed tells partners and the province that the
 * old id is gone and the new one exists. Instruments already withdrawn keep
 * their old id as a tombstone, with their bookings: no registration can ever
 * reach that id again. The province's listing date is not copied: the province
 * lists the new id afresh. Idempotent (it only touches rows still shaped the
 * old way), so it can run again on rows written by an older replica.
 */
const LEGACY = sql`source_platform = 'local' AND region = 'jiaxing' AND id = 'jiaxing:' || local_id AND deleted_at IS NULL AND unit_id ~ '^[A-Za-z0-9_-]{1,32}$'`;
const NEW_ID = sql`'jiaxing:' || unit_id || '.' || local_id`;

/** Copied as they are; the new id, sequence and transaction id come from the insert, the listing from the province. */
const SKIPPED = new Set(['id', 'change_seq', 'change_xid', 'province_listed_on']);

export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ column_name: string }>`
    SELECT column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = 'instruments' ORDER BY ordinal_position`.execute(db);
  const columns = rows.map((r) => r.column_name).filter((c) => !SKIPPED.has(c));
  const list = sql.join(columns.map((c) => sql.ref(c)));
  // The id's shape, checked by the database as before; old ids stay valid for their tombstones.
  await sql`ALTER TABLE instruments DROP CONSTRAINT instruments_id_shape`.execute(db);
  await sql`
    ALTER TABLE instruments ADD CONSTRAINT instruments_id_shape
    CHECK (id = region || ':' || local_id OR (region = 'jiaxing' AND source_platform = 'local' AND id = region || ':' || unit_id || '.' || local_id))`.execute(db);
  await sql`
    INSERT INTO instruments (id, ${list})
    SELECT ${NEW_ID}, ${list} FROM instruments WHERE ${LEGACY}
    ON CONFLICT (id) DO NOTHING`.execute(db);
  await sql`
    UPDATE bookings b SET instrument_id = 'jiaxing:' || i.unit_id || '.' || i.local_id
    FROM instruments i
    WHERE b.instrument_id = i.id AND i.source_platform = 'local' AND i.region = 'jiaxing' AND i.id = 'jiaxing:' || i.local_id
      AND i.deleted_at IS NULL AND i.unit_id ~ '^[A-Za-z0-9_-]{1,32}$'`.execute(db);
  await sql`UPDATE instruments SET deleted_at = now(), version = version + 1 WHERE ${LEGACY}`.execute(db);
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
