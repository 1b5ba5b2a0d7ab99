import { prepareInstrument, type InstrumentInput } from '@app/catalog';
import { InstrumentRepository } from '../../libs/catalog/src/infrastructure/instrument.repository';
import { UnitRepository } from '../../libs/catalog/src/infrastructure/unit.repository';
import { openTestDatabase, storageModes } from '../support/databases';
import { JX_UNITS, sem } from '../support/gateway';
import { localInstrumentId } from '../support/ids';

const prepare = (input: InstrumentInput) => prepareInstrument(input, { region: 'jiaxing', sourcePlatform: 'local', asOf: '2026-11-29' });

describe.each(storageModes())('instrument repository (%s)', (mode) => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let repo: InstrumentRepository;

  beforeAll(async () => {
    database = await openTestDatabase(mode);
    repo = new InstrumentRepository(database.db);
    await new UnitRepository(database.db).upsertMany(JX_UNITS);
  }, 60_000);
  afterAll(() => database?.dispose());

  const batch = (n: number, change = '') =>
    Array.from({ length: n }, (_, i) => prepare(sem({ localId: `B-${String(i).padStart(4, '0')}`, description: `第${i}台${change}` })));

  it('upserts a batch idempotently: a replay changes nothing and bumps no version', async () => {
    const first = await repo.upsertMany(batch(300));
    expect([...first.values()].every((o) => o === 'created')).toBe(true);
    const replay = await repo.upsertMany(batch(300));
    expect([...replay.values()].every((o) => o === 'unchanged')).toBe(true);
    expect((await repo.findById(localInstrumentId('jx-u001', 'B-0007')))?.instrument.version).toBe(1);
  });

  it('updates only the rows whose content changed', async () => {
    const rows = batch(300);
    rows[5] = prepare(sem({ localId: 'B-0005', description: '更换了探测器' }));
    const outcomes = await repo.upsertMany(rows);
    expect([...outcomes.entries()].filter(([, o]) => o === 'updated').map(([id]) => id)).toEqual([localInstrumentId('jx-u001', 'B-0005')]);
    expect((await repo.findById(localInstrumentId('jx-u001', 'B-0005')))?.instrument.version).toBe(2);
  });

  it('round-trips every field of the domain model', async () => {
    const input = sem({
      localId: 'RT-1',
      dutyFreeImport: { declarationNo: '310120231234567890', releaseDate: '2024-03-01', supervisionYears: 3 },
      fee: {
        unit: 'hour',
        internalPriceCny: 200,
        externalPriceCny: 400,
        tiers: [{ minQuantity: 8, internalPriceCny: 180, externalPriceCny: 350 }],
        setupFeeCny: 100,
      },
      iotSensorId: 'IOT-JX-0001',
      requiresOwnerApproval: true,
      valueCny: 1234567.89,
    });
    await repo.upsertMany([prepare(input)]);
    const stored = await repo.findById(localInstrumentId('jx-u001', 'RT-1'));
    expect(stored?.instrument).toMatchObject({ ...input, id: localInstrumentId('jx-u001', 'RT-1'), region: 'jiaxing', sourcePlatform: 'local', version: 1 });
    expect(stored?.customsGated).toBe(true);
  });

  it('keeps a withdrawn instrument as a tombstone that a re-registration revives with a new version', async () => {
    expect(await repo.softDelete(localInstrumentId('jx-u001', 'B-0001'))).toBe(true);
    expect(await repo.findById(localInstrumentId('jx-u001', 'B-0001'))).toBeUndefined();
    expect((await repo.findById(localInstrumentId('jx-u001', 'B-0001'), { includeDeleted: true }))?.instrument.version).toBe(2);
    const revived = await repo.upsertMany(batch(2));
    expect(revived.get(localInstrumentId('jx-u001', 'B-0001'))).toBe('updated');
    expect((await repo.findById(localInstrumentId('jx-u001', 'B-0001')))?.instrument.version).toBe(3);
  });

  it('does not store a classification computed from content that has changed since', async () => {
    await repo.upsertMany([prepare(sem({ localId: 'RACE-1' }))]);
    const read = (await repo.findById(localInstrumentId('jx-u001', 'RACE-1')))!;
    // The unit marks it confidential while a reclassification still holds the old record.
    await repo.upsertMany([prepare(sem({ localId: 'RACE-1', confidentiality: { status: 'confidential' } }))]);
    expect(await repo.updateDerivedFlags(localInstrumentId('jx-u001', 'RACE-1'), read.contentHash, true, false)).toBe(false);
    expect((await repo.findById(localInstrumentId('jx-u001', 'RACE-1')))?.shareable).toBe(false);
  });
});
