/**
 * `npm run console:build`: the web console (apps/console) built into apps/console/dist, which the
 * gateway serves at `/`. `ensureConsoleBuild` (the demo, the browser suite) builds only when the
 * build is missing or stale: the hash of the console's sources and of the lock file is stamped
 * into dist and compared.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
export const CONSOLE_DIR = path.join(ROOT, 'apps', 'console');
export const CONSOLE_DIST = path.join(CONSOLE_DIR, 'dist');
const STAMP = path.join(CONSOLE_DIST, '.source-hash');

function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? (['dist', 'node_modules', '.build-lock'].includes(e.name) ? [] : files(path.join(dir, e.name))) : [path.join(dir, e.name)],
    )
    .sort();
}

/** What the build is made of: every source file of the console and the exact dependency versions. */
export function consoleSourceHash(): string {
  const hash = createHash('sha256');
  for (const file of [...files(CONSOLE_DIR), path.join(ROOT, 'package-lock.json')]) {
    hash.update(path.relative(ROOT, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export function consoleBuildIsCurrent(): boolean {
  return fs.existsSync(path.join(CONSOLE_DIST, 'index.html')) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8').trim() === consoleSourceHash();
}

export function buildConsole(): void {
  const hash = consoleSourceHash();
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const run = spawnSync(process.execPath, [vite, 'build', '--config', path.join(CONSOLE_DIR, 'vite.config.mts'), '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (run.status !== 0) throw new Error(`the console build failed (vite exited ${run.status ?? run.signal})`);
  fs.writeFileSync(STAMP, `${hash}\n`);
}

const LOCK = path.join(CONSOLE_DIR, '.build-lock');
// A build that held the lock longer than this died without releasing it.
const STALE_LOCK_MS = 10 * 60 * 1000;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Several processes may want the build at once (the browser suites run in parallel jest workers,
 * a demo beside them), and Vite refuses a second build of the same project while one runs: one
 * process builds under a lock directory (mkdir is atomic), the others wait and then find it current.
 */
function withBuildLock<T>(work: () => T): T {
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) fs.rmSync(LOCK, { recursive: true, force: true });
      else sleep(250);
    }
  }
  try {
    return work();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Builds the console unless dist already holds a build of these very sources; says whether it built. */
export function ensureConsoleBuild(): boolean {
  if (consoleBuildIsCurrent()) return false;
  return withBuildLock(() => {
    if (consoleBuildIsCurrent()) return false;
    buildConsole();
    return true;
  });
}

if (require.main === module) {
  try {
    const force = process.argv.includes('--force');
    if (force) withBuildLock(buildConsole);
    const built = force || ensureConsoleBuild();
    process.stdout.write(built ? `console built into ${path.relative(ROOT, CONSOLE_DIST)}\n` : 'console build is current\n');
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
