import { sql } from '@app/persistence';
import { openTestDatabase, storageModes } from '../support/databases';
import { localInstrumentId } from '../support/ids';

describe.each(storageModes())('database (%s)', (mode) => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;

  beforeAll(async () => {
    database = await openTestDatabase(mode);
    await database.db
      .insertInto('units')
      .values({ id: 'jx-u001', name: '嘉兴学院', region: 'jiaxing', city: '嘉兴市', kind: 'university', sector: 'education' })
      .execute();
    await sql`INSERT INTO instruments (id, region, local_id, source_platform, unit_id, name, category_code, value_cny, funding_source, city,
      confidentiality, confidentiality_status, shareable, customs_gated, content_hash)
      VALUES (${localInstrumentId('jx-u001', 'A1')}, 'jiaxing', 'A1', 'local', 'jx-u001', '扫描电子显微镜', '0101', 1200000, 'fiscal', '嘉兴市',
      '{"status":"none"}', 'none', true, false, 'h')`.execute(database.db);
  }, 60_000);

  afterAll(async () => {
    await database?.dispose();
  });

  const book = (id: string, from: string, to: string, status = 'confirmed') =>
    sql`INSERT INTO bookings (id, instrument_id, requester_sub, status, period, purpose)
        VALUES (${id}::uuid, ${localInstrumentId('jx-u001', 'A1')}, 'u1', ${status}, tstzrange(${from}::timestamptz, ${to}::timestamptz, '[)'), 'test')`.execute(
      database.db,
    );

  it('refuses a confirmed booking that overlaps another confirmed one', async () => {
    await book('00000000-0000-4000-8000-000000000001', '2026-12-01T09:00+08:00', '2026-12-01T11:00+08:00');
    await expect(book('00000000-0000-4000-8000-000000000002', '2026-12-01T10:00+08:00', '2026-12-01T12:00+08:00')).rejects.toThrow(
      /bookings_no_overlapping_confirmed/,
    );
  });

  it('treats periods as half-open: back-to-back bookings both hold', async () => {
    await expect(book('00000000-0000-4000-8000-000000000003', '2026-12-01T11:00+08:00', '2026-12-01T12:00+08:00')).resolves.toBeDefined();
  });

  it('lets unconfirmed requests overlap (only confirmed bookings hold a slot)', async () => {
    await expect(book('00000000-0000-4000-8000-000000000004', '2026-12-01T09:30+08:00', '2026-12-01T10:30+08:00', 'requested')).resolves.toBeDefined();
  });

  it('of many concurrent overlapping confirmations exactly one wins', async () => {
    const attempts = Array.from({ length: 50 }, (_, i) =>
      book(`00000000-0000-4000-8000-1000000000${String(i).padStart(2, '0')}`, '2026-12-02T09:00+08:00', '2026-12-02T10:00+08:00').then(
        () => 'won',
        (error: { code?: string }) => error.code,
      ),
    );
    const results = await Promise.all(attempts);
    expect(results.filter((r) => r === 'won')).toHaveLength(1);
    // Every loser lost to the exclusion constraint, not to anything else.
    expect(new Set(results.filter((r) => r !== 'won'))).toEqual(new Set(['23P01']));
  });

  it('answers concurrent parameterized queries on separate connections each with its own result, also while a transaction holds the line', async () => {
    // A transaction that stays open makes the other connections' messages queue up together.
    let opened!: () => void;
    const isOpen = new Promise<void>((resolve) => (opened = resolve));
    const holder = database.db.transaction().execute(async (trx) => {
      await sql`SELECT 1`.execute(trx);
      opened();
      await new Promise((r) => setTimeout(r, 300));
      await sql`SELECT 2`.execute(trx);
    });
    await isOpen;
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        i % 2 === 0
          ? sql<{ v: number }>`SELECT ${i}::int * 2 AS v`.execute(database.db).then((r) => r.rows[0].v === i * 2)
          : sql<{ v: string }>`SELECT ${String(i)}::text || ${'-'}::text || ${'x'}::text AS v`.execute(database.db).then((r) => r.rows[0].v === `${i}-x`),
      ),
    );
    await holder;
    expect(answers.every(Boolean)).toBe(true);
  });

  it('returns large results intact, row for row, while other connections query too (the search index loads its catalog in pages of 5,000)', async () => {
    const { createHash } = await import('node:crypto');
    const body = (n: number) => createHash('md5').update(String(n)).digest('hex').repeat(40);
    // Megabytes each: more than a socket takes at once, so they are still in flight when the next query runs.
    const large = () => sql<{ n: number; body: string }>`SELECT g AS n, repeat(md5(g::text), 40) AS body FROM generate_series(1, 5000) g`.execute(database.db);
    const small = () => sql<{ one: number }>`SELECT 1 AS one`.execute(database.db);
    const results = await Promise.all([large(), small(), large(), small(), large(), small()]);
    for (const { rows } of [results[0], results[2], results[4]] as { rows: { n: number; body: string }[] }[]) {
      expect(rows).toHaveLength(5000);
      expect(rows.filter((r, i) => r.n !== i + 1 || r.body !== body(i + 1))).toEqual([]);
    }
  });

  it('isolates concurrent transactions: a rolled-back one leaves nothing behind', async () => {
    const work = Array.from({ length: 20 }, (_, i) =>
      database.db
        .transaction()
        .execute(async (trx) => {
          await sql`INSERT INTO units (id, name, region, city, kind, sector) VALUES (${`tx-${i}`}, 'x', 'jiaxing', '嘉兴市', 'university', 'education')`.execute(
            trx,
          );
          if (i % 2 === 1) throw new Error('roll back');
        })
        .catch(() => undefined),
    );
    await Promise.all(work);
    const rows = await database.db.selectFrom('units').select('id').where('id', 'like', 'tx-%').orderBy('id').execute();
    expect(rows.map((r) => r.id).sort()).toEqual(['tx-0', 'tx-10', 'tx-12', 'tx-14', 'tx-16', 'tx-18', 'tx-2', 'tx-4', 'tx-6', 'tx-8']);
  });

  it('keeps the booking audit append-only', async () => {
    await sql`INSERT INTO booking_audit (booking_id, to_status, actor) VALUES ('00000000-0000-4000-8000-000000000001', 'confirmed', 'test')`.execute(
      database.db,
    );
    await expect(sql`UPDATE booking_audit SET actor = 'x'`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM booking_audit`.execute(database.db)).rejects.toThrow(/append-only/);
  });

  it('moves the change sequence forward on every update', async () => {
    const before = await database.db
      .selectFrom('instruments')
      .select('change_seq')
      .where('id', '=', localInstrumentId('jx-u001', 'A1'))
      .executeTakeFirstOrThrow();
    await database.db.updateTable('instruments').set({ name: '场发射扫描电子显微镜' }).where('id', '=', localInstrumentId('jx-u001', 'A1')).execute();
    const after = await database.db
      .selectFrom('instruments')
      .select('change_seq')
      .where('id', '=', localInstrumentId('jx-u001', 'A1'))
      .executeTakeFirstOrThrow();
    expect(BigInt(after.change_seq)).toBeGreaterThan(BigInt(before.change_seq));
  });
});
