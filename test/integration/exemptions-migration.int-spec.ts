import { migrateDownTo, migrateToLatest, sql } from '@app/persistence';
import { openTestDatabase, storageModes } from '../support/databases';
import { localInstrumentId } from '../support/ids';

/**
 * Migration 0021: a unit's self-declared exemption (never checked by anyone)
 * becomes a `requested` exemption for its competent department, with a trail
 * row saying why, and the instrument is shared again, bumped in the change
 * feed so partners, the province and search follow.
 */
describe.each(storageModes())('migration 0021: self-declared exemptions become requests (%s)', (mode) => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  const declared = localInstrumentId('jx-u001', 'EXD-1');
  const noted = localInstrumentId('jx-u002', 'EXD-2');
  const secret = localInstrumentId('jx-u001', 'SEC-1');
  const before = new Map<string, string>();

  beforeAll(async () => {
    database = await openTestDatabase(mode);
    await migrateDownTo(database.db, '0021-exemptions');
    await database.db
      .insertInto('units')
      .values([
        { id: 'jx-u001', name: '嘉兴学院', region: 'jiaxing', city: '嘉兴市', kind: 'university', sector: 'education' },
        { id: 'jx-u002', name: '嘉兴市第一医院', region: 'jiaxing', city: '嘉兴市', kind: 'hospital', sector: 'health' },
      ])
      .execute();
    const instrument = (id: string, unit: string, localId: string, confidentiality: object) => {
      const c = JSON.stringify(confidentiality);
      return sql`INSERT INTO instruments (id, region, local_id, source_platform, unit_id, name, category_code, value_cny, funding_source, city,
        confidentiality, confidentiality_status, shareable, customs_gated, content_hash)
        VALUES (${id}, 'jiaxing', ${`${unit}.${localId}`}, 'local', ${unit}, '扫描电子显微镜', '0101', 1200000, 'fiscal', '嘉兴市',
        ${c}::jsonb, ${(confidentiality as { status: string }).status}, false, false, 'h')`.execute(database.db);
    };
    const record = {
      approvedBy: '嘉兴市教育局',
      approvalRef: '嘉教〔2025〕1号',
      approvalDate: '2025-01-05',
      filingRef: '浙大仪办备〔2025〕1号',
      filingDate: '2025-01-10',
    };
    await instrument(declared, 'jx-u001', 'EXD-1', { status: 'exempted', ...record });
    await instrument(noted, 'jx-u002', 'EXD-2', { status: 'exempted', ...record, note: '与企业合作保密协议' });
    await instrument(secret, 'jx-u001', 'SEC-1', { status: 'confidential' });
    for (const { id, change_seq } of (await sql<{ id: string; change_seq: string }>`SELECT id, change_seq FROM instruments`.execute(database.db)).rows)
      before.set(id, change_seq);
    expect(await migrateToLatest(database.db)).toContain('0021-exemptions');
  }, 60_000);
  afterAll(async () => {
    await database?.dispose();
  });

  const instrument = async (id: string) =>
    (
      await sql<{ confidentiality: object; confidentiality_status: string; shareable: boolean; version: string; change_seq: string }>`
      SELECT confidentiality, confidentiality_status, shareable, version, change_seq FROM instruments WHERE id = ${id}`.execute(database.db)
    ).rows[0];
  const requests = async () =>
    (
      await sql<{ id: string; instrument_id: string; unit_id: string; department_code: string; status: string; grounds: string; requested_by: string }>`
      SELECT id, instrument_id, unit_id, department_code, status, grounds, requested_by FROM exemption_requests ORDER BY instrument_id`.execute(database.db)
    ).rows;

  it('turns each self-declaration into a requested exemption for the competent department', async () => {
    expect((await requests()).map(({ id: _id, ...r }) => r)).toEqual([
      {
        instrument_id: declared,
        unit_id: 'jx-u001',
        department_code: 'education_bureau',
        status: 'requested',
        grounds: 'migrated self-declaration',
        requested_by: 'system:exemption-migration',
      },
      {
        instrument_id: noted,
        unit_id: 'jx-u002',
        department_code: 'health_commission',
        status: 'requested',
        grounds: '与企业合作保密协议',
        requested_by: 'system:exemption-migration',
      },
    ]);
  });

  it('writes a trail row saying why, which cannot be edited', async () => {
    const [first] = await requests();
    const { rows } = await sql<{ from_status: string | null; to_status: string; actor: string; detail: string }>`
      SELECT from_status, to_status, actor, detail FROM exemption_trail WHERE request_id = ${first.id}::uuid`.execute(database.db);
    expect(rows).toEqual([
      { from_status: null, to_status: 'requested', actor: 'system:exemption-migration', detail: expect.stringMatching(/Art\. 11.*shared again/) },
    ]);
    expect(rows[0].detail).toContain('嘉教〔2025〕1号');
    await expect(sql`UPDATE exemption_trail SET detail = 'x'`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM exemption_trail`.execute(database.db)).rejects.toThrow(/append-only/);
  });

  it('shares the instruments again, bumped in the change feed; a confidential one stays as it is', async () => {
    for (const id of [declared, noted]) {
      const row = await instrument(id);
      expect(row).toMatchObject({ confidentiality: { status: 'none' }, confidentiality_status: 'none', shareable: true, version: '2' });
      expect(BigInt(row.change_seq)).toBeGreaterThan(BigInt(before.get(id)!));
    }
    expect(await instrument(secret)).toMatchObject({ confidentiality: { status: 'confidential' }, version: '1', change_seq: before.get(secret) });
  });
});
