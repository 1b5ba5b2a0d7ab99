import { prepareInstrument } from '@app/catalog';
import { sql } from '@app/persistence';
import { FederationRepository } from '../../libs/federation/src/infrastructure/federation.repository';
import { InstrumentRepository } from '../../libs/catalog/src/infrastructure/instrument.repository';
import { UnitRepository } from '../../libs/catalog/src/infrastructure/unit.repository';
import { openTestDatabase } from '../support/databases';
import { JX_UNITS, sem } from '../support/gateway';
import { postgresAvailable } from '../support/servers';

// Needs two transactions open at once, which only a real server has (PGlite is one session).
const describeOnServer = postgresAvailable() ? describe : describe.skip;

describeOnServer('local change feed under concurrent transactions (PostgreSQL)', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let feed: FederationRepository;
  let instruments: InstrumentRepository;
  const prepare = (localId: string, description: string) =>
    prepareInstrument(sem({ localId, description }), { region: 'jiaxing', sourcePlatform: 'local', asOf: '2026-11-29' });

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    feed = new FederationRepository(database.db);
    instruments = new InstrumentRepository(database.db);
    await new UnitRepository(database.db).upsertMany(JX_UNITS);
    await instruments.upsertMany(['A', 'B', 'C'].map((id) => prepare(id, 'v1')));
  }, 60_000);
  afterAll(() => database?.dispose());

  it('lets only one worker at a time sync a source', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const first = feed.withSourceLock('pull:shanghai', () => held.then(() => 'first'));
    await new Promise((r) => setTimeout(r, 50));
    // Another worker (another pooled session) is turned away while the first holds the source.
    expect(await feed.withSourceLock('pull:shanghai', async () => 'second')).toBeUndefined();
    expect(await feed.withSourceLock('pull:anhui', async () => 'other source')).toBe('other source');
    release();
    expect(await first).toBe('first');
    expect(await feed.withSourceLock('pull:shanghai', async () => 'after')).toBe('after');
  });

  it('never lets a reader pass a change whose transaction has not committed yet', async () => {
    const start = BigInt((await feed.localChangesSince(0n, 100)).at(-1)!.stored.changeSeq);
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    let updated!: () => void;
    const bUpdated = new Promise<void>((r) => (updated = r));
    // B takes the next sequence number, then its transaction stays open…
    const slow = database.db.transaction().execute(async (trx) => {
      await sql`UPDATE instruments SET description = 'B v2' WHERE id = 'jiaxing:B'`.execute(trx);
      updated();
      await hold;
    });
    await bUpdated;
    // …while C, changed later, commits first.
    await sql`UPDATE instruments SET description = 'C v2' WHERE id = 'jiaxing:C'`.execute(database.db);

    const during = await feed.localChangesSince(start, 100);
    expect(during.map((e) => e.stored.instrument.id)).toEqual([]);

    release();
    await slow;
    const after = await feed.localChangesSince(start, 100);
    expect(after.map((e) => e.stored.instrument.id)).toEqual(['jiaxing:B', 'jiaxing:C']);
  });
});
