import { DATABASE, sql, type Database } from '@app/persistence';
import { storageModes } from '../support/databases';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';

const BOOKED = localInstrumentId('jx-u001', 'SEM-BOOKED');
const BUSY = localInstrumentId('jx-u001', 'SEM-BUSY');
const OTHER_BOOKINGS = 20_000;

/**
 * `book_slot` (migrations 0026, 0033) decides a booking under the instrument's lock, so what it
 * reads there is what every booking of that instrument waits for. Its work is counted in buffer
 * pages (EXPLAIN's BUFFERS, which include the statements run inside the function): a count, not a
 * time, so the machine's load does not move it.
 */
describe.each(storageModes())('book_slot on a large calendar (%s)', (mode) => {
  let gw: TestGateway;
  const db = () => gw.app.get<Database>(DATABASE).db;

  /** Books [start, end) of `instrumentId` for a user in one call; answers the pages it touched and the outcome. */
  async function book(instrumentId: string, key: string, start: string, end: string): Promise<{ pages: number; status?: string }> {
    const { rows } = await sql<{ 'QUERY PLAN': [{ Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number } }] }>`
      EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT * FROM book_slot(gen_random_uuid(), ${instrumentId}, 'user', 'calendar-user', 'jx-u002',
        NULL, NULL, NULL, NULL, 'confirmed', ${start}::timestamptz, ${end}::timestamptz, 'instrument time', NULL,
        ${key}, 'hash', 'http', 'the window was free', 'local', NULL, NULL, 'user:calendar-user', ${`user:calendar-user:${key}`},
        NULL, NULL, NULL, 10, NULL, ${'2026-11-29T04:00:00Z'}::timestamptz)`.execute(db());
    const plan = rows[0]['QUERY PLAN'][0].Plan;
    const stored = await sql<{ status: string }>`SELECT status FROM bookings WHERE requester_sub = 'calendar-user' AND idempotency_key = ${key}`.execute(db());
    return { pages: plan['Shared Hit Blocks'] + plan['Shared Read Blocks'], status: stored.rows[0]?.status };
  }

  beforeAll(async () => {
    gw = await startTestGateway(mode);
    await gw.seed(JX_UNITS, [sem({ localId: 'SEM-BOOKED' }), sem({ localId: 'SEM-BUSY' })]);
    // As on a new deployment or after a bulk of bookings: statistics that do not know the table yet.
    await sql`ALTER TABLE bookings SET (autovacuum_enabled = false)`.execute(db());
  }, 60_000);
  afterAll(() => gw?.close());

  it("reads the booked instrument's windows, not every other instrument's open bookings", async () => {
    // The first call of a session also reads the catalogs and plans the function's statements.
    await book(BOOKED, 'calendar-0', '2026-12-09T09:00:00+08:00', '2026-12-09T10:00:00+08:00');
    const first = await book(BOOKED, 'calendar-1', '2026-12-10T09:00:00+08:00', '2026-12-10T10:00:00+08:00');
    expect(first.status).toBe('confirmed');
    // Another instrument's calendar: a confirmed booking every half hour for a year from 2026-12-01, all still open.
    await sql`
      INSERT INTO bookings (id, instrument_id, requester_kind, requester_sub, status, period, purpose, idempotency_key, request_hash, channel, reason, owner_platform)
      SELECT gen_random_uuid(), ${BUSY}, 'user', 'calendar-other', 'confirmed',
        tstzrange(timestamptz '2026-12-01T00:00:00+08:00' + g * interval '30 minutes', timestamptz '2026-12-01T00:30:00+08:00' + g * interval '30 minutes', '[)'),
        'instrument time', 'other-' || g, 'hash', 'http', 'the window was free', 'local'
      FROM generate_series(0, ${OTHER_BOOKINGS - 1}) AS g`.execute(db());

    const free = await book(BOOKED, 'calendar-2', '2026-12-11T09:00:00+08:00', '2026-12-11T10:00:00+08:00');
    const taken = await book(BOOKED, 'calendar-3', '2026-12-10T09:30:00+08:00', '2026-12-10T10:30:00+08:00');

    expect(free.status).toBe('confirmed');
    expect(taken.status).toBeUndefined();
    // The same few pages as on an empty calendar (its index grew a level at most), not one per other booking.
    expect(free.pages).toBeLessThan(first.pages + 100);
    expect(taken.pages).toBeLessThan(first.pages + 100);
  });
});
