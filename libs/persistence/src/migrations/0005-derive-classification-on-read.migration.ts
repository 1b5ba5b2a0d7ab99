import { sql, type Kysely } from 'kysely';

/**
 * The full policy classification (every decision with its reasons in two
 * languages, ~2 KB) was stored with each instrument. It is derived data that
 * changes with the date anyway; storing it made a partner's initial sync three
 * times slower (4,700 vs 15,600 rows/s measured). Only the flags that queries
 * filter on stay stored (shareable, customs_gated, supervision_ends); the
 * classification is computed when an instrument is shown.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE instruments DROP COLUMN classification`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE instruments ADD COLUMN classification jsonb NOT NULL DEFAULT '{}'`.execute(db);
}
