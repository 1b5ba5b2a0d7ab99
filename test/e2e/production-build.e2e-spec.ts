import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, freePort, spawnNode, waitForHttp, type Spawned } from '../support/processes';
import { TEST_SECRETS } from '../support/secrets';

/**
 * Issue #14 point 6: what production runs is `npm run build` then plain `node` on the output.
 * One build (into a private folder inside the repo, so the compiled files resolve the repo's
 * node_modules as dist/ does) serves both processes; each runs in production mode on the
 * embedded database, with secrets made up by this test.
 */
describe('production build: compiled gateway and worker run without a transpiler', () => {
  let outDir: string;
  let dataRoot: string;
  let httpPort: number;
  let gateway: Spawned;
  let worker: Spawned;
  const started: Spawned[] = [];

  const production = (dataDir: string, extra: Record<string, string> = {}) => ({
    ...TEST_SECRETS,
    NODE_ENV: 'production',
    ALLOW_EMBEDDED_DATABASE: 'true',
    GRPC_ALLOW_INSECURE: 'true',
    DATABASE_URL: '',
    REDIS_URL: '',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ...extra,
  });

  const run = (entry: string, env: Record<string, string>): Spawned => {
    const spawned = spawnNode([path.join(outDir, entry)], env);
    started.push(spawned);
    return spawned;
  };

  beforeAll(async () => {
    fs.mkdirSync(path.join(REPO_ROOT, 'tmp'), { recursive: true });
    outDir = fs.mkdtempSync(path.join(REPO_ROOT, 'tmp', 'build-'));
    dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'build-data-'));
    const build = spawnNode(['scripts/build.mjs', '--out-dir', outDir], {});
    const code = await build.exited;
    if (code !== 0) throw new Error(`npm run build failed (exit ${code}):\n${build.output()}`);
    // Both start at once: each spends most of its start-up migrating its own embedded database.
    httpPort = await freePort();
    gateway = run('apps/gateway/src/main.js', production(path.join(dataRoot, 'gateway'), { HTTP_PORT: String(httpPort), GRPC_PORT: String(await freePort()) }));
    worker = run('apps/worker/src/main.js', production(path.join(dataRoot, 'worker'), { LOG_LEVEL: 'info' }));
  }, 240_000);

  afterAll(async () => {
    for (const spawned of started) if (spawned.child.exitCode === null && spawned.child.signalCode === null) spawned.child.kill('SIGKILL');
    await Promise.all(started.map((s) => s.exited));
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.rmSync(dataRoot, { recursive: true, force: true });
  });

  it('emits every app as JavaScript, with @app imports resolved and the proto files beside them', () => {
    for (const app of ['gateway', 'worker', 'partner-node', 'province-sim']) expect(fs.existsSync(path.join(outDir, 'apps', app, 'src', 'main.js'))).toBe(true);
    const bootstrap = fs.readFileSync(path.join(outDir, 'apps', 'gateway', 'src', 'bootstrap.js'), 'utf8');
    expect(bootstrap).not.toMatch(/require\("@app\//);
    expect(bootstrap).toContain('require("../../../libs/grpc/src/index.js")');
    expect(fs.existsSync(path.join(outDir, 'proto', 'yrd', 'federation', 'v1', 'catalog.proto'))).toBe(true);
  });

  it('the compiled gateway starts, answers /health/ready and serves files read beside its modules', async () => {
    await waitForHttp(`http://127.0.0.1:${httpPort}/health/ready`, gateway, 180_000);

    const ready = await fetch(`http://127.0.0.1:${httpPort}/health/ready`);
    expect(ready.status).toBe(200);
    // The import template is read from config/ relative to the compiled controller.
    const template = await fetch(`http://127.0.0.1:${httpPort}/api/v1/instruments/import/template.csv`);
    expect(template.status).toBe(200);
    expect(await template.text()).toContain(',');

    gateway.child.kill('SIGTERM');
    await gateway.exited;
    expect(gateway.output()).not.toMatch(/gateway failed to start|"level":"error"/);
  }, 240_000);

  it('the compiled worker starts consuming and stops on SIGTERM', async () => {
    const deadline = Date.now() + 180_000;
    while (!worker.output().includes('"worker consuming"')) {
      if (worker.child.exitCode !== null) throw new Error(`worker exited early:\n${worker.output()}`);
      if (Date.now() > deadline) throw new Error(`worker did not start:\n${worker.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    worker.child.kill('SIGTERM');
    await worker.exited;
    expect(worker.child.exitCode === 0 || worker.child.signalCode === 'SIGTERM').toBe(true);
    expect(worker.output()).not.toMatch(/worker failed to start|"level":"error"/);
  }, 240_000);
});
