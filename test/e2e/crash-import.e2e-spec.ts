import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mintToken } from '@app/auth';
import { DEMO_JWT_SECRET } from '@app/config';
import { generateCatalog } from '@app/seed';
import { instrumentsCsv } from '../support/import-files';
import { freePort, spawnTs, waitForHttp, type Spawned } from '../support/processes';

// Enough for the import to be caught half done (it stores a few hundred rows a second on a slow host) and no more:
// the test boots twice and imports twice.
const ROWS = 2_000;

/**
 * The demo process killed with SIGKILL in the middle of a 2,000-row import,
 * restarted on the same data directory, and the file imported again: every
 * row ends up stored exactly once.
 */
describe('kill -9 during a bulk import, then restart and re-import', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yrd-crash-'));
  let port: number;
  let gateway: Spawned | undefined;
  let token: string;

  const start = async () => {
    gateway = spawnTs('scripts/demo.ts', { DATA_DIR: dataDir, HTTP_PORT: String(port), GRPC_PORT: '0', LOG_LEVEL: 'warn' }, ['--no-partners']);
    await waitForHttp(`http://127.0.0.1:${port}/health/ready`, gateway);
  };
  const upload = (file: Buffer) => {
    const form = new FormData();
    form.append('file', new Blob([file]), 'register.csv');
    return fetch(`http://127.0.0.1:${port}/api/v1/instruments/import`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  };
  const storedCount = async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/instruments?q=CRASH-MODEL&pageSize=1`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { total?: number };
    if (typeof body.total !== 'number') throw new Error(`listing failed: ${res.status} ${JSON.stringify(body)}`);
    return body.total;
  };

  beforeAll(async () => {
    port = await freePort();
    token = await mintToken(DEMO_JWT_SECRET, { sub: 'crash-test', roles: ['admin'] });
  });
  afterAll(async () => {
    gateway?.child.kill('SIGKILL');
    await gateway?.exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores every row exactly once', async () => {
    const rows = generateCatalog({ region: 'jiaxing', count: ROWS, seed: 99 }).instruments.map((input, i) => ({
      ...input,
      localId: `CRASH-${String(i).padStart(5, '0')}`,
      model: `CRASH-MODEL-${i}`,
      confidentiality: { status: 'none' as const },
    }));
    const file = instrumentsCsv(rows);

    await start();
    const inFlight = upload(file).catch(() => 'connection lost');
    let seen = 0;
    while (seen === 0) {
      await new Promise((r) => setTimeout(r, 25));
      seen = await storedCount();
    }
    gateway!.child.kill('SIGKILL');
    await gateway!.exited;
    expect(await inFlight).toBe('connection lost');
    expect(seen).toBeLessThan(ROWS);

    await start();
    const storedBeforeCrash = await storedCount();
    const res = await upload(file);
    expect(res.status).toBe(200);
    const report = (await res.json()) as { created: number; updated: number; unchanged: number; rejected: unknown[] };
    expect(report.rejected).toEqual([]);
    expect(report.updated).toBe(0);
    expect(report.unchanged).toBe(storedBeforeCrash);
    expect(report.created + report.unchanged).toBe(ROWS);
    expect(await storedCount()).toBe(ROWS);
    // Two boots and two imports: 160 s beside CI's other worker on a slowed host with 5,000 rows.
  }, 480_000);
});
