import { sql, type Kysely } from 'kysely';

/**
 * Months whose monthly and trailing rollups must be summed again from the
 * daily rows (owned by libs/usage). A rebuild rewrites a month of daily rows
 * without applying each day's difference to the monthly and trailing rollups
 * (it sums them again at the end anyway); the transaction that rewrites the
 * daily rows records its month here, so a rebuild killed before its final sum
 * leaves a record that the rollup job acts on, never monthly rows that
 * silently disagree with the daily ones.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE usage_monthly_stale (month date PRIMARY KEY)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS usage_monthly_stale`.execute(db);
}
