import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PgliteWireServer } from './pglite-wire-server';

export interface EmbeddedPostgres {
  connectionString: string;
  /** The data directory as an uncompressed tar (PGlite's dump format). */
  dump(): Promise<Blob>;
  close(): Promise<void>;
}

/**
 * Starts PGlite and serves it on a loopback socket, so the embedded default
 * runs exactly the same node-postgres code as a real server. `dataDir`
 * undefined → in-memory (tests), from `template` (a dump) if given.
 */
export async function startEmbeddedPostgres(dataDir?: string, template?: Blob): Promise<EmbeddedPostgres> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir, loadDataDir: dataDir ? undefined : template, extensions: { btree_gist, pg_trgm } });
  // Per process and never written anywhere: only this process's pools (ours and BullMQ's) can connect.
  const server = new PgliteWireServer(db, randomBytes(24).toString('hex'));
  const port = await server.listen('127.0.0.1', 0);
  return {
    connectionString: `postgres://postgres:${server.password}@127.0.0.1:${port}/postgres?sslmode=disable`,
    dump: () => db.dumpDataDir('none'),
    async close() {
      await server.close();
      await db.close();
    },
  };
}
