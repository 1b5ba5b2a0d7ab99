import { sql } from '@app/persistence';
import type { Kysely } from 'kysely';
import * as customsRecheck from '../../libs/persistence/src/migrations/0016-customs-recheck.migration';
import { openTestDatabase, storageModes } from '../support/databases';
import { localInstrumentId } from '../support/ids';

/**
 * Migration 0016 puts back before Jiaxing Customs the upcoming bookings of
 * supervised duty-free instruments that the old gate let through (Art. 12):
 * a partner's requester, a user without a unit, a user of another unit — none
 * with a customs decision. Everything else keeps its status.
 */
describe.each(storageModes())('migration 0016: customs re-check (%s)', (mode) => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const day = 86_400_000;
  const supervised = localInstrumentId('jx-u001', 'SEM1');
  const ended = localInstrumentId('jx-u001', 'SEM2');
  const notDutyFree = localInstrumentId('jx-u001', 'SEM3');
  const run = () => customsRecheck.up(database.db as unknown as Kysely<unknown>);

  beforeAll(async () => {
    database = await openTestDatabase(mode);
    await database.db
      .insertInto('units')
      .values({ id: 'jx-u001', name: '嘉兴学院', region: 'jiaxing', city: '嘉兴市', kind: 'university', sector: 'education' })
      .execute();
    const inFuture = new Date(Date.now() + 400 * day).toISOString().slice(0, 10);
    const instrument = (iid: string, localId: string, dutyFree: boolean, supervisionEnds: string | null) =>
      sql`INSERT INTO instruments (id, region, local_id, source_platform, unit_id, name, category_code, value_cny, funding_source, city,
        confidentiality, confidentiality_status, shareable, customs_gated, content_hash, duty_free, supervision_ends)
        VALUES (${iid}, 'jiaxing', ${localId}, 'local', 'jx-u001', '扫描电子显微镜', '0101', 1200000, 'fiscal', '嘉兴市',
        '{"status":"none"}', 'none', true, ${dutyFree}, 'h',
        ${dutyFree ? JSON.stringify({ declarationNo: '290120230001', releaseDate: '2024-01-10', supervisionYears: 3 }) : null}::jsonb, ${supervisionEnds}::date)`.execute(
        database.db,
      );
    await instrument(supervised, 'SEM1', true, inFuture);
    await instrument(ended, 'SEM2', true, '2020-01-09');
    await instrument(notDutyFree, 'SEM3', false, null);

    // Rows as the old code left them: each in its own window so confirmed ones never overlap.
    const booking = async (n: number, iid: string, status: string, who: { unit?: string | null; partner?: string }, startsInDays = n) => {
      const start = new Date(Date.now() + startsInDays * day);
      const period = sql`tstzrange(${start.toISOString()}::timestamptz, ${new Date(start.getTime() + 3_600_000).toISOString()}::timestamptz, '[)')`;
      if (who.partner) {
        await sql`INSERT INTO bookings (id, instrument_id, requester_kind, requester_partner, requester_pseudonym, requester_claimed_unit_id, status, period, purpose, channel)
          VALUES (${id(n)}::uuid, ${iid}, 'partner', ${who.partner}, 'p1', 'jx-u001', ${status}, ${period}, 'test', ${`partner:${who.partner}`})`.execute(
          database.db,
        );
      } else {
        await sql`INSERT INTO bookings (id, instrument_id, requester_kind, requester_sub, requester_unit_id, status, period, purpose)
          VALUES (${id(n)}::uuid, ${iid}, 'user', ${`user-${n}`}, ${who.unit ?? null}, ${status}, ${period}, 'test')`.execute(database.db);
      }
    };
    await booking(1, supervised, 'confirmed', { partner: 'shanghai' });
    await booking(2, supervised, 'pending_owner', { unit: null });
    await booking(3, supervised, 'confirmed', { unit: 'sh-u042' });
    await booking(4, supervised, 'confirmed', { unit: 'jx-u001' });
    await booking(5, supervised, 'confirmed', { partner: 'shanghai' }, -1);
    await booking(6, ended, 'confirmed', { partner: 'shanghai' });
    await booking(7, notDutyFree, 'confirmed', { unit: null });
    await booking(8, supervised, 'confirmed', { unit: 'sh-u042' });
    await sql`INSERT INTO customs_decisions (booking_id, decision, officer, reference, reason) VALUES (${id(8)}::uuid, 'approved', 'officer-1', 'JX-2026-001', null)`.execute(
      database.db,
    );
    await booking(9, supervised, 'cancelled', { unit: null });
    await run();
  }, 60_000);
  afterAll(async () => {
    await database?.dispose();
  });

  const status = async (n: number) =>
    (await sql<{ status: string }>`SELECT status FROM bookings WHERE id = ${id(n)}::uuid`.execute(database.db)).rows[0].status;
  const audit = async (n: number) =>
    (
      await sql<{
        from_status: string;
        to_status: string;
        actor: string;
        reason: string;
      }>`SELECT from_status, to_status, actor, reason FROM booking_audit WHERE booking_id = ${id(n)}::uuid ORDER BY id`.execute(database.db)
    ).rows;

  it("sends a partner's confirmed booking back to customs, with an audited reason citing Art. 12", async () => {
    expect(await status(1)).toBe('awaiting_customs');
    const rows = await audit(1);
    expect(rows).toEqual([
      { from_status: 'confirmed', to_status: 'awaiting_customs', actor: 'system:customs-recheck', reason: expect.stringContaining('Art. 12') },
    ]);
    expect(rows[0].reason).toMatch(/partner's requester/);
    const { rows: booking } = await sql<{ reason: string }>`SELECT reason FROM bookings WHERE id = ${id(1)}::uuid`.execute(database.db);
    expect(booking[0].reason).toBe(rows[0].reason);
  });

  it("sends a unitless requester's pending booking and another unit's confirmed booking back to customs", async () => {
    expect(await status(2)).toBe('awaiting_customs');
    expect(await audit(2)).toEqual([
      expect.objectContaining({ from_status: 'pending_owner', to_status: 'awaiting_customs', reason: expect.stringMatching(/without a unit/) }),
    ]);
    expect(await status(3)).toBe('awaiting_customs');
    expect(await audit(3)).toEqual([
      expect.objectContaining({ from_status: 'confirmed', reason: expect.stringMatching(/sh-u042, not the owning unit jx-u001/) }),
    ]);
  });

  it('lists the re-checked bookings for Jiaxing Customs to decide', async () => {
    const { rows } = await sql<{ id: string }>`SELECT id FROM bookings WHERE status = 'awaiting_customs' ORDER BY id`.execute(database.db);
    expect(rows.map((r) => r.id)).toEqual([id(1), id(2), id(3)]);
  });

  it("leaves the owning unit's, started, no-longer-supervised, not duty-free, already decided and final bookings alone", async () => {
    expect([await status(4), await status(5), await status(6), await status(7), await status(8), await status(9)]).toEqual([
      'confirmed',
      'confirmed',
      'confirmed',
      'confirmed',
      'confirmed',
      'cancelled',
    ]);
    for (const n of [4, 5, 6, 7, 8, 9]) expect(await audit(n)).toEqual([]);
  });

  it('is idempotent: running it again moves nothing and writes no audit row', async () => {
    const before = (await sql<{ n: string }>`SELECT count(*)::text AS n FROM booking_audit`.execute(database.db)).rows[0].n;
    await run();
    expect((await sql<{ n: string }>`SELECT count(*)::text AS n FROM booking_audit`.execute(database.db)).rows[0].n).toBe(before);
    expect(await status(1)).toBe('awaiting_customs');
  });

  it('is part of the migrations every deployment runs', async () => {
    const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration WHERE name = '0016-customs-recheck'`.execute(database.db);
    expect(rows).toHaveLength(1);
  });
});
