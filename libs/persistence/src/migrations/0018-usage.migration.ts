import { sql, type Kysely } from 'kysely';

/**
 * Usage, the ground truth of use (owned by libs/usage):
 * - `usage_sessions`: what really happened on an instrument, one row per session
 *   whatever its source (a booking closed by its owner, a partner's or the
 *   province's feed), idempotent by (source, source_key). It names units and
 *   regions only, never a person (Art. 17).
 * - `power_events`: IoT power-on intervals, idempotent per gateway and event id.
 * - `usage_dirty_days`: the (instrument, China day) pairs whose rollups are
 *   stale, written in the same transaction as the raw row, drained by the
 *   rollup job in the transaction that rewrites the rollup: a crash leaves
 *   either the old rollup and the mark, or the new rollup and no mark.
 * - `usage_instrument_daily` / `usage_flow_daily`: the rollups every report reads.
 *   Effective time is the union of session and power-on intervals of the day.
 */
/** Serialises the assignment of usage feed positions with their commits (see `usage_sessions_feed_idx`). */
export const USAGE_FEED_LOCK = 7_340_018;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE SEQUENCE usage_feed_seq`.execute(db);
  await sql`
    CREATE TABLE usage_sessions (
      id uuid PRIMARY KEY,
      source text NOT NULL,
      source_key text NOT NULL,
      version bigint NOT NULL DEFAULT 1,
      instrument_id text NOT NULL,
      owner_region text NOT NULL,
      owner_unit_id text,
      category_code text NOT NULL,
      requester_kind text NOT NULL,
      requester_unit_id text,
      requester_region text,
      external boolean NOT NULL,
      outcome text NOT NULL,
      period tstzrange,
      -- The China day the session counts on (its start; a no-show's booked start): fees and counts land there.
      day date NOT NULL,
      fee_charged_fen bigint,
      samples integer,
      booking_id uuid,
      -- The booking's channel (http, partner:<id>): the usage feed serves a partner the sessions of its own bookings.
      booking_channel text,
      recorded_by text NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      feed_seq bigint NOT NULL DEFAULT nextval('usage_feed_seq'),
      CONSTRAINT usage_sessions_source_key UNIQUE (source, source_key),
      CONSTRAINT usage_sessions_requester_kind CHECK (requester_kind IN ('unit', 'person')),
      CONSTRAINT usage_sessions_outcome CHECK (outcome IN ('completed', 'no_show')),
      CONSTRAINT usage_sessions_period CHECK (
        (outcome = 'no_show' AND period IS NULL)
        OR (outcome = 'completed' AND period IS NOT NULL AND NOT isempty(period) AND lower_inc(period) AND NOT upper_inc(period))),
      CONSTRAINT usage_sessions_fee CHECK (fee_charged_fen IS NULL OR fee_charged_fen >= 0),
      CONSTRAINT usage_sessions_samples CHECK (samples IS NULL OR samples >= 0)
    )`.execute(db);
  await sql`CREATE INDEX usage_sessions_instrument_idx ON usage_sessions USING gist (instrument_id, period)`.execute(db);
  await sql`CREATE UNIQUE INDEX usage_sessions_booking_idx ON usage_sessions (booking_id) WHERE booking_id IS NOT NULL`.execute(db);
  // Position of a session in the usage feed partners pull (a correction moves it
  // to the end). Taken under USAGE_FEED_LOCK inside the writing transaction, so
  // positions become visible in order and a cursor never skips a late commit.
  await sql`CREATE UNIQUE INDEX usage_sessions_feed_idx ON usage_sessions (feed_seq)`.execute(db);
  await sql`CREATE INDEX usage_sessions_channel_feed_idx ON usage_sessions (booking_channel, feed_seq) WHERE booking_channel IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE power_events (
      gateway_id text NOT NULL,
      event_id text NOT NULL,
      instrument_id text NOT NULL,
      -- The instrument's owner and category when the event arrived, so a day with power-on but no session still rolls up.
      owner_region text NOT NULL,
      owner_unit_id text,
      category_code text NOT NULL,
      period tstzrange NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (gateway_id, event_id),
      CONSTRAINT power_events_period CHECK (NOT isempty(period) AND lower_inc(period) AND NOT upper_inc(period))
    )`.execute(db);
  await sql`CREATE INDEX power_events_instrument_idx ON power_events USING gist (instrument_id, period)`.execute(db);

  // Seconds covered by a union of intervals (a multirange has no overlaps by construction).
  await sql`
    CREATE FUNCTION usage_seconds(m tstzmultirange) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
      SELECT coalesce(sum(extract(epoch FROM upper(r) - lower(r))), 0)::integer FROM unnest(m) AS r
    $$`.execute(db);
  // A China calendar day (UTC+8, no DST) as a half-open instant range.
  await sql`
    CREATE FUNCTION usage_china_day(d date) RETURNS tstzrange LANGUAGE sql IMMUTABLE AS $$
      SELECT tstzrange((d::timestamp AT TIME ZONE 'UTC') - interval '8 hours', (d::timestamp AT TIME ZONE 'UTC') + interval '16 hours')
    $$`.execute(db);
  // The China days an instant range touches.
  await sql`
    CREATE FUNCTION usage_china_days(p tstzrange) RETURNS SETOF date LANGUAGE sql IMMUTABLE AS $$
      SELECT generate_series(((lower(p) AT TIME ZONE 'UTC') + interval '8 hours')::date,
                             ((upper(p) AT TIME ZONE 'UTC') + interval '8 hours' - interval '1 microsecond')::date,
                             interval '1 day')::date
    $$`.execute(db);
  await sql`
    CREATE TABLE usage_dirty_days (
      instrument_id text NOT NULL,
      day date NOT NULL,
      marked_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (instrument_id, day)
    )`.execute(db);

  await sql`
    CREATE TABLE usage_instrument_daily (
      day date NOT NULL,
      instrument_id text NOT NULL,
      owner_region text NOT NULL,
      owner_unit_id text NOT NULL DEFAULT '',
      category_code text NOT NULL,
      effective_seconds integer NOT NULL,
      external_seconds integer NOT NULL,
      session_seconds integer NOT NULL,
      power_seconds integer NOT NULL,
      fee_fen bigint NOT NULL,
      sessions integer NOT NULL,
      no_shows integer NOT NULL,
      PRIMARY KEY (day, instrument_id)
    )`.execute(db);
  await sql`CREATE INDEX usage_instrument_daily_instrument_idx ON usage_instrument_daily (instrument_id, day)`.execute(db);

  await sql`
    CREATE TABLE usage_flow_daily (
      day date NOT NULL,
      instrument_id text NOT NULL,
      requester_region text NOT NULL,
      requester_unit_id text NOT NULL,
      owner_region text NOT NULL,
      owner_unit_id text NOT NULL DEFAULT '',
      category_code text NOT NULL,
      external boolean NOT NULL,
      session_seconds integer NOT NULL,
      fee_fen bigint NOT NULL,
      sessions integer NOT NULL,
      no_shows integer NOT NULL,
      PRIMARY KEY (day, instrument_id, requester_region, requester_unit_id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['usage_flow_daily', 'usage_instrument_daily', 'usage_dirty_days', 'power_events', 'usage_sessions']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(table)}`.execute(db);
  }
  await sql`DROP SEQUENCE IF EXISTS usage_feed_seq`.execute(db);
  await sql`DROP FUNCTION IF EXISTS usage_china_days(tstzrange)`.execute(db);
  await sql`DROP FUNCTION IF EXISTS usage_china_day(date)`.execute(db);
  await sql`DROP FUNCTION IF EXISTS usage_seconds(tstzmultirange)`.execute(db);
}
