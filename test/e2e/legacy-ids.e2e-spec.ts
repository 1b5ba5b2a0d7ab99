import request from 'supertest';
import { migrateDownTo, migrateToLatest, sql, type Database } from '@app/persistence';
import { storageModes } from '../support/databases';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';
import { instrumentsCsv } from '../support/import-files';

const ALICES_BOOKING = '00000000-0000-4000-8000-0000000000a1';

/**
 * Before migration 0013, Jiaxing ids were `jiaxing:<localId>`: unit jx-u001's
 * inventory numbers "jx-u002.SEM-01" and "jx-u002.SEM-03" made ids that are,
 * character for character, unit jx-u002's SEM-01 and SEM-03 today. alice booked
 * the first; both were withdrawn.
 */
async function olderRelease(database: Database): Promise<void> {
  const db = database.db;
  await migrateDownTo(db, '0013-unit-scoped-instrument-ids');
  await db
    .insertInto('units')
    .values(JX_UNITS.map(({ id, name, region, city, kind, sector }) => ({ id, name, region, city, kind, sector })))
    .execute();
  for (const localId of ['jx-u002.SEM-01', 'jx-u002.SEM-03']) {
    await sql`
      INSERT INTO instruments (id, region, local_id, source_platform, unit_id, name, category_code, value_cny, funding_source, city,
        confidentiality, confidentiality_status, shareable, customs_gated, content_hash, created_at, deleted_at)
      VALUES (${'jiaxing:' + localId}, 'jiaxing', ${localId}, 'local', 'jx-u001', '扫描电子显微镜', '0101', 1200000, 'fiscal', '嘉兴市',
        '{"status":"none"}', 'none', true, false, 'h', '2019-05-01T00:00:00Z', now())`.execute(db);
  }
  await sql`INSERT INTO bookings (id, instrument_id, requester_sub, status, period, purpose)
    VALUES (${ALICES_BOOKING}::uuid, 'jiaxing:jx-u002.SEM-01', 'alice', 'confirmed', tstzrange('2026-11-20T09:00+08:00', '2026-11-20T11:00+08:00', '[)'), '表征')`.execute(
    db,
  );
  await migrateToLatest(db);
}

describe.each(storageModes())("an old id shaped like another unit's new one (%s)", (mode) => {
  let gw: TestGateway;
  let admin1: string;
  let admin2: string;
  let alice: string;

  beforeAll(async () => {
    gw = await startTestGateway(mode, {}, olderRelease);
    [admin1, admin2, alice] = await Promise.all([gw.token('unit_admin', 'jx-u001'), gw.token('unit_admin', 'jx-u002'), gw.token('user', 'jx-u002', 'alice')]);
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
  });

  const register = (localId: string) =>
    request(gw.server)
      .post('/api/v1/instruments')
      .set('Authorization', `Bearer ${admin2}`)
      .send(sem({ localId, unitId: 'jx-u002' }));
  const readBooking = (token: string) => request(gw.server).get(`/api/v1/bookings/${ALICES_BOOKING}`).set('Authorization', `Bearer ${token}`);

  it("registers as a fresh record of the caller's unit, with none of the old record's history or bookings", async () => {
    expect((await register('FREE-01').expect(201)).body.version).toBe(1);
    const taken = (await register('SEM-01').expect(201)).body;
    expect(taken).toMatchObject({ id: localInstrumentId('jx-u002', 'SEM-01'), unitId: 'jx-u002' });
    expect(taken.createdAt).not.toMatch(/^2019-/);
    // The version continues above the old tombstone's (1): partners and the province ignore a lower one.
    expect(taken.version).toBe(2);

    const listed = (await request(gw.server).get('/api/v1/bookings').set('Authorization', `Bearer ${admin2}`).expect(200)).body;
    expect(JSON.stringify(listed)).not.toContain(ALICES_BOOKING);
    await readBooking(admin2).expect(404);
    // The booking stays with the unit that owned the instrument, and with alice.
    expect((await readBooking(admin1).expect(200)).body).toMatchObject({ id: ALICES_BOOKING, instrumentId: localInstrumentId('jx-u001', 'jx-u002.SEM-01') });
    await readBooking(alice).expect(200);
  });

  it('imports such an instrument as created, not as an update of the old record', async () => {
    const res = await request(gw.server)
      .post('/api/v1/instruments/import')
      .set('Authorization', `Bearer ${admin2}`)
      .attach('file', instrumentsCsv([sem({ localId: 'SEM-03', unitId: 'jx-u002' })]), 'units.csv')
      .expect(200);
    expect(res.body).toMatchObject({ created: 1, updated: 0, rejected: [] });
    const stored = (
      await request(gw.server)
        .get(`/api/v1/instruments/${localInstrumentId('jx-u002', 'SEM-03')}`)
        .set('Authorization', `Bearer ${admin2}`)
        .expect(200)
    ).body;
    expect(stored.unitId).toBe('jx-u002');
    expect(stored.createdAt).not.toMatch(/^2019-/);
  });
});
