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
    repo = new InstrumentRepository(database.db, database);
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

  it("reads a booking's facts under the same visibility as the whole record, and nothing of a withdrawn one", async () => {
    const limits = { maxWindowHours: 4, maxActivePerRequester: 2 };
    await repo.upsertMany([
      prepare(
        sem({
          localId: 'BK-OPEN',
          bookingLimits: limits,
          dutyFreeImport: { declarationNo: '310120231234567891', releaseDate: '2024-03-01', supervisionYears: 3 },
          requiresOwnerApproval: true,
        }),
      ),
      prepare(sem({ localId: 'BK-SECRET', confidentiality: { status: 'confidential' } })),
      prepare(sem({ localId: 'BK-GONE' })),
    ]);
    await repo.softDelete(localInstrumentId('jx-u001', 'BK-GONE'));
    const callers = [{ all: true } as const, { all: false, unitId: 'jx-u001' } as const, { all: false, unitId: 'jx-u002' } as const, { all: false } as const];
    for (const id of ['BK-OPEN', 'BK-SECRET', 'BK-GONE', 'BK-NONE'].map((l) => localInstrumentId('jx-u001', l))) {
      for (const visibility of callers) {
        const whole = await repo.findVisible(id, visibility);
        const facts = await repo.bookable(id, visibility);
        expect(facts === undefined).toBe(whole === undefined);
        if (!whole || !facts) continue;
        const { id: _, unitId, sourcePlatform, fee, dutyFreeImport, requiresOwnerApproval, bookingLimits } = whole.instrument;
        expect(facts.facts).toEqual({ id, unitId, sourcePlatform, fee, dutyFreeImport, requiresOwnerApproval, ...(bookingLimits ? { bookingLimits } : {}) });
        expect(facts.stamp).toEqual({ version: whole.instrument.version, contentHash: whole.contentHash, shareable: whole.shareable });
      }
    }
    expect((await repo.bookable(localInstrumentId('jx-u001', 'BK-OPEN'), { all: false }))?.facts.bookingLimits).toEqual(limits);
    expect(await repo.bookable(localInstrumentId('jx-u001', 'BK-SECRET'), { all: false, unitId: 'jx-u002' })).toBeUndefined();
    expect(await repo.bookable(localInstrumentId('jx-u001', 'BK-SECRET'), { all: false, unitId: 'jx-u001' })).toBeDefined();
    expect(await repo.bookable(localInstrumentId('jx-u001', 'BK-GONE'), { all: true })).toBeUndefined();
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
