import type { Kysely } from 'kysely';
import { OVERLAP_PROBE, bookSlotFunction } from './0026-book-in-one-call.migration';

/**
 * `book_slot`'s overlap check (owned by libs/booking; issue #17) planned on its own. As 0026
 * wrote it, `ORDER BY lower(period) LIMIT 1` let the planner walk the open-bookings index
 * (`lower(period)`, every instrument) in order and filter, rather than probe the instrument's
 * confirmed windows in the exclusion constraint's index: it did so whenever the table's
 * statistics were missing or old (a new deployment, a bulk of bookings before autovacuum's
 * next analyze), and then each booking read every open booking of every instrument. Measured
 * on 10,600 bookings: the probe 1.8–16 ms, reading all of them; a booking's server CPU grew
 * from 1.2 to 6.8 ms within a minute of load. Here the matching windows are found first (a
 * materialised CTE: its own plan, on the instrument and the window), then ordered: a few rows.
 */
export const OVERLAP_PROBE_BY_INSTRUMENT = `RETURN QUERY WITH overlapping AS MATERIALIZED (
            SELECT o.period FROM bookings o
            WHERE o.instrument_id = p_instrument_id AND o.status = 'confirmed' AND o.owner_platform = 'local' AND o.period && window_)
          SELECT 'overlap'::text, NULL::int, NULL::int, lower(c.period), upper(c.period),
            NULL::uuid, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL::timestamptz, NULL::timestamptz, NULL, NULL, NULL, NULL, NULL, NULL,
            NULL::timestamptz, NULL, NULL::int, NULL::boolean, NULL::jsonb, NULL::timestamptz, NULL::timestamptz
          FROM overlapping c
          ORDER BY lower(c.period) LIMIT 1;`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await bookSlotFunction('CREATE OR REPLACE', OVERLAP_PROBE_BY_INSTRUMENT).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await bookSlotFunction('CREATE OR REPLACE', OVERLAP_PROBE).execute(db);
}
