import { indexedInstrument, prepareInstrument, type IndexedInstrument } from '@app/catalog';
import { sql } from '@app/persistence';
import { SourceStateRepository } from '../../libs/federation/src/infrastructure/source-state.repository';
import { InstrumentRepository } from '../../libs/catalog/src/infrastructure/instrument.repository';
import { PartnerRecordRepository } from '../../libs/catalog/src/infrastructure/partner-record.repository';
import { PartnerFeedUseCase } from '../../libs/catalog/src/use-cases/partner-feed.usecase';
import { UnitRepository } from '../../libs/catalog/src/infrastructure/unit.repository';
import { InstrumentFeedRepository } from '../../libs/catalog/src/infrastructure/instrument-feed.repository';
import { openTestDatabase } from '../support/databases';
import { JX_UNITS, sem } from '../support/gateway';
import { postgresAvailable } from '../support/servers';
import { localInstrumentId } from '../support/ids';

// Needs two transactions open at once, which only a real server has (PGlite is one session).
const describeOnServer = postgresAvailable() ? describe : describe.skip;

describeOnServer('local change feed under concurrent transactions (PostgreSQL)', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let feed: { localChangesSince: PartnerFeedUseCase['since']; withSourceLock: SourceStateRepository['withSourceLock'] };
  let instruments: InstrumentRepository;
  const prepare = (localId: string, description: string) =>
    prepareInstrument(sem({ localId, description }), { region: 'jiaxing', sourcePlatform: 'local', asOf: '2026-11-29' });

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    const changes = new PartnerFeedUseCase(new PartnerRecordRepository(database.db), new UnitRepository(database.db));
    const sources = new SourceStateRepository(database.db, database);
    feed = { localChangesSince: (after, limit) => changes.since(after, limit), withSourceLock: (key, work) => sources.withSourceLock(key, work) };
    instruments = new InstrumentRepository(database.db, database);
    await new UnitRepository(database.db).upsertMany(JX_UNITS);
    await instruments.upsertMany(['A', 'B', 'C', 'D', 'E'].map((id) => prepare(id, 'v1')));
  }, 60_000);
  afterAll(() => database?.dispose());

  it('does not skip a change when an older transaction takes later sequence numbers and commits first', async () => {
    const start = BigInt((await feed.localChangesSince(0n, 100)).at(-1)!.stored.changeSeq);
    let continueA!: () => void;
    const goA = new Promise<void>((r) => (continueA = r));
    let aStarted!: () => void;
    const aHasXid = new Promise<void>((r) => (aStarted = r));
    let releaseB!: () => void;
    const holdB = new Promise<void>((r) => (releaseB = r));
    // T_A (say, an import) writes D first, so it holds the older transaction id…
    const ta = database.db.transaction().execute(async (trx) => {
      await sql`UPDATE instruments SET description = 'D v2' WHERE id = ${localInstrumentId('jx-u001', 'D')}`.execute(trx);
      aStarted();
      await goA;
      await sql`UPDATE instruments SET description = 'A v3' WHERE id = ${localInstrumentId('jx-u001', 'A')}`.execute(trx);
    });
    await aHasXid;
    // …T_B (a unit's edit) starts later and stays open…
    const tb = database.db.transaction().execute(async (trx) => {
      await sql`UPDATE instruments SET description = 'E v2' WHERE id = ${localInstrumentId('jx-u001', 'E')}`.execute(trx);
      await holdB;
    });
    await new Promise((r) => setTimeout(r, 100));
    // …and T_A writes again and commits first.
    continueA();
    await ta;
    const during = await feed.localChangesSince(start, 100);
    const cursor = BigInt(during.at(-1)?.stored.changeSeq ?? String(start));
    releaseB();
    await tb;
    const after = await feed.localChangesSince(cursor, 100);
    expect([...during, ...after].map((e) => e.stored.instrument.id).sort()).toEqual([
      localInstrumentId('jx-u001', 'A'),
      localInstrumentId('jx-u001', 'D'),
      localInstrumentId('jx-u001', 'E'),
    ]);
  });

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

  it('makes a second writer of local instruments wait for the first to commit, so sequence order is commit order', async () => {
    const start = BigInt((await feed.localChangesSince(0n, 100)).at(-1)!.stored.changeSeq);
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    let updated!: () => void;
    const bUpdated = new Promise<void>((r) => (updated = r));
    // B takes the next sequence number, then its transaction stays open…
    const slow = database.db.transaction().execute(async (trx) => {
      await sql`UPDATE instruments SET description = 'B v2' WHERE id = ${localInstrumentId('jx-u001', 'B')}`.execute(trx);
      updated();
      await hold;
    });
    await bUpdated;
    // …so a change to C waits instead of committing first with a later number.
    let cDone = false;
    const c = sql`UPDATE instruments SET description = 'C v2' WHERE id = ${localInstrumentId('jx-u001', 'C')}`.execute(database.db).then(() => (cDone = true));
    await new Promise((r) => setTimeout(r, 200));
    expect(cDone).toBe(false);
    expect(await feed.localChangesSince(start, 100)).toEqual([]);

    release();
    await slow;
    await c;
    const after = await feed.localChangesSince(start, 100);
    expect(after.map((e) => e.stored.instrument.id)).toEqual([localInstrumentId('jx-u001', 'B'), localInstrumentId('jx-u001', 'C')]);
  });
});

describeOnServer("the search index's feed after more than a page was written", () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    await new UnitRepository(database.db).upsertMany(JX_UNITS);
  }, 60_000);
  afterAll(() => database?.dispose());

  it('reaches every change written after its position, page by page, instead of re-reading the first page', async () => {
    const feed = new InstrumentFeedRepository(database.db);
    const instruments = new InstrumentRepository(database.db, database);
    const start = await feed.loadAll(() => undefined);
    // A large import: more than two of the feed's pages (5,000 rows) committed after the follower's snapshot.
    const count = 12_000;
    const writes = Array.from({ length: count }, (_, i) =>
      prepareInstrument(sem({ localId: `BULK-${i}` }), { region: 'jiaxing', sourcePlatform: 'local', asOf: '2026-11-29' }),
    );
    for (let i = 0; i < count; i += 2_000) await instruments.upsertMany(writes.slice(i, i + 2_000));

    const seen = new Set<string>();
    let position = start;
    let reads = 0;
    for (let more = true; more && reads < 10; reads++) {
      const page = await feed.changesSince(position);
      for (const row of page.rows) seen.add(row.stored.instrument.id);
      position = page.next;
      more = page.more;
    }
    expect(seen.size).toBe(count);
    expect(reads).toBeLessThanOrEqual(4);
    // Caught up: the next read finds nothing new.
    expect((await feed.changesSince(position)).rows).toEqual([]);
  }, 120_000);

  it("reads at start exactly what the whole record's mapping gives the index for the same rows", async () => {
    const feed = new InstrumentFeedRepository(database.db);
    const before = await feed.loadAll(() => undefined);
    // A whole record, one with every optional indexed field absent, and one only its unit may find.
    const full = sem({ localId: 'FULL' });
    const bare = sem({
      localId: 'BARE',
      nameEn: undefined,
      model: undefined,
      manufacturer: undefined,
      description: undefined,
      location: undefined,
      fee: undefined,
    });
    const confidential = sem({ localId: 'SECRET', confidentiality: { status: 'confidential' } });
    await new InstrumentRepository(database.db, database).upsertMany(
      [full, bare, confidential].map((i) => prepareInstrument(i, { region: 'jiaxing', sourcePlatform: 'local', asOf: '2026-11-29' })),
    );
    const read = new Map<string, IndexedInstrument>();
    await feed.loadAll((rows) => rows.forEach((i) => read.set(i.id, i)));
    // The change feed reads whole records (`SELECT *`).
    const { rows } = await feed.changesSince(before);
    expect(rows).toHaveLength(3);
    const whole = rows.map((row) => indexedInstrument(row.stored));
    expect(whole.map((i) => read.get(i.id))).toStrictEqual(whole);
    expect(whole.some((i) => i.location === undefined && i.feeExternalCny === undefined && i.feeUnit === undefined && i.nameEn === undefined)).toBe(true);
    expect(whole.some((i) => !i.shareable)).toBe(true);
  }, 60_000);

  it('reads a catalog of more than two pages as of its one snapshot, each row once and as the whole mapping gives it', async () => {
    const feed = new InstrumentFeedRepository(database.db);
    // The 12,003 instruments the tests above wrote: more than two of the read's pages.
    const { rows: ids } = await sql<{ id: string }>`SELECT id FROM instruments WHERE deleted_at IS NULL ORDER BY id`.execute(database.db);
    expect(ids.length).toBeGreaterThan(10_000);
    const last = ids.at(-1)!.id;
    const read = new Map<string, IndexedInstrument>();
    let write: Promise<unknown> | undefined;
    let count = 0;
    const position = await feed.loadAll((rows) => {
      count += rows.length;
      for (const i of rows) read.set(i.id, i);
      // Committed while the read goes on (the last row is read after it): not in the read, in the feed after it.
      write ??= sql`UPDATE instruments SET description = 'written during the read' WHERE id = ${last}`.execute(database.db);
    });
    await write;
    expect([...read.keys()]).toEqual(ids.map((r) => r.id));
    expect(count).toBe(ids.length);
    expect(read.get(last)!.description).not.toBe('written during the read');
    const { rows: changed } = await feed.changesSince(position);
    expect(changed.map((row) => [row.stored.instrument.id, row.stored.instrument.description])).toEqual([[last, 'written during the read']]);

    // Every row as the change feed's whole records give it (all of them from the start of the feed).
    const whole = new Map<string, IndexedInstrument>();
    for (let from = { seq: '0', snapshot: position.snapshot }, more = true; more;) {
      const page = await feed.changesSince(from);
      for (const row of page.rows) if (row.stored.instrument.id !== last) whole.set(row.stored.instrument.id, indexedInstrument(row.stored));
      ({ next: from, more } = page);
    }
    read.delete(last);
    expect(whole.size).toBe(read.size);
    expect([...whole.keys()].map((id) => read.get(id))).toStrictEqual([...whole.values()]);
  }, 120_000);
});
