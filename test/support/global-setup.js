// Probes the machine's servers once, before any worker starts, and tells the
// test files through the environment (workers inherit it).
const net = require('node:net');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

function answers(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

// Every in-memory embedded database of the suites starts from one migrated dump made here: an
// empty PGlite runs initdb and all the migrations, several seconds on a busy CI core, each time.
function buildEmbeddedTemplate() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yrd-embedded-template-'));
  const file = path.join(dir, 'migrated.tar');
  const run = spawnSync(process.execPath, ['-r', '@swc-node/register', 'test/support/embedded-template-main.ts', file], {
    cwd: path.join(__dirname, '..', '..'),
    env: { ...process.env, NODE_OPTIONS: '' },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`could not build the embedded database template:\n${run.stderr}`);
  process.env.YRD_TEST_EMBEDDED_TEMPLATE = file;
  return dir;
}

module.exports = async () => {
  globalThis.__yrdEmbeddedTemplateDir = buildEmbeddedTemplate();
  const ci = process.env.CI === 'true';
  for (const [name, port, variable] of [
    ['PostgreSQL', 5432, 'YRD_TEST_POSTGRES'],
    ['Redis', 6379, 'YRD_TEST_REDIS'],
  ]) {
    const ok = await answers(port);
    if (!ok && ci) throw new Error(`CI=true but ${name} on 127.0.0.1:${port} does not answer; .ci/run must start it`);
    if (!ok) process.stderr.write(`\n[skip] ${name} on 127.0.0.1:${port} does not answer: its suites are skipped here (mandatory with CI=true)\n`);
    process.env[variable] = ok ? '1' : '0';
  }
  if (process.env.YRD_TEST_POSTGRES === '1') {
    // Suites run in parallel, each in its own schema: the extensions must live in
    // `public` before any of them migrates, or the first suite would own them.
    const { Client } = require('pg');
    const client = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
    await client.connect();
    try {
      await client.query('CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public');
      await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public');
    } finally {
      await client.end();
    }
  }
};
