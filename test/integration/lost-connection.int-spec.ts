import { FaultProxy } from '../faults/harness/fault-proxy';
import { spawnTs } from '../support/processes';
import { postgresAvailable } from '../support/servers';

const describeOnServer = postgresAvailable() ? describe : describe.skip;

/**
 * A database connection reset while a client is checked out of the pool (a
 * sync holding its source lock, a transaction between statements) fails that
 * work, not the process: found by the fault suite, where such a reset killed
 * both gateway replicas and the worker with an unhandled 'error' event.
 */
describeOnServer('a PostgreSQL connection reset while checked out of the pool', () => {
  let proxy: FaultProxy;

  beforeAll(async () => {
    proxy = await FaultProxy.start('postgres', { host: '127.0.0.1', port: 5432 });
  });
  afterAll(() => proxy?.close());

  it('fails the work that held it, and the process goes on with fresh connections', async () => {
    const child = spawnTs('test/support/lost-connection-child.ts', {}, [`postgres://postgres@127.0.0.1:${proxy.port}/test`]);
    const deadline = Date.now() + 60_000;
    while (!child.output().includes('holding') && child.child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(child.output()).toContain('holding');
    expect(proxy.resetAll()).toBeGreaterThanOrEqual(2);
    expect(await child.exited).toBe(0);
    expect(child.output()).toMatch(/outcome: (transaction|lock) failed/);
    expect(child.output()).toContain('alive: 42');
  }, 90_000);
});
