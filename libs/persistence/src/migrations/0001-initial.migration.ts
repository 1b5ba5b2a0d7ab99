import { sql, type Kysely } from 'kysely';

/**
 * Initial schema. Extensions: btree_gist lets one exclusion constraint mix
 * equality on the instrument with overlap on the booked period; pg_trgm backs
 * substring search until the search engine lands.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // In `public`, whatever the search_path: a deployment in its own schema must not own (and drop) them.
  await sql`CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public`.execute(db);
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`.execute(db);

  await sql`
    CREATE TABLE units (
      id text PRIMARY KEY,
      name text NOT NULL,
      name_en text,
      region text NOT NULL,
      city text NOT NULL,
      kind text NOT NULL,
      sector text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  // change_seq orders every change across all instruments: replicas and the
  // federation change feed follow it as a cursor.
  await sql`CREATE SEQUENCE instrument_change_seq`.execute(db);
  await sql`
    CREATE TABLE instruments (
      id text PRIMARY KEY,
      region text NOT NULL,
      local_id text NOT NULL,
      source_platform text NOT NULL,
      unit_id text NOT NULL,
      name text NOT NULL,
      name_en text,
      model text,
      manufacturer text,
      country_of_origin text,
      description text,
      category_code text NOT NULL,
      value_cny numeric(14, 2) NOT NULL,
      funding_source text NOT NULL,
      city text NOT NULL,
      address text,
      lat double precision,
      lon double precision,
      acceptance_date date,
      provincial_join_date date,
      iot_sensor_id text,
      service_modes text[] NOT NULL DEFAULT '{}',
      fee jsonb,
      confidentiality jsonb NOT NULL,
      confidentiality_status text NOT NULL,
      duty_free jsonb,
      supervision_ends date,
      requires_owner_approval boolean NOT NULL DEFAULT false,
      last_power_on_date date,
      classification jsonb NOT NULL,
      shareable boolean NOT NULL,
      customs_gated boolean NOT NULL,
      content_hash text NOT NULL,
      version bigint NOT NULL DEFAULT 1,
      change_seq bigint NOT NULL DEFAULT nextval('instrument_change_seq'),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      CONSTRAINT instruments_id_shape CHECK (id = region || ':' || local_id),
      CONSTRAINT instruments_confidentiality_status CHECK (confidentiality_status IN ('none', 'confidential', 'exempted'))
    )`.execute(db);
  await sql`
    CREATE FUNCTION instruments_bump_change_seq() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.change_seq := nextval('instrument_change_seq');
      NEW.updated_at := now();
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER instruments_change_seq BEFORE UPDATE ON instruments
    FOR EACH ROW EXECUTE FUNCTION instruments_bump_change_seq()`.execute(db);
  await sql`CREATE INDEX instruments_region_idx ON instruments (region) WHERE deleted_at IS NULL`.execute(db);
  await sql`CREATE INDEX instruments_unit_idx ON instruments (unit_id) WHERE deleted_at IS NULL`.execute(db);
  await sql`CREATE INDEX instruments_category_idx ON instruments (category_code text_pattern_ops) WHERE deleted_at IS NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX instruments_change_seq_idx ON instruments (change_seq)`.execute(db);

  await sql`
    CREATE TABLE bookings (
      id uuid PRIMARY KEY,
      instrument_id text NOT NULL REFERENCES instruments (id),
      requester_sub text NOT NULL,
      requester_unit_id text,
      status text NOT NULL,
      period tstzrange NOT NULL,
      purpose text NOT NULL,
      sample_description text,
      idempotency_key text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT bookings_period_half_open CHECK (lower_inc(period) AND NOT upper_inc(period) AND NOT isempty(period)),
      CONSTRAINT bookings_no_overlapping_confirmed
        EXCLUDE USING gist (instrument_id WITH =, period WITH &&) WHERE (status = 'confirmed')
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX bookings_idempotency_idx ON bookings (requester_sub, idempotency_key) WHERE idempotency_key IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE booking_audit (
      id bigserial PRIMARY KEY,
      booking_id uuid NOT NULL REFERENCES bookings (id),
      from_status text,
      to_status text NOT NULL,
      actor text NOT NULL,
      reason text,
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // The audit trail is append-only: the database itself refuses edits.
  await sql`
    CREATE FUNCTION booking_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'booking_audit is append-only';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER booking_audit_no_change BEFORE UPDATE OR DELETE ON booking_audit
    FOR EACH ROW EXECUTE FUNCTION booking_audit_append_only()`.execute(db);

  await sql`
    CREATE TABLE import_runs (
      id uuid PRIMARY KEY,
      unit_id text,
      actor text NOT NULL,
      filename text NOT NULL,
      sha256 text NOT NULL,
      format text NOT NULL,
      total_rows integer NOT NULL,
      stored integer NOT NULL,
      unchanged integer NOT NULL,
      rejected integer NOT NULL,
      report jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['import_runs', 'booking_audit', 'bookings', 'instruments', 'units']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(table)} CASCADE`.execute(db);
  }
  await sql`DROP SEQUENCE IF EXISTS instrument_change_seq`.execute(db);
  await sql`DROP FUNCTION IF EXISTS instruments_bump_change_seq, booking_audit_append_only`.execute(db);
}
