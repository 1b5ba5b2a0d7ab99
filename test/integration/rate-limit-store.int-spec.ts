import { sql } from '@app/persistence';
import { PostgresRateLimitStore, RedisRateLimitStore, type RateLimitStore } from '@app/rate-limit';
import { openTestDatabase, storageModes } from '../support/databases';
import { REDIS_URL, redisAvailable, uniqueName } from '../support/servers';

type Backend = { stores: [RateLimitStore, RateLimitStore]; rows?: () => Promise<number>; close(): Promise<void> };

/** Two stores on one backend, as two gateway replicas have. */
const backends: [string, () => Promise<Backend>][] = [
  ...storageModes().map(
    (mode) =>
      [
        `PostgreSQL (${mode})`,
        async () => {
          const database = await openTestDatabase(mode);
          return {
            stores: [new PostgresRateLimitStore(database.db), new PostgresRateLimitStore(database.db)],
            rows: async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM rate_limit_counters`.execute(database.db)).rows[0].n,
            close: () => database.dispose(),
          };
        },
      ] as [string, () => Promise<Backend>],
  ),
  ...(redisAvailable()
    ? [
        [
          'Redis',
          async () => {
            const prefix = `${uniqueName('rl')}:`;
            const stores: [RateLimitStore, RateLimitStore] = [new RedisRateLimitStore(REDIS_URL, prefix), new RedisRateLimitStore(REDIS_URL, prefix)];
            return { stores, close: async () => void (await Promise.all(stores.map((s) => s.close()))) };
          },
        ] as [string, () => Promise<Backend>],
      ]
    : []),
];

describe.each(backends)('rate-limit store on %s', (_name, open) => {
  let backend: Backend;
  const t0 = new Date('2026-11-29T04:00:00Z');
  const later = (ms: number) => new Date(t0.getTime() + ms);

  beforeAll(async () => {
    backend = await open();
  }, 60_000);
  afterAll(() => backend?.close());

  it('counts hits of one key across stores sharing the backend, and keys apart', async () => {
    const [a, b] = backend.stores;
    expect(await a.hit('search:ip:1', 60_000, t0)).toEqual({ hits: 1, resetsAt: later(60_000) });
    expect(await b.hit('search:ip:1', 60_000, later(1_000))).toEqual({ hits: 2, resetsAt: later(60_000) });
    expect(await a.hit('search:ip:1', 60_000, later(2_000))).toEqual({ hits: 3, resetsAt: later(60_000) });
    expect((await b.hit('search:ip:2', 60_000, later(2_000))).hits).toBe(1);
  });

  it('loses no hit when many arrive at once from both stores', async () => {
    const [a, b] = backend.stores;
    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).hit('burst:ip:1', 60_000, t0)));
    expect((await a.hit('burst:ip:1', 60_000, t0)).hits).toBe(41);
  });

  it('starts a new window once the current one has ended', async () => {
    const [a] = backend.stores;
    await a.hit('window:ip:1', 10_000, t0);
    await a.hit('window:ip:1', 10_000, later(5_000));
    expect(await a.hit('window:ip:1', 10_000, later(10_000))).toEqual({ hits: 1, resetsAt: later(20_000) });
  });

  it('sweeps the rows of ended windows (PostgreSQL; Redis keys expire)', async () => {
    const [a] = backend.stores;
    await a.hit('sweep:ip:1', 1_000, t0);
    await a.hit('sweep:ip:2', 3_600_000, t0);
    const rows = backend.rows;
    if (!rows) return expect(await a.sweep(later(2_000))).toBe(0);
    const before = await rows();
    expect(await a.sweep(later(2_000))).toBeGreaterThanOrEqual(1);
    // Only windows ended by then go: the hour-long one stays.
    expect(await rows()).toBeLessThan(before);
    expect((await a.hit('sweep:ip:2', 3_600_000, later(3_000))).hits).toBe(2);
  });
});

/**
 * Every limited request waits for its hit: under load one round trip each cost the gateway a write
 * and a read of its own per request. Hits that arrive together share them.
 */
(redisAvailable() ? describe : describe.skip)('rate-limit store on Redis under a burst', () => {
  let store: RedisRateLimitStore;
  const t0 = new Date('2026-11-29T04:00:00Z');

  beforeAll(() => {
    store = new RedisRateLimitStore(REDIS_URL, `${uniqueName('rl')}:`);
  });
  afterAll(() => store?.close());

  it('sends hits arriving together in one write and counts each of them', async () => {
    await store.hit('connect:ip:1', 60_000, t0);
    const socket = (store as unknown as { redis: { stream: { write: (...args: unknown[]) => boolean } } }).redis.stream;
    const write = socket.write;
    let writes = 0;
    socket.write = function (this: unknown, ...args: unknown[]) {
      writes++;
      return write.apply(this, args);
    };
    try {
      const counts = await Promise.all(Array.from({ length: 40 }, () => store.hit('burst:ip:9', 60_000, t0)));
      expect(counts.map((c) => c.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(writes).toBe(1);
    } finally {
      socket.write = write;
    }
  });
});
