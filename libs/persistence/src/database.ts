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
  /**
   * Embedded in memory only: start from this dump of a data directory (`Database.embeddedTemplate()`)
   * instead of an empty one. It skips initdb and every migration the dump already holds; the
   * migrations still run, so a dump older than the code is brought up to date.
   */
  embeddedTemplate?: Blob;
  /** Use (and create) this schema instead of `public`: isolates test suites on a shared server. */
  schema?: string;
  poolSize?: number;
  migrate?: boolean;
}

/** The advisory key of a session lock: the bare key in `public`, schema-qualified elsewhere. */
const SESSION_LOCK_KEY = "hashtext(CASE WHEN current_schema() = 'public' THEN $1 ELSE current_schema() || ':' || $1 END)";

/**
 * One connection to the source of truth. `connectionString` is what other
 * components on the same database (BullMQ's PostgreSQL backend) connect to.
 */
export class Database {
  /** Embedded mode: keys of the session locks held in this process (see `withSessionLock`). */
  private readonly heldLocks = new Set<string>();

  private constructor(
    readonly db: Kysely<DB>,
    readonly pool: Pool,
    readonly connectionString: string,
    readonly mode: 'server' | 'embedded',
    readonly schema: string,
    private readonly embedded?: EmbeddedPostgres,
  ) {}

  static async connect(options: DatabaseOptions): Promise<Database> {
    const embedded = options.databaseUrl
      ? undefined
      : await startEmbeddedPostgres(options.dataDir ? path.join(options.dataDir, 'pgdata') : undefined, options.embeddedTemplate);
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
    // The pool listens for errors only on idle clients. One checked out (a sync holding its source
    // lock, a transaction between statements) that loses its server would otherwise raise an
    // unhandled 'error' and end the process; its work fails instead, and release drops it.
    pool.on('connect', (client) => {
      client.on('error', () => undefined);
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

  /**
   * A migrated, empty embedded database as a dump, for `embeddedTemplate`: many short-lived
   * in-memory databases (the test suites) then start without initdb and the migrations.
   */
  static async embeddedTemplate(): Promise<Blob> {
    const database = await Database.connect({});
    try {
      return await database.embedded!.dump();
    } finally {
      await database.close();
    }
  }

  /**
   * Runs `work` unless another holder has `key` (then `undefined`), for as long
   * as `work` takes. On a server: a session-level advisory lock on one pooled
   * connection, which excludes other replicas. Embedded PGlite is one session
   * shared by every connection, where advisory locks are re-entrant and exclude
   * nothing; but its socket answers only this process (per-process password),
   * so a lock held in this process excludes every possible holder.
   */
  async withSessionLock<T>(key: string, work: () => Promise<T>): Promise<T | undefined> {
    if (this.mode === 'embedded') {
      if (this.heldLocks.has(key)) return undefined;
      this.heldLocks.add(key);
      try {
        return await work();
      } finally {
        this.heldLocks.delete(key);
      }
    }
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      // Advisory locks are server-wide: a tenant in its own schema (the test suites side by side)
      // keys them by schema, so its 'pull:shanghai' is not another schema's. `public` keeps the bare key.
      const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${SESSION_LOCK_KEY}) AS locked`, [key]);
      if (!rows[0].locked) return undefined;
      try {
        return await work();
      } finally {
        // A connection that cannot unlock is discarded: the server drops its locks with the session.
        await client.query(`SELECT pg_advisory_unlock(${SESSION_LOCK_KEY})`, [key]).catch((error: Error) => (broken = error));
      }
    } finally {
      client.release(broken);
    }
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
