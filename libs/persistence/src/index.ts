export * from './database.types';
export * from './database';
export * from './persistence.module';
export { migrateToLatest } from './migrate';
export { sql, type Kysely, type Transaction, type Selectable, type Insertable, type Updateable } from 'kysely';
