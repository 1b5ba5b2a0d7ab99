import { sql } from '@app/persistence';
import type { Kysely } from 'kysely';
import * as requesterKinds from '../../libs/persistence/src/migrations/0010-requester-kinds.migration';
import { openTestDatabase, storageModes } from '../support/databases';

/**
 * Migration 0010 moves bookings that partners made out of our users' `sub`
 * namespace: `partner:<id>:<pseudonym>` rows become partner requesters, the
 * unit they named becomes a claim, and a web user whose `sub` merely looks
 * like a partner identity stays a user.
 */
describe.each(storageModes())('migration 0010: requester kinds (%s)', (mode) => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

  beforeAll(async () => {
    database = await openTestDatabase(mode);
    await database.db
      .insertInto('units')
      .values({ id: 'jx-u001', name: '嘉兴学院', region: 'jiaxing', city: '嘉兴市', kind: 'university', sector: 'education' })
      .execute();
    await sql`INSERT INTO instruments (id, region, local_id, source_platform, unit_id, name, category_code, value_cny, funding_source, city,
      confidentiality, confidentiality_status, shareable, customs_gated, content_hash)
      VALUES ('jiaxing:A1', 'jiaxing', 'A1', 'local', 'jx-u001', '扫描电子显微镜', '0101', 1200000, 'fiscal', '嘉兴市',
      '{"status":"none"}', 'none', true, false, 'h')`.execute(database.db);
    // Back to the schema before 0010, with rows as the old code wrote them.
    await requesterKinds.down(database.db as unknown as Kysely<unknown>);
    const legacy = (n: number, sub: string, unit: string | null, key: string, channel: string, day: number) =>
      sql`INSERT INTO bookings (id, instrument_id, requester_sub, requester_unit_id, status, period, purpose, idempotency_key, channel, created_at)
        VALUES (${id(n)}::uuid, 'jiaxing:A1', ${sub}, ${unit}, 'requested',
          tstzrange(${`2026-12-0${day}T09:00+08:00`}::timestamptz, ${`2026-12-0${day}T10:00+08:00`}::timestamptz, '[)'), 'test', ${key}, ${channel},
          ${`2026-11-2${day}T00:00Z`}::timestamptz)`.execute(database.db);
    await legacy(1, 'partner:shanghai:p1', 'jx-u001', 'sh-key-1', 'partner:shanghai', 1);
    await legacy(2, 'partner:shanghai:p:2', null, 'sh-key-1', 'partner:shanghai', 2);
    await legacy(3, 'partner:shanghai:p1', 'jx-u001', 'web-key-1', 'http', 3);
    await requesterKinds.up(database.db as unknown as Kysely<unknown>);
  }, 60_000);
  afterAll(async () => {
    await database?.dispose();
  });

  const row = async (n: number) =>
    (
      await sql<
        Record<string, string | null>
      >`SELECT requester_kind, requester_sub, requester_unit_id, requester_partner, requester_pseudonym, requester_claimed_unit_id, idempotency_key
        FROM bookings WHERE id = ${id(n)}::uuid`.execute(database.db)
    ).rows[0];

  it("turns a partner's booking into a partner requester whose unit is only a claim", async () => {
    expect(await row(1)).toEqual({
      requester_kind: 'partner',
      requester_sub: null,
      requester_unit_id: null,
      requester_partner: 'shanghai',
      requester_pseudonym: 'p1',
      requester_claimed_unit_id: 'jx-u001',
      idempotency_key: 'sh-key-1',
    });
  });

  it('keeps the first booking of a partner key that was reused for another pseudonym; the later one no longer replays', async () => {
    expect(await row(2)).toMatchObject({ requester_kind: 'partner', requester_pseudonym: 'p:2', idempotency_key: `sh-key-1~${id(2)}` });
  });

  it('leaves a web user whose sub looks like a partner identity a user', async () => {
    expect(await row(3)).toMatchObject({ requester_kind: 'user', requester_sub: 'partner:shanghai:p1', requester_unit_id: 'jx-u001', requester_partner: null });
  });

  it("keeps the two kinds apart by constraint and keys a partner's idempotency per partner", async () => {
    await expect(
      sql`INSERT INTO bookings (id, instrument_id, requester_kind, requester_sub, requester_partner, requester_pseudonym, status, period, purpose)
        VALUES (${id(4)}::uuid, 'jiaxing:A1', 'partner', 'someone', 'shanghai', 'p1', 'requested', tstzrange('2026-12-05T09:00+08:00', '2026-12-05T10:00+08:00', '[)'), 'test')`.execute(
        database.db,
      ),
    ).rejects.toThrow(/bookings_requester_kind/);
    await expect(
      sql`INSERT INTO bookings (id, instrument_id, requester_kind, requester_unit_id, requester_partner, requester_pseudonym, status, period, purpose)
        VALUES (${id(5)}::uuid, 'jiaxing:A1', 'partner', 'jx-u001', 'shanghai', 'p1', 'requested', tstzrange('2026-12-05T09:00+08:00', '2026-12-05T10:00+08:00', '[)'), 'test')`.execute(
        database.db,
      ),
    ).rejects.toThrow(/bookings_requester_kind/);
    await expect(
      sql`INSERT INTO bookings (id, instrument_id, requester_kind, requester_partner, requester_pseudonym, status, period, purpose, idempotency_key)
        VALUES (${id(6)}::uuid, 'jiaxing:A1', 'partner', 'shanghai', 'p9', 'requested', tstzrange('2026-12-05T09:00+08:00', '2026-12-05T10:00+08:00', '[)'), 'test', 'sh-key-1')`.execute(
        database.db,
      ),
    ).rejects.toThrow(/bookings_partner_idempotency_idx/);
  });
});
