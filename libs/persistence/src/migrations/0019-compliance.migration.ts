import { sql, type Kysely } from 'kysely';

/**
 * Compliance duties (owned by libs/compliance):
 * - `compliance_reminders`: the internal reminders a unit gets (Art. 13 listing
 *   or service terms overdue, Art. 15 idle). One per (kind, instrument, fact
 *   that triggered it): the daily job may run twice, be retried or run on two
 *   workers, and the unique key keeps it at one; a new fact (a new last use, a
 *   new deadline) is a new reminder.
 * - `compliance_idle_offers`: idle instruments a unit offers for lease or
 *   transfer (Art. 15), at most one open offer per instrument.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE compliance_reminders (
      id uuid PRIMARY KEY,
      kind text NOT NULL,
      instrument_id text NOT NULL,
      unit_id text NOT NULL,
      -- The fact the reminder is about: the missed deadline (Art. 13) or the last use (Art. 15).
      trigger_date date NOT NULL,
      article integer NOT NULL,
      reasons jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      acknowledged_at timestamptz,
      acknowledged_by text,
      CONSTRAINT compliance_reminders_kind CHECK (kind IN ('onboarding_overdue', 'service_terms_overdue', 'idle')),
      CONSTRAINT compliance_reminders_once UNIQUE (kind, instrument_id, trigger_date),
      CONSTRAINT compliance_reminders_ack CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX compliance_reminders_unit_idx ON compliance_reminders (unit_id, created_at DESC)`.execute(db);

  await sql`
    CREATE TABLE compliance_idle_offers (
      id uuid PRIMARY KEY,
      instrument_id text NOT NULL,
      unit_id text NOT NULL,
      kind text NOT NULL,
      terms text NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      withdrawn_at timestamptz,
      CONSTRAINT compliance_idle_offers_kind CHECK (kind IN ('lease', 'transfer'))
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX compliance_idle_offers_open_idx ON compliance_idle_offers (instrument_id) WHERE withdrawn_at IS NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS compliance_idle_offers`.execute(db);
  await sql`DROP TABLE IF EXISTS compliance_reminders`.execute(db);
}
