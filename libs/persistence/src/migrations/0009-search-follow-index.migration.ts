import { sql, type Kysely } from 'kysely';

/**
 * Search replicas follow every change to `instruments` (ours and partners'),
 * and partners' sync writes do not serialise on the local feed lock, so
 * sequence order is not commit order for them. A follower therefore also asks
 * for rows whose transaction was still running at its previous snapshot
 * (`change_xid >= xmin AND NOT pg_visible_in_snapshot(...)`); this index keeps
 * that question to the few recent transactions.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX instruments_change_xid_idx ON instruments (change_xid)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS instruments_change_xid_idx`.execute(db);
}
