import { BookableInstrumentUseCase, prepareInstrument, type InstrumentInput } from '@app/catalog';
import { DomainError, FixedClock } from '@app/common';
import type { AppConfig } from '@app/config';
import { InstrumentRepository } from '../../libs/catalog/src/infrastructure/instrument.repository';
import { UnitRepository } from '../../libs/catalog/src/infrastructure/unit.repository';
import { openTestDatabase, storageModes } from '../support/databases';
import { JX_UNITS, TEST_TODAY, sem } from '../support/gateway';
import { localInstrumentId } from '../support/ids';

const prepare = (input: InstrumentInput) => prepareInstrument(input, { region: 'jiaxing', sourcePlatform: 'local', asOf: TEST_TODAY });
const config = { measures: { effectiveDate: '2026-01-01' } } as AppConfig;

/**
 * Bookings of instruments a gateway has not booked yet (after a restart, a burst over many instruments)
 * each needed a read of the instrument: one statement each, one pooled connection each, at the
 * moment the gateway is busiest. Those that arrive together are read together.
 */
describe.each(storageModes())('instruments read for bookings arriving together (%s)', (mode) => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let bookable: BookableInstrumentUseCase;
  const id = (localId: string) => localInstrumentId('jx-u001', localId);
  const outsider = { sub: 'alice', roles: ['user' as const], unitId: 'jx-u002' };

  beforeAll(async () => {
    database = await openTestDatabase(mode);
    const repo = new InstrumentRepository(database.db);
    await new UnitRepository(database.db).upsertMany(JX_UNITS);
    await repo.upsertMany([
      ...Array.from({ length: 12 }, (_, i) => prepare(sem({ localId: `FRESH-${i}` }))),
      prepare(sem({ localId: 'HIDDEN', confidentiality: { status: 'confidential' } })),
    ]);
    bookable = new BookableInstrumentUseCase(repo, new FixedClock(new Date(`${TEST_TODAY}T04:00:00Z`)), config);
  }, 60_000);
  afterAll(() => database?.dispose());

  /** Statements sent while `work` runs: each takes a connection from the pool. */
  async function statements<T>(work: () => Promise<T>): Promise<{ result: T; count: number }> {
    let count = 0;
    const count1 = () => count++;
    database.pool.on('acquire', count1);
    try {
      return { result: await work(), count };
    } finally {
      database.pool.off('acquire', count1);
    }
  }

  it('reads instruments asked for at once in one statement, each answered as if read alone', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => id(`FRESH-${i}`));
    const { result, count } = await statements(() =>
      Promise.all(
        [...ids, ids[0], id('HIDDEN'), id('NO-SUCH')].map((i) =>
          bookable.execute(i, outsider).then(
            (b) => b.view.id,
            (e: DomainError) => e.code,
          ),
        ),
      ),
    );
    // The same instrument twice, the hidden one and a free id in the same statement: each gets its own answer.
    expect(result).toEqual([...ids, ids[0], 'NOT_FOUND', 'NOT_FOUND']);
    expect(count).toBe(1);
    // Remembered: asked again, not read again.
    expect((await statements(() => Promise.all(ids.map((i) => bookable.execute(i, outsider))))).count).toBe(0);
  });

  it('reads apart what callers of different units may see, so one unit’s confidential instrument stays hidden from the others', async () => {
    const owner = { sub: 'carol', roles: ['user' as const], unitId: 'jx-u001' };
    const { result } = await statements(() =>
      Promise.all([
        bookable.execute(id('HIDDEN'), outsider, { fresh: true }).then(
          () => 'seen',
          (e: DomainError) => e.code,
        ),
        bookable.execute(id('HIDDEN'), owner, { fresh: true }).then((b) => b.view.id),
      ]),
    );
    expect(result).toEqual(['NOT_FOUND', id('HIDDEN')]);
  });
});
