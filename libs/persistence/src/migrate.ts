import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as initial from './migrations/0001-initial.migration';
import * as federation from './migrations/0002-federation.migration';

/**
 * Migrations are listed in code, not discovered on disk, so the same set runs
 * from TypeScript sources, a compiled build or a bundle.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-federation': federation,
};

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
