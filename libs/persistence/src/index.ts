export * from './database.types';
export * from './database';
export * from './persistence.module';
export { migrateDownTo, migrateToLatest } from './migrate';
export { LOCAL_FEED_LOCK } from './migrations/0007-change-feed-commit-order.migration';
export { USAGE_FEED_LOCK } from './migrations/0018-usage.migration';
export { USAGE_ROLLUP_LOCK } from './migrations/0022-usage-monthly-rollups.migration';
export { sql, type Kysely, type Transaction, type Selectable, type Insertable, type Updateable } from 'kysely';
export { parseTextArray, parseTimestamptz } from './wire-text';
