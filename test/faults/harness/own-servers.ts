import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Database } from '@app/persistence';
import { freePort } from '../../support/processes';

/**
 * PostgreSQL and Redis servers of the fault suite's own: it restarts and stops
 * them, which it must never do to the machine's shared servers (5432, 6379)
 * that the other suites run on at the same time.
 */

const has = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

/** Why this machine cannot run the fault suite, or undefined when it can. */
export function ownServersUnavailable(): string | undefined {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'not root: pg_createcluster and pg_ctlcluster need root';
  for (const command of ['pg_createcluster', 'pg_ctlcluster', 'pg_dropcluster', 'redis-server']) if (!has(command)) return `${command} is not installed`;
  if (!fs.existsSync('/usr/lib/postgresql') || fs.readdirSync('/usr/lib/postgresql').length === 0)
    return 'no PostgreSQL server version under /usr/lib/postgresql';
  return undefined;
}

export interface OwnPostgres {
  port: number;
  url: string;
  /** `pg_ctlcluster … restart`: every connection is cut, the server comes back with its data. */
  restart(): void;
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
  drop(): void;
}

const run = (command: string, args: string[]) => execFileSync(command, args, { stdio: 'pipe', timeout: 120_000 });

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const version = fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))[0];
  const name = `faults_${process.pid}_${Date.now().toString(36)}`;
  const port = await freePort();
  // fsync only guards against the machine itself crashing, which no scenario does; a server stopped
  // with `immediate` still recovers every committed transaction from its WAL.
  run('pg_createcluster', [version, name, '-p', String(port), '-o', 'fsync=off', '-o', 'max_connections=200', '--', '--auth=trust']);
  const ctl = (action: string, ...extra: string[]) => run('pg_ctlcluster', ['--skip-systemctl-redirect', ...extra, version, name, action]);
  const server: OwnPostgres = {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/yrd`,
    restart: () => ctl('restart'),
    stop: (mode = 'fast') => ctl('stop', '-m', mode),
    start: () => ctl('start'),
    drop: () => {
      try {
        run('pg_dropcluster', ['--stop', version, name]);
      } catch {
        // already gone
      }
    },
  };
  try {
    server.start();
    const admin = await Database.connect({ databaseUrl: `postgres://postgres@127.0.0.1:${port}/postgres`, migrate: false, poolSize: 1 });
    await admin.pool.query('CREATE DATABASE yrd');
    await admin.close();
  } catch (error) {
    server.drop();
    throw error;
  }
  return server;
}

export interface OwnRedis {
  port: number;
  url: string;
  /** Stops it; with no persistence configured it comes back empty: every queued and running job is gone. */
  stop(): void;
  start(): void;
  close(): void;
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faults-redis-'));
  const pidfile = path.join(dir, 'redis.pid');
  const pid = (): number | undefined => (fs.existsSync(pidfile) ? Number(fs.readFileSync(pidfile, 'utf8').trim()) : undefined);
  const alive = (p: number) => {
    try {
      process.kill(p, 0);
      return true;
    } catch {
      return false;
    }
  };
  const redis: OwnRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    start() {
      run('redis-server', [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'yes',
        '--pidfile',
        pidfile,
        '--dir',
        dir,
        '--logfile',
        path.join(dir, 'redis.log'),
      ]);
      const deadline = Date.now() + 10_000;
      while (
        spawnSync('redis-cli', ['-p', String(port), 'ping'])
          .stdout?.toString()
          .trim() !== 'PONG'
      ) {
        if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not answer`);
        spawnSync('sleep', ['0.05']);
      }
    },
    stop() {
      const p = pid();
      if (p === undefined || !alive(p)) return;
      process.kill(p, 'SIGKILL');
      const deadline = Date.now() + 10_000;
      while (alive(p) && Date.now() < deadline) spawnSync('sleep', ['0.05']);
      fs.rmSync(pidfile, { force: true });
    },
    close() {
      redis.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  redis.start();
  return redis;
}
