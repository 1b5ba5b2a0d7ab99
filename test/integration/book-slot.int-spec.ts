import type { Kysely } from 'kysely';
import { DATABASE, sql, type Database } from '@app/persistence';
import { storageModes } from '../support/databases';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';

const BOOKED = localInstrumentId('jx-u001', 'SEM-BOOKED');
const BUSY = localInstrumentId('jx-u001', 'SEM-BUSY');
const SHARED = localInstrumentId('jx-u001', 'SEM-SHARED');
const OTHER_BOOKINGS = 5_000;

/**
 * `book_slot` (migrations 0026, 0033, 0034, 0035) decides a booking under the instrument's lock, so what it
 * reads there is what every booking of that instrument waits for. Its work is counted in the pages
 * of `bookings` and its indexes that the call fetched (the database's own statistics): a count,
 * not a time, so the machine's load does not move it, and only the booking table's, so a catalog
 * reload (other suites' DDL can reset a session's caches) is not counted.
 */
// Statistics that do not know the table (a new deployment), or that were taken on its first few
// bookings before a bulk of them (autovacuum's next analyze comes only after the table grew by a
// tenth): neither may change the path.
const STATISTICS = [
  ['never analysed', false],
  ['analysed at its first bookings', true],
] as const;

describe.each(storageModes().flatMap((mode) => STATISTICS.map(([label, analyseFirst]) => [mode, label, analyseFirst] as const)))(
  'book_slot on a large calendar (%s, statistics %s)',
  (mode, _label, analyseFirst) => {
    let gw: TestGateway;
    const db = () => gw.app.get<Database>(DATABASE).db;

    /** Pages of `bookings` and its indexes fetched so far, as the database's statistics count them. */
    async function pagesFetched(conn: Kysely<any>): Promise<number> {
      // Each statement's counts reach the shared statistics when its session goes idle: forced so there is no delay.
      await sql`SELECT pg_stat_force_next_flush()`.execute(conn);
      const { rows } = await sql<{ pages: string }>`
        SELECT (heap_blks_hit + heap_blks_read + coalesce(idx_blks_hit, 0) + coalesce(idx_blks_read, 0))::text AS pages
        FROM pg_statio_all_tables WHERE relid = 'bookings'::regclass`.execute(conn);
      return Number(rows[0].pages);
    }

    /** Books [start, end) of `instrumentId` for a user in one call on `conn`; answers the pages it fetched and the outcome. */
    async function book(conn: Kysely<any>, instrumentId: string, key: string, start: string, end: string): Promise<{ pages: number; status?: string }> {
      const before = await pagesFetched(conn);
      await sql`
        SELECT * FROM book_slot(gen_random_uuid(), ${instrumentId}, 'user', 'calendar-user', 'jx-u002',
          NULL, NULL, NULL, NULL, 'confirmed', ${start}::timestamptz, ${end}::timestamptz, 'instrument time', NULL,
          ${key}, 'hash', 'http', 'the window was free', 'local', NULL, NULL, 'user:calendar-user', ${`user:calendar-user:${key}`},
          NULL, NULL, NULL, 10, NULL, ${'2026-11-29T04:00:00Z'}::timestamptz)`.execute(conn);
      const pages = (await pagesFetched(conn)) - before;
      const stored = await sql<{ status: string }>`SELECT status FROM bookings WHERE requester_sub = 'calendar-user' AND idempotency_key = ${key}`.execute(
        conn,
      );
      return { pages, status: stored.rows[0]?.status };
    }

    beforeAll(async () => {
      gw = await startTestGateway(mode);
      await gw.seed(JX_UNITS, [sem({ localId: 'SEM-BOOKED' }), sem({ localId: 'SEM-BUSY' }), sem({ localId: 'SEM-SHARED' })]);
      // The statistics are each case's own: autovacuum may not take them meanwhile.
      await sql`ALTER TABLE bookings SET (autovacuum_enabled = false)`.execute(db());
    }, 60_000);
    afterAll(() => gw?.close());

    it("reads the booked instrument's windows, not every other instrument's open bookings", () =>
      db()
        .connection()
        .execute(async (conn) => {
          await book(conn, BOOKED, 'calendar-0', '2026-12-09T09:00:00+08:00', '2026-12-09T10:00:00+08:00');
          const first = await book(conn, BOOKED, 'calendar-1', '2026-12-10T09:00:00+08:00', '2026-12-10T10:00:00+08:00');
          expect(first.status).toBe('confirmed');
          if (analyseFirst) await sql`VACUUM ANALYZE bookings`.execute(conn);
          // Another instrument's calendar: a confirmed booking every half hour for over three months from 2026-12-01, all still open.
          await sql`
            INSERT INTO bookings (id, instrument_id, requester_kind, requester_sub, status, period, purpose, idempotency_key, request_hash, channel, reason, owner_platform)
            SELECT gen_random_uuid(), ${BUSY}, 'user', 'calendar-other', 'confirmed',
              tstzrange(timestamptz '2026-12-01T00:00:00+08:00' + g * interval '30 minutes', timestamptz '2026-12-01T00:30:00+08:00' + g * interval '30 minutes', '[)'),
              'instrument time', 'other-' || g, 'hash', 'http', 'the window was free', 'local'
            FROM generate_series(0, ${OTHER_BOOKINGS - 1}) AS g`.execute(conn);

          const free = await book(conn, BOOKED, 'calendar-2', '2026-12-11T09:00:00+08:00', '2026-12-11T10:00:00+08:00');
          const taken = await book(conn, BOOKED, 'calendar-3', '2026-12-10T09:30:00+08:00', '2026-12-10T10:30:00+08:00');

          expect(free.status).toBe('confirmed');
          expect(taken.status).toBeUndefined();
          // The same few pages as on an empty calendar (its indexes grew a level at most), not one per other booking.
          expect(free.pages).toBeLessThan(first.pages + 30);
          expect(taken.pages).toBeLessThan(first.pages + 30);
        }));

    it("counts the requester's open bookings of the instrument, not everyone's (migration 0035)", () =>
      db()
        .connection()
        .execute(async (conn) => {
          const first = await book(conn, SHARED, 'shared-0', '2026-12-09T09:00:00+08:00', '2026-12-09T10:00:00+08:00');
          expect(first.status).toBe('confirmed');
          // The same instrument's calendar, booked by others: a confirmed half hour each, all still open, from 2027 on.
          await sql`
            INSERT INTO bookings (id, instrument_id, requester_kind, requester_sub, status, period, purpose, idempotency_key, request_hash, channel, reason, owner_platform)
            SELECT gen_random_uuid(), ${SHARED}, 'user', 'calendar-other-' || (g % 50), 'confirmed',
              tstzrange(timestamptz '2027-01-01T00:00:00+08:00' + g * interval '30 minutes', timestamptz '2027-01-01T00:30:00+08:00' + g * interval '30 minutes', '[)'),
              'instrument time', 'shared-other-' || g, 'hash', 'http', 'the window was free', 'local'
            FROM generate_series(0, ${OTHER_BOOKINGS - 1}) AS g`.execute(conn);

          const free = await book(conn, SHARED, 'shared-1', '2026-12-10T09:00:00+08:00', '2026-12-10T10:00:00+08:00');
          expect(free.status).toBe('confirmed');
          // Without 0035 the quota count read every open booking of the instrument (hundreds of pages).
          expect(free.pages).toBeLessThan(first.pages + 30);
        }));
  },
);
