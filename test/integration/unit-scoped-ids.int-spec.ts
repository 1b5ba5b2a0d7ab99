import { migrateDownTo, migrateToLatest, sql } from '@app/persistence';
import { openTestDatabase, storageModes } from '../support/databases';
import { localInstrumentId } from '../support/ids';

type TestDatabase = Awaited<ReturnType<typeof openTestDatabase>>;

/** A database as it was before migration 0013, with Jiaxing's two units. */
async function beforeMigration(mode: Parameters<typeof openTestDatabase>[0]): Promise<TestDatabase> {
  const database = await openTestDatabase(mode);
  await migrateDownTo(database.db, '0013-unit-scoped-instrument-ids');
  await database.db
    .insertInto('units')
    .values([
      { id: 'jx-u001', name: '嘉兴学院', region: 'jiaxing', city: '嘉兴市', kind: 'university', sector: 'education' },
      { id: 'jx-u002', name: '嘉兴市第一医院', region: 'jiaxing', city: '嘉兴市', kind: 'hospital', sector: 'health' },
    ])
    .execute();
  return database;
}

/** An instrument registered under the old scheme, `jiaxing:<localId>`. */
const legacy = (database: TestDatabase, localId: string, unitId: string, deleted: boolean) =>
  sql`
  INSERT INTO instruments (id, region, local_id, source_platform, unit_id, name, category_code, value_cny, funding_source, city,
    confidentiality, confidentiality_status, shareable, customs_gated, content_hash, deleted_at)
  VALUES (${'jiaxing:' + localId}, 'jiaxing', ${localId}, 'local', ${unitId}, '扫描电子显微镜', '0101', 1200000, 'fiscal', '嘉兴市',
    '{"status":"none"}', 'none', true, false, 'h', ${deleted ? new Date() : null})`.execute(database.db);

const booking = (database: TestDatabase, id: string, instrumentId: string) =>
  sql`
  INSERT INTO bookings (id, instrument_id, requester_sub, status, period, purpose)
  VALUES (${id}::uuid, ${instrumentId}, 'alice', 'requested', tstzrange('2026-12-01T09:00+08:00', '2026-12-01T11:00+08:00', '[)'), 'test')`.execute(
    database.db,
  );

/** Migration 0013: instruments registered under `jiaxing:<localId>` move to their unit's namespace. */
describe.each(storageModes())('unit-scoped instrument ids, migration 0013 (%s)', (mode) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await beforeMigration(mode);
    await legacy(database, 'SEM-01', 'jx-u001', false);
    await legacy(database, 'OLD-01', 'jx-u002', true);
    // jx-u001's old inventory number has the shape of jx-u002's SEM-02 under the new scheme.
    await legacy(database, 'jx-u002.SEM-02', 'jx-u001', true);
    await booking(database, '00000000-0000-4000-8000-000000000001', 'jiaxing:SEM-01');
    await booking(database, '00000000-0000-4000-8000-000000000002', 'jiaxing:OLD-01');
    await booking(database, '00000000-0000-4000-8000-000000000003', 'jiaxing:jx-u002.SEM-02');
    await migrateToLatest(database.db);
  }, 60_000);

  afterAll(async () => {
    await database?.dispose();
  });

  const row = (id: string) =>
    database.db.selectFrom('instruments').select(['id', 'unit_id', 'local_id', 'version', 'deleted_at']).where('id', '=', id).executeTakeFirst();
  const bookingOf = (id: string) => database.db.selectFrom('bookings').select('instrument_id').where('id', '=', id).executeTakeFirstOrThrow();

  it('moves a live instrument and its bookings to its unit-scoped id, leaving a tombstone for the feed', async () => {
    expect(await row(localInstrumentId('jx-u001', 'SEM-01'))).toMatchObject({ unit_id: 'jx-u001', deleted_at: null });
    const old = await row('jiaxing:SEM-01');
    expect(old?.deleted_at).not.toBeNull();
    expect(Number(old?.version)).toBe(2);
    expect((await bookingOf('00000000-0000-4000-8000-000000000001')).instrument_id).toBe(localInstrumentId('jx-u001', 'SEM-01'));
  });

  it("moves a withdrawn instrument's bookings with it to its own unit's namespace, still withdrawn, so its old id holds nothing", async () => {
    const moved = await row(localInstrumentId('jx-u002', 'OLD-01'));
    expect(moved).toMatchObject({ unit_id: 'jx-u002', local_id: 'OLD-01' });
    expect(moved?.deleted_at).not.toBeNull();
    expect((await bookingOf('00000000-0000-4000-8000-000000000002')).instrument_id).toBe(localInstrumentId('jx-u002', 'OLD-01'));
  });

  it("takes a withdrawn instrument's bookings out of an old id shaped like another unit's new id", async () => {
    expect((await bookingOf('00000000-0000-4000-8000-000000000003')).instrument_id).toBe(localInstrumentId('jx-u001', 'jx-u002.SEM-02'));
    expect(await row(localInstrumentId('jx-u001', 'jx-u002.SEM-02'))).toMatchObject({ unit_id: 'jx-u001', local_id: 'jx-u002.SEM-02' });
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM bookings WHERE instrument_id = ${localInstrumentId('jx-u002', 'SEM-02')}`.execute(
      database.db,
    );
    expect(rows[0].n).toBe(0);
  });
});

describe.each(storageModes())('migration 0013 where a new id is already taken (%s)', (mode) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await beforeMigration(mode);
    await legacy(database, 'SEM-01', 'jx-u001', false);
    // jx-u002 numbered one of its instruments "jx-u001.SEM-01": jx-u001's SEM-01 cannot take its new id.
    await legacy(database, 'jx-u001.SEM-01', 'jx-u002', false);
    await booking(database, '00000000-0000-4000-8000-000000000001', 'jiaxing:SEM-01');
  }, 60_000);

  afterAll(async () => {
    await database?.dispose();
  });

  it('refuses to run, naming the instrument, and loses neither the instrument nor its bookings', async () => {
    await expect(migrateToLatest(database.db)).rejects.toThrow(/jiaxing:SEM-01 \(its new id jiaxing:jx-u001\.SEM-01 is taken\)/);
    const owner = await database.db.selectFrom('instruments').select(['unit_id', 'deleted_at']).where('id', '=', 'jiaxing:SEM-01').executeTakeFirst();
    expect(owner).toEqual({ unit_id: 'jx-u001', deleted_at: null });
    const { instrument_id } = await database.db
      .selectFrom('bookings')
      .select('instrument_id')
      .where('id', '=', '00000000-0000-4000-8000-000000000001')
      .executeTakeFirstOrThrow();
    expect(instrument_id).toBe('jiaxing:SEM-01');
  });
});
