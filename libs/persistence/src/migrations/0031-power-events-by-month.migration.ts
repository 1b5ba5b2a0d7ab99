import { sql, type Kysely } from 'kysely';

/**
 * Power events found by (China month of their start, instrument, start), not
 * by (instrument, start) (0022). Sensors report the last hours, so the
 * instrument-led index took each new event on a leaf of its own among all the
 * instrument's history (40,000 instruments: a batch of 5,000 dirtied 5,000
 * leaves, each written whole to the WAL after a checkpoint; 85 % of a batch's
 * time at scale 0.2). Led by the month, a batch lands in the leaves of the
 * current month (about a thousand at full scale), which stay in memory.
 * The readers adapt: an instrument-day's events started at most 31 days
 * before it (power_events_length), i.e. in at most three months, each a range
 * of the index; the last power-on walks back a month at a time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // The China calendar month (UTC+8, no DST) of an instant, as its first day.
  await sql`
    CREATE FUNCTION usage_china_month(t timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS $$
      SELECT date_trunc('month', (t AT TIME ZONE 'UTC') + interval '8 hours')::date
    $$`.execute(db);
  // The China months an event overlapping the instant t may have started in: those of the 31 days up to t (power_events_length),
  // as an array of three (the middle one is t's month again, or the month after it, when the 31 days span only two), so a
  // reader probes the index once per month and the planner knows how many.
  await sql`
    CREATE FUNCTION usage_power_start_months(t timestamptz) RETURNS date[] LANGUAGE sql IMMUTABLE AS $$
      SELECT ARRAY[usage_china_month(t - interval '31 days'), (usage_china_month(t - interval '31 days') + interval '1 month')::date, usage_china_month(t)]
    $$`.execute(db);
  await sql`CREATE INDEX power_events_month_instrument_idx ON power_events (usage_china_month(lower(period)), instrument_id, lower(period))`.execute(db);
  await sql`DROP INDEX power_events_instrument_start_idx`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX power_events_instrument_start_idx ON power_events (instrument_id, lower(period))`.execute(db);
  await sql`DROP INDEX IF EXISTS power_events_month_instrument_idx`.execute(db);
  await sql`DROP FUNCTION IF EXISTS usage_power_start_months(timestamptz)`.execute(db);
  await sql`DROP FUNCTION IF EXISTS usage_china_month(timestamptz)`.execute(db);
}
