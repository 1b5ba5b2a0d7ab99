import { SourceStateRepository } from '../../libs/federation/src/infrastructure/source-state.repository';
import { openTestDatabase, storageModes } from '../support/databases';

/**
 * Session-level advisory locks exclude nothing on PGlite, whose connections all
 * share one session (the lock is re-entrant there): two syncs of one source
 * must still not run together in embedded mode.
 */
describe.each(storageModes())('a sync of one source at a time (%s)', (mode) => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let federation: SourceStateRepository;

  beforeAll(async () => {
    database = await openTestDatabase(mode);
    federation = new SourceStateRepository(database.db, database);
  }, 60_000);
  afterAll(() => database?.dispose());

  it('runs the second of two concurrent syncs of one source not at all, and another source meanwhile', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const first = federation.withSourceLock('pull:shanghai', async () => {
      started();
      await held;
      return 'first';
    });
    await running;
    const second = await federation.withSourceLock('pull:shanghai', async () => 'second');
    const otherSource = await federation.withSourceLock('pull:anhui', async () => 'anhui');
    release();
    expect({ first: await first, second, otherSource }).toEqual({ first: 'first', second: undefined, otherSource: 'anhui' });
    // Once the first is over, the source can be synced again.
    expect(await federation.withSourceLock('pull:shanghai', async () => 'again')).toBe('again');
  });
});
