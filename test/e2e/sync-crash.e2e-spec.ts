import { Database } from '@app/persistence';
import { generateCatalog } from '@app/seed';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GATEWAY_OUT_TOKEN, PARTNER_IN_TOKEN, eventually } from '../support/federation';
import { freePort, spawnTs, waitForHttp, type Spawned } from '../support/processes';
import { TEST_SECRETS } from '../support/secrets';
import { POSTGRES_URL, REDIS_URL, postgresAvailable, redisAvailable, uniqueName } from '../support/servers';

const COUNT = 100_000;
const SEED = 42;

// Production topology (PostgreSQL + Redis), so it runs where those servers answer (always in CI).
const describeWithServers = postgresAvailable() && redisAvailable() ? describe : describe.skip;

/**
 * The gateway killed with SIGKILL in the middle of a 100,000-record initial
 * sync: after restart it resumes from its last committed cursor and ends with
 * exactly the partner's catalog, no duplicates.
 */
describeWithServers('kill -9 during a 100,000-record sync, then restart', () => {
  const schema = uniqueName('crash');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-crash-'));
  let database: Database;
  const admin = { query: (text: string) => database.pool.query(text) };
  let partner: Spawned;
  let gateway: Spawned | undefined;
  let httpPort: number;
  const requests: string[] = [];

  const startGateway = async () => {
    gateway = spawnTs('apps/gateway/src/main.ts', {
      ...TEST_SECRETS,
      DATABASE_URL: `${POSTGRES_URL}?options=${encodeURIComponent(`-c search_path=${schema},public`)}`,
      REDIS_URL,
      QUEUE_PREFIX: schema.replace(/_/g, '-'),
      PARTNERS_FILE: path.join(dir, 'partners.json'),
      HTTP_PORT: String(httpPort),
      GRPC_PORT: '0',
      LOG_LEVEL: 'warn',
    });
    await waitForHttp(`http://127.0.0.1:${httpPort}/health/ready`, gateway);
  };
  const stored = async () => {
    const r = await admin.query(
      `SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM "${schema}".instruments WHERE source_platform = 'shanghai' AND deleted_at IS NULL`,
    );
    return r.rows[0] as { n: number; d: number };
  };

  beforeAll(async () => {
    database = await Database.connect({ databaseUrl: POSTGRES_URL, migrate: false, poolSize: 2 });
    await admin.query(`CREATE SCHEMA "${schema}"`);
    httpPort = await freePort();
    const partnerPort = await freePort();
    partner = spawnTs('apps/partner-node/src/main.ts', {}, [
      '--region',
      'shanghai',
      '--port',
      String(partnerPort),
      '--count',
      String(COUNT),
      '--seed',
      String(SEED),
      '--token',
      GATEWAY_OUT_TOKEN('shanghai'),
      '--verbose',
    ]);
    partner.child.stdout!.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) if (line.includes('"ListChanges"')) requests.push(JSON.parse(line).cursor);
    });
    await eventually(
      async () => partner.output(),
      (out) => out.includes('partner node listening'),
      60_000,
    );
    fs.writeFileSync(
      path.join(dir, 'partners.json'),
      JSON.stringify([
        {
          id: 'shanghai',
          region: 'shanghai',
          protocol: 'grpc',
          address: `127.0.0.1:${partnerPort}`,
          inboundToken: PARTNER_IN_TOKEN('shanghai'),
          outboundToken: GATEWAY_OUT_TOKEN('shanghai'),
          pullIntervalMs: 300,
          deadlineMs: 60_000,
        },
      ]),
    );
  }, 120_000);

  afterAll(async () => {
    gateway?.child.kill('SIGKILL');
    partner?.child.kill('SIGKILL');
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await database?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('resumes from the committed cursor and ends with exactly the partner catalog', async () => {
    const expected = generateCatalog({ region: 'shanghai', count: COUNT, seed: SEED })
      .instruments.filter((i) => i.confidentiality.status === 'none')
      .map((i) => `shanghai:${i.localId}`);
    await startGateway();
    // Kill it mid-way: some batches committed, most not yet.
    await eventually(stored, (s) => s.n >= 10_000, 120_000);
    gateway!.child.kill('SIGKILL');
    await gateway!.exited;
    const atCrash = await stored();
    expect(atCrash.n).toBeLessThan(expected.length);
    const committed = (await admin.query(`SELECT cursor FROM "${schema}".federation_sources WHERE id = 'shanghai'`)).rows[0].cursor as string;
    expect(committed).toMatch(/^p1\.\d+$/);
    const requestsBefore = requests.length;

    await startGateway();
    await eventually(stored, (s) => s.n === expected.length, 180_000);
    // The first request after the restart asked for the changes after the committed cursor.
    expect(requests[requestsBefore]).toBe(committed);
    const final = await stored();
    expect(final.d).toBe(final.n);
    const ids = (await admin.query(`SELECT id, version FROM "${schema}".instruments WHERE source_platform = 'shanghai' AND deleted_at IS NULL ORDER BY id`))
      .rows as { id: string; version: string }[];
    expect(ids.map((r) => r.id)).toEqual([...expected].sort());
    expect(ids.every((r) => r.version === '1')).toBe(true);
  }, 400_000);
});
