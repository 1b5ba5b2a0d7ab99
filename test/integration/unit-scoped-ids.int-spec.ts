import { migrateDownTo, migrateToLatest, sql } from '@app/persistence';
import { openTestDatabase, storageModes } from '../support/databases';
import { localInstrumentId } from '../support/ids';

/** Migration 0013: instruments registered under `jiaxing:<localId>` move to their unit's namespace. */
describe.each(storageModes())('unit-scoped instrument ids, migration 0013 (%s)', (mode) => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;

  beforeAll(async () => {
    database = await openTestDatabase(mode);
    await migrateDownTo(database.db, '0013-unit-scoped-instrument-ids');
    await database.db
      .insertInto('units')
      .values([
        { id: 'jx-u001', name: '嘉兴学院', region: 'jiaxing', city: '嘉兴市', kind: 'university', sector: 'education' },
        { id: 'jx-u002', name: '嘉兴市第一医院', region: 'jiaxing', city: '嘉兴市', kind: 'hospital', sector: 'health' },
      ])
      .execute();
    const legacy = (localId: string, unitId: string, deleted: boolean) => sql`
      INSERT INTO instruments (id, region, local_id, source_platform, unit_id, name, category_code, value_cny, funding_source, city,
        confidentiality, confidentiality_status, shareable, customs_gated, content_hash, deleted_at)
      VALUES (${'jiaxing:' + localId}, 'jiaxing', ${localId}, 'local', ${unitId}, '扫描电子显微镜', '0101', 1200000, 'fiscal', '嘉兴市',
        '{"status":"none"}', 'none', true, false, 'h', ${deleted ? new Date() : null})`.execute(database.db);
    await legacy('SEM-01', 'jx-u001', false);
    await legacy('OLD-01', 'jx-u002', true);
    for (const [id, instrument] of [['00000000-0000-4000-8000-000000000001', 'jiaxing:SEM-01'], ['00000000-0000-4000-8000-000000000002', 'jiaxing:OLD-01']]) {
      await sql`INSERT INTO bookings (id, instrument_id, requester_sub, status, period, purpose)
        VALUES (${id}::uuid, ${instrument}, 'u1', 'requested', tstzrange('2026-12-01T09:00+08:00', '2026-12-01T11:00+08:00', '[)'), 'test')`.execute(database.db);
    }
    await migrateToLatest(database.db);
  }, 60_000);

  afterAll(async () => {
    await database?.dispose();
  });

  const row = (id: string) => database.db.selectFrom('instruments').select(['id', 'unit_id', 'version', 'deleted_at']).where('id', '=', id).executeTakeFirst();
  const bookingOf = (id: string) => database.db.selectFrom('bookings').select('instrument_id').where('id', '=', id).executeTakeFirstOrThrow();

  it('moves a live instrument and its bookings to its unit-scoped id, leaving a tombstone for the feed', async () => {
    expect(await row(localInstrumentId('jx-u001', 'SEM-01'))).toMatchObject({ unit_id: 'jx-u001', deleted_at: null });
    const old = await row('jiaxing:SEM-01');
    expect(old?.deleted_at).not.toBeNull();
    expect(Number(old?.version)).toBe(2);
    expect((await bookingOf('00000000-0000-4000-8000-000000000001')).instrument_id).toBe(localInstrumentId('jx-u001', 'SEM-01'));
  });

  it("keeps a withdrawn instrument's old id as a tombstone, with its bookings, out of every unit's reach", async () => {
    expect(await row(localInstrumentId('jx-u002', 'OLD-01'))).toBeUndefined();
    expect((await bookingOf('00000000-0000-4000-8000-000000000002')).instrument_id).toBe('jiaxing:OLD-01');
  });
});
