import { Migrator, NO_MIGRATIONS, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as initial from './migrations/0001-initial.migration';
import * as federation from './migrations/0002-federation.migration';
import * as provinceSync from './migrations/0003-province-sync.migration';
import * as changeFeedHorizon from './migrations/0004-change-feed-horizon.migration';
import * as deriveClassification from './migrations/0005-derive-classification-on-read.migration';
import * as bookingRequests from './migrations/0006-booking-requests.migration';
import * as commitOrder from './migrations/0007-change-feed-commit-order.migration';
import * as bookingForwarding from './migrations/0008-booking-forwarding.migration';
import * as searchFollow from './migrations/0009-search-follow-index.migration';
import * as requesterKinds from './migrations/0010-requester-kinds.migration';
import * as bookingLifecycle from './migrations/0011-booking-lifecycle.migration';
import * as unitScopedIds from './migrations/0013-unit-scoped-instrument-ids.migration';
import * as rateLimits from './migrations/0014-rate-limits.migration';
import * as customsRecheck from './migrations/0016-customs-recheck.migration';
import * as partnerFeedPosition from './migrations/0017-partner-feed-position.migration';
import * as usage from './migrations/0018-usage.migration';
import * as compliance from './migrations/0019-compliance.migration';
import * as usageFeeds from './migrations/0020-usage-feeds.migration';
import * as exemptions from './migrations/0021-exemptions.migration';
import * as usageMonthly from './migrations/0022-usage-monthly-rollups.migration';
import * as evaluations from './migrations/0023-evaluations.migration';
import * as purchaseReviews from './migrations/0024-purchase-reviews.migration';
import * as usageExcluded from './migrations/0025-usage-excluded-monthly.migration';
import * as bookInOneCall from './migrations/0026-book-in-one-call.migration';
import * as evaluationTrail from './migrations/0027-evaluation-trail.migration';
import * as usageCrossTrailing from './migrations/0028-usage-cross-trailing.migration';
import * as usageMonthlyStale from './migrations/0029-usage-monthly-stale.migration';
import * as evaluationImmutableEveryStatement from './migrations/0030-evaluation-immutable-every-statement.migration';
import * as powerEventsByMonth from './migrations/0031-power-events-by-month.migration';
import * as usageReportDaily from './migrations/0032-usage-report-daily.migration';
import * as bookSlotOverlapProbe from './migrations/0033-book-slot-overlap-probe.migration';
import * as bookSlotIndexPaths from './migrations/0034-book-slot-index-paths.migration';
import * as bookSlotQuotaByRequester from './migrations/0035-book-slot-quota-by-requester.migration';

/**
 * Migrations are listed in code, not discovered on disk, so the same set runs
 * from TypeScript sources, a compiled build or a bundle.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-federation': federation,
  '0003-province-sync': provinceSync,
  '0004-change-feed-horizon': changeFeedHorizon,
  '0005-derive-classification-on-read': deriveClassification,
  '0006-booking-requests': bookingRequests,
  '0007-change-feed-commit-order': commitOrder,
  '0008-booking-forwarding': bookingForwarding,
  '0009-search-follow-index': searchFollow,
  '0010-requester-kinds': requesterKinds,
  '0011-booking-lifecycle': bookingLifecycle,
  '0013-unit-scoped-instrument-ids': unitScopedIds,
  '0014-rate-limits': rateLimits,
  '0016-customs-recheck': customsRecheck,
  '0017-partner-feed-position': partnerFeedPosition,
  '0018-usage': usage,
  '0019-compliance': compliance,
  '0020-usage-feeds': usageFeeds,
  '0021-exemptions': exemptions,
  '0022-usage-monthly-rollups': usageMonthly,
  '0023-evaluations': evaluations,
  '0024-purchase-reviews': purchaseReviews,
  '0025-usage-excluded-monthly': usageExcluded,
  '0026-book-in-one-call': bookInOneCall,
  '0027-evaluation-trail': evaluationTrail,
  '0028-usage-cross-trailing': usageCrossTrailing,
  '0029-usage-monthly-stale': usageMonthlyStale,
  '0030-evaluation-immutable-every-statement': evaluationImmutableEveryStatement,
  '0031-power-events-by-month': powerEventsByMonth,
  '0032-usage-report-daily': usageReportDaily,
  '0033-book-slot-overlap-probe': bookSlotOverlapProbe,
  '0034-book-slot-index-paths': bookSlotIndexPaths,
  '0035-book-slot-quota-by-requester': bookSlotQuotaByRequester,
};

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

async function migrator(db: Kysely<any>): Promise<Migrator> {
  // Name the schema: Kysely otherwise finds its bookkeeping tables in *any*
  // schema (another deployment's on the same server) and then misses them here.
  const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
  return new Migrator({ db, provider: new StaticMigrationProvider(), migrationTableSchema: rows[0].schema });
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await (await migrator(db)).migrateToLatest();
    // Kysely looks for its bookkeeping table by listing the columns of every schema on the server
    // (has_schema_privilege per schema): another tenant dropping its schema meanwhile fails that
    // listing with 3F000 naming the schema that vanished. Nothing was migrated then; ask again.
    if (error && (error as { code?: string }).code === '3F000' && attempt < 5) continue;
    if (error) throw error instanceof Error ? error : new Error(String(error));
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }
}

/**
 * Undoes every migration from `name` on (operators rolling back a release;
 * tests of a data migration that need the rows as they were before it).
 */
export async function migrateDownTo(db: Kysely<any>, name: string): Promise<void> {
  const names = Object.keys(MIGRATIONS);
  const index = names.indexOf(name);
  if (index < 0) throw new Error(`unknown migration ${name}`);
  const { error } = await (await migrator(db)).migrateTo(index === 0 ? NO_MIGRATIONS : names[index - 1]);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
