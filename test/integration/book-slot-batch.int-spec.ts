import { DATABASE, sql, type Database } from '@app/persistence';
import { BookingRepository, type InsertOutcome, type NewBooking } from '../../libs/booking/src/infrastructure/booking.repository';
import { storageModes } from '../support/databases';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';

const FIRST = localInstrumentId('jx-u001', 'BATCH-1');
const SECOND = localInstrumentId('jx-u001', 'BATCH-2');
const CONTENDED = localInstrumentId('jx-u001', 'BATCH-3');

/**
 * Bookings arriving together share `book_slot` statements (one round trip, one commit), and each is
 * answered exactly as if it had gone alone: distinct windows stored, one winner on a shared window,
 * a requester's quota counted with the bookings before it, and a booking that fails takes none of
 * the others with it.
 */
describe.each(storageModes())('book_slot for bookings arriving together (%s)', (mode) => {
  let gw: TestGateway;
  let repository: BookingRepository;
  let statements = 0;

  beforeAll(async () => {
    gw = await startTestGateway(mode);
    await gw.seed(JX_UNITS, [sem({ localId: 'BATCH-1' }), sem({ localId: 'BATCH-2' }), sem({ localId: 'BATCH-3' })]);
    repository = gw.app.get(BookingRepository);
    const pool = gw.app.get<Database>(DATABASE).pool;
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    (pool as { query: unknown }).query = (...args: unknown[]) => {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string }).text;
      if (text?.includes('book_slot')) statements++;
      return query(...args);
    };
  }, 60_000);
  afterAll(() => gw?.close());

  function booking(instrumentId: string, key: string, day: number, hour: number, sub = 'batch-user', maxByRequester = 1_000): NewBooking {
    const date = `2026-12-${String(day).padStart(2, '0')}`;
    return {
      request: {
        instrumentId,
        window: {
          start: new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`),
          end: new Date(`${date}T${String(hour + 1).padStart(2, '0')}:00:00+08:00`),
        },
        purpose: 'instrument time',
      },
      requester: { kind: 'user', sub, unitId: 'jx-u002' },
      status: 'confirmed',
      reason: 'the window was free',
      key,
      requestHash: `hash-${key}`,
      ownerPlatform: 'local',
      held: { maxByRequester },
      now: new Date('2026-11-29T04:00:00Z'),
    };
  }

  it('answers each as alone, in fewer statements than bookings', async () => {
    const distinct = Array.from({ length: 30 }, (_, i) => booking(i % 2 ? FIRST : SECOND, `batch-distinct-${i}`, 1 + (i >> 1), 9));
    const contended = Array.from({ length: 5 }, (_, i) => booking(CONTENDED, `batch-contended-${i}`, 10, 9));
    const quota = Array.from({ length: 5 }, (_, i) => booking(CONTENDED, `batch-quota-${i}`, 20 + i, 9, 'quota-user', 3));
    const all = [...distinct, ...contended, ...quota];

    statements = 0;
    const settled = await Promise.allSettled(all.map((n) => repository.insert(n)));
    const outcomes = settled.map((s) => (s.status === 'fulfilled' ? s.value : undefined));
    const kinds = (of: (InsertOutcome | undefined)[]) => of.map((o) => o?.kind);

    expect(statements).toBeLessThan(all.length);
    expect(kinds(outcomes.slice(0, 30))).toEqual(Array(30).fill('created'));
    const onShared = outcomes.slice(30, 35);
    expect(kinds(onShared).filter((k) => k === 'created')).toHaveLength(1);
    for (const o of onShared.filter((x) => x?.kind === 'overlap')) {
      expect(o).toEqual({ kind: 'overlap', conflict: { start: new Date('2026-12-10T09:00:00+08:00'), end: new Date('2026-12-10T10:00:00+08:00') } });
    }
    expect(kinds(onShared).filter((k) => k === 'overlap')).toHaveLength(4);
    expect(kinds(outcomes.slice(35, 40)).filter((k) => k === 'created')).toHaveLength(3);
    for (const o of outcomes.slice(35, 40).filter((x) => x?.kind === 'quota')) expect(o).toEqual({ kind: 'quota', held: { byRequester: 3, byPartner: 0 } });
    const db = gw.app.get<Database>(DATABASE).db;
    const stored = await sql<{ bookings: number; audited: number }>`
      SELECT count(*)::int AS bookings, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM booking_audit a WHERE a.booking_id = b.id))::int AS audited
      FROM bookings b WHERE idempotency_key LIKE 'batch-%'`.execute(db);
    expect(stored.rows[0]).toEqual({ bookings: 34, audited: 34 });

    // A key that made a booking answers it again.
    const again = await repository.insert(distinct[0]);
    expect(again).toMatchObject({ kind: 'existing', booking: { id: (outcomes[0] as { booking: { id: string } }).booking.id } });
  });

  it('stores the others when one booking of a statement fails', async () => {
    // The first ones go at once, each alone; the rest wait and share a statement, which an unknown instrument (its foreign key) fails.
    const first = Array.from({ length: 6 }, (_, i) => booking(FIRST, `batch-first-${i}`, 1 + i, 14));
    const unknown = booking(localInstrumentId('jx-u001', 'NO-SUCH'), 'batch-unknown', 1, 14);
    const last = Array.from({ length: 6 }, (_, i) => booking(SECOND, `batch-last-${i}`, 1 + i, 14));
    const settled = await Promise.allSettled([...first, unknown, ...last].map((n) => repository.insert(n)));

    expect(settled[6]).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ code: '23503' }) });
    expect(settled.filter((s) => s.status === 'fulfilled').map((s) => (s as PromiseFulfilledResult<InsertOutcome>).value.kind)).toEqual(
      Array(12).fill('created'),
    );
  });
});
