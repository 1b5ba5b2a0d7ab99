import * as path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool, types } from 'pg';
import type { DB } from './database.types';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { migrateToLatest } from './migrate';

// `date` columns are calendar dates in the measures (acceptance, release…);
// keep them as 'YYYY-MM-DD' instead of a Date at local midnight.
types.setTypeParser(types.builtins.DATE, (value: string) => value);

export interface DatabaseOptions {
  /** Connect to this server; unset → embedded PGlite. */
  databaseUrl?: string;
  /** Embedded only: persist under this folder; unset → in memory. */
  dataDir?: string;
  /** Use (and create) this schema instead of `public`: isolates test suites on a shared server. */
  schema?: string;
  poolSize?: number;
  migrate?: boolean;
}

/**
 * One connection to the source of truth. `connectionString` is what other
 * components on the same database (BullMQ's PostgreSQL backend) connect to.
 */
export class Database {
  private constructor(
    readonly db: Kysely<DB>,
    readonly pool: Pool,
    readonly connectionString: string,
    readonly mode: 'server' | 'embedded',
    readonly schema: string,
    private readonly embedded?: EmbeddedPostgres,
  ) {}

  static async connect(options: DatabaseOptions): Promise<Database> {
    const embedded = options.databaseUrl ? undefined : await startEmbeddedPostgres(options.dataDir ? path.join(options.dataDir, 'pgdata') : undefined);
    const connectionString = options.databaseUrl ?? embedded!.connectionString;
    const schema = options.schema ?? 'public';
    if (schema !== 'public') {
      const admin = new Pool({ connectionString, max: 1 });
      try {
        await admin.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      } finally {
        await admin.end();
      }
    }
    const pool = new Pool({
      connectionString,
      // PGlite runs one query at a time; a large pool there only adds queueing.
      max: options.poolSize ?? (embedded ? 8 : 20),
      // Extensions live in `public`, so keep it on the path after the suite's schema.
      options: schema === 'public' ? undefined : `-c search_path=${schema},public`,
    });
    pool.on('error', () => {
      // An idle client lost its server; the pool replaces it on next use.
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    const database = new Database(db, pool, connectionString, embedded ? 'embedded' : 'server', schema, embedded);
    if (options.migrate !== false) {
      try {
        await migrateToLatest(db);
      } catch (error) {
        await database.close();
        throw error;
      }
    }
    return database;
  }

  async ping(): Promise<boolean> {
    try {
      await sql`SELECT 1`.execute(this.db);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.db.destroy().catch(() => undefined);
    await this.embedded?.close();
  }
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe schema name: ${name}`);
  return `"${name}"`;
}
