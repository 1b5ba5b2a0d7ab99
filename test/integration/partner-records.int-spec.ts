import { prepareInstrument, type InstrumentInput, type ManagementUnit, type RemoteBatch } from '@app/catalog';
import { PartnerRecordRepository } from '../../libs/catalog/src/infrastructure/partner-record.repository';
import { openTestDatabase, storageModes } from '../support/databases';
import { sem } from '../support/gateway';

const UNIT: ManagementUnit = {
  id: 'sh-u001',
  name: '复旦大学',
  nameEn: 'Fudan University',
  region: 'shanghai',
  city: '上海市',
  kind: 'university',
  sector: 'education',
};

const record = (overrides: Partial<InstrumentInput>, version: bigint) => ({
  // As the sync prepares a partner's record: stamped with its version.
  write: prepareInstrument(sem({ unitId: UNIT.id, city: '上海市', ...overrides }), {
    region: 'shanghai',
    sourcePlatform: 'shanghai',
    asOf: '2026-12-06',
    version,
  }),
  version,
  unit: UNIT,
});

const batch = (upserts: ReturnType<typeof record>[]): RemoteBatch => ({ upserts, removals: [], droppedConfidential: 0, invalid: [], cursor: 'p1.1' });

describe.each(storageModes())("a partner's batch in the catalog (%s)", (mode) => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let records: PartnerRecordRepository;
  const apply = (upserts: ReturnType<typeof record>[]) => records.applyBatch('shanghai', batch(upserts), async () => undefined);
  const changeSeq = async (id: string) =>
    (await database.db.selectFrom('instruments').select('change_seq').where('id', '=', id).executeTakeFirstOrThrow()).change_seq;

  beforeAll(async () => {
    database = await openTestDatabase(mode);
    records = new PartnerRecordRepository(database.db);
  }, 120_000);
  afterAll(() => database?.dispose());

  it('stores every record of the batch as the partner sent it, whatever its text holds', async () => {
    // Quotes, backslashes, braces, commas, "NULL", line breaks and tabs: what an
    // array literal or a JSON document must carry through unchanged.
    const awkward = record(
      {
        localId: 'SH-AWK-1',
        name: '显微镜 "A" {1,2} \\ 型',
        model: 'NULL',
        manufacturer: 'a\\"b',
        description: 'line one\nline two\twith "quotes", \\n not a break, {braces}',
        fee: { unit: 'hour', internalPriceCny: 300, externalPriceCny: 500.5, note: '周末\n加收 "20%"' },
        serviceModes: ['self_operated', 'operator_assisted', 'sample_submission'],
      },
      3n,
    );
    const plain = Array.from({ length: 40 }, (_, i) =>
      record({ localId: `SH-P-${i}`, nameEn: undefined, model: undefined, location: undefined, fee: undefined }, 1n),
    );
    await expect(apply([awkward, ...plain])).resolves.toEqual({ applied: 41, removed: 0 });

    const stored = await records.live([awkward.write.id, plain[7].write.id]);
    const byId = new Map(stored.map((s) => [s.instrument.id, s.instrument]));
    expect(byId.get(awkward.write.id)).toMatchObject({
      ...awkward.write.input,
      id: 'shanghai:SH-AWK-1',
      region: 'shanghai',
      sourcePlatform: 'shanghai',
      version: 3,
    });
    const p = byId.get(plain[7].write.id);
    expect(p).toMatchObject({ ...(JSON.parse(JSON.stringify(plain[7].write.input)) as object), version: 1 });
    expect(p?.nameEn ?? null).toBeNull();
    expect(p?.fee ?? null).toBeNull();
    expect(p?.location ?? null).toBeNull();
    await expect(records.count('shanghai')).resolves.toBe(41);
  });

  it('applies a record only over an older version: a replay or an older one changes nothing and does not move the change feed', async () => {
    const id = 'shanghai:SH-V-1';
    await apply([record({ localId: 'SH-V-1', description: 'v2' }, 2n)]);
    const seq = await changeSeq(id);

    await expect(apply([record({ localId: 'SH-V-1', description: 'v2' }, 2n)])).resolves.toEqual({ applied: 0, removed: 0 });
    await expect(apply([record({ localId: 'SH-V-1', description: 'v1, late' }, 1n)])).resolves.toEqual({ applied: 0, removed: 0 });
    expect(await changeSeq(id)).toBe(seq);
    expect((await records.live([id]))[0].instrument).toMatchObject({ description: 'v2', version: 2 });

    // Twice in one batch: the newest wins.
    await expect(apply([record({ localId: 'SH-V-1', description: 'v4' }, 4n), record({ localId: 'SH-V-1', description: 'v3' }, 3n)])).resolves.toEqual({
      applied: 1,
      removed: 0,
    });
    expect((await records.live([id]))[0].instrument).toMatchObject({ description: 'v4', version: 4 });
    expect(BigInt(await changeSeq(id))).toBeGreaterThan(BigInt(seq));
  });
  it('removes in one batch what it held older, each id once at the newest version a removal names', async () => {
    await apply([record({ localId: 'SH-R-1' }, 1n), record({ localId: 'SH-R-2' }, 1n), record({ localId: 'SH-R-3' }, 3n)]);
    const removals = [
      { id: 'shanghai:SH-R-1', version: 2n },
      { id: 'shanghai:SH-R-1', version: 5n },
      { id: 'shanghai:SH-R-2', version: 2n },
      // Older than what we hold: kept.
      { id: 'shanghai:SH-R-3', version: 2n },
      // Never held.
      { id: 'shanghai:SH-R-404', version: 1n },
    ];
    await expect(records.applyBatch('shanghai', { ...batch([]), removals }, async () => undefined)).resolves.toEqual({ applied: 0, removed: 2 });
    const rows = await database.db
      .selectFrom('instruments')
      .select(['id', 'version', 'shareable'])
      .select((eb) => eb('deleted_at', 'is not', null).as('deleted'))
      .where('id', 'in', ['shanghai:SH-R-1', 'shanghai:SH-R-2', 'shanghai:SH-R-3'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { id: 'shanghai:SH-R-1', version: '5', shareable: false, deleted: true },
      { id: 'shanghai:SH-R-2', version: '2', shareable: false, deleted: true },
      { id: 'shanghai:SH-R-3', version: '3', shareable: true, deleted: false },
    ]);
    // A record listed again after its removal, at a version between the two removals of SH-R-1, stays removed.
    await expect(apply([record({ localId: 'SH-R-1' }, 4n)])).resolves.toEqual({ applied: 0, removed: 0 });
  });

  it('writes a batch queued behind another only once that one has succeeded, and not at all after it failed', async () => {
    let release!: () => void;
    const before = new Promise<void>((resolve) => (release = resolve));
    const bookkept: string[] = [];
    const queued = records.applyBatch(
      'shanghai',
      { ...batch([record({ localId: 'SH-Q-1' }, 1n)]), cursor: 'p1.7' },
      async (_trx, r) => {
        bookkept.push(`applied ${r.applied}`);
      },
      before,
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(bookkept).toEqual([]);
    await expect(records.live(['shanghai:SH-Q-1'])).resolves.toEqual([]);
    release();
    await expect(queued).resolves.toEqual({ applied: 1, removed: 0 });
    expect(bookkept).toEqual(['applied 1']);

    const failed = Promise.reject(new Error('the write before it failed'));
    await expect(
      records.applyBatch('shanghai', batch([record({ localId: 'SH-Q-2' }, 1n)]), async () => void bookkept.push('after a failure'), failed),
    ).rejects.toThrow('the write before it failed');
    await expect(records.live(['shanghai:SH-Q-2'])).resolves.toEqual([]);
    expect(bookkept).toEqual(['applied 1']);
  });
});
