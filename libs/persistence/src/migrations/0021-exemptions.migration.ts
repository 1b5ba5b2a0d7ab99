import { sql, type Kysely } from 'kysely';
import { LOCAL_FEED_LOCK } from './0007-change-feed-commit-order.migration';

/**
 * Exemptions from sharing as decisions (Art. 11; owned by libs/exemptions):
 * - `exemption_requests`: a unit's request for one of its instruments, with
 *   its grounds, and where it stands: requested → approved (by the competent
 *   department of the unit's sector, with its reference) → filed (with the
 *   provincial office, by the joint-conference office); or rejected, or
 *   withdrawn by the unit. At most one open (requested/approved) per instrument.
 * - `exemption_trail`: every step, append-only (the database refuses edits,
 *   as for `booking_audit`).
 *
 * Until now a unit declared `exempted` itself and nobody checked it. Each such
 * live instrument of ours becomes a `requested` exemption (grounds: the old
 * note, else 'migrated self-declaration') with a trail row by
 * `system:exemption-migration` saying why, and is shared again (status
 * `none`): a self-declaration is not the decision Art. 11 asks for. The
 * instrument is flipped here in SQL; the change-feed trigger bumps it, so
 * partners, the province and every search replica pick it up like any edit.
 * Its content hash is marked (not the hash of the new content, which only the
 * application computes): the unit's next identical write simply stores again.
 * Idempotent: a flipped instrument is no longer `exempted`.
 */
export const EXEMPTION_MIGRATION_ACTOR = 'system:exemption-migration';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE exemption_requests (
      id uuid PRIMARY KEY,
      instrument_id text NOT NULL,
      instrument_name text NOT NULL,
      unit_id text NOT NULL,
      -- The competent department of the unit's sector when the request was made (Art. 7).
      department_code text NOT NULL,
      status text NOT NULL,
      grounds text NOT NULL,
      requested_by text NOT NULL,
      requested_at timestamptz NOT NULL,
      decided_by text,
      decided_at timestamptz,
      approval_ref text,
      approval_date date,
      reject_reason text,
      filing_ref text,
      filing_date date,
      filed_by text,
      filed_at timestamptz,
      withdrawn_by text,
      withdrawn_at timestamptz,
      updated_at timestamptz NOT NULL,
      CONSTRAINT exemption_requests_status CHECK (status IN ('requested', 'approved', 'rejected', 'filed', 'withdrawn')),
      CONSTRAINT exemption_requests_approval CHECK (status NOT IN ('approved', 'filed') OR (approval_ref IS NOT NULL AND approval_date IS NOT NULL AND decided_by IS NOT NULL)),
      CONSTRAINT exemption_requests_filing CHECK (status <> 'filed' OR (filing_ref IS NOT NULL AND filing_date IS NOT NULL AND filed_by IS NOT NULL))
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX exemption_requests_open_idx ON exemption_requests (instrument_id) WHERE status IN ('requested', 'approved')`.execute(db);
  await sql`CREATE INDEX exemption_requests_queue_idx ON exemption_requests (department_code, status, requested_at)`.execute(db);
  await sql`CREATE INDEX exemption_requests_unit_idx ON exemption_requests (unit_id, requested_at)`.execute(db);

  await sql`
    CREATE TABLE exemption_trail (
      id bigserial PRIMARY KEY,
      request_id uuid NOT NULL REFERENCES exemption_requests (id),
      from_status text,
      to_status text NOT NULL,
      actor text NOT NULL,
      detail text,
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX exemption_trail_request_idx ON exemption_trail (request_id, id)`.execute(db);
  await sql`
    CREATE FUNCTION exemption_trail_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'exemption_trail is append-only';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER exemption_trail_no_change BEFORE UPDATE OR DELETE ON exemption_trail
    FOR EACH ROW EXECUTE FUNCTION exemption_trail_append_only()`.execute(db);

  // The feed lock before any row lock, as every local writer takes it (0007): no deadlock with them.
  await sql`SELECT pg_advisory_xact_lock(${sql.lit(LOCAL_FEED_LOCK)})`.execute(db);
  // The sector → department table as of this migration (catalog's competentDepartmentOf, Art. 7).
  await sql`
    WITH target AS (
      SELECT i.id, i.name, i.unit_id, NULLIF(btrim(i.confidentiality->>'note'), '') AS note,
        CASE u.sector WHEN 'education' THEN 'education_bureau' WHEN 'health' THEN 'health_commission'
          WHEN 'market_regulation' THEN 'market_regulation_bureau' WHEN 'sasac' THEN 'sasac' ELSE 'science_bureau' END AS department_code
      FROM instruments i JOIN units u ON u.id = i.unit_id
      WHERE i.source_platform = 'local' AND i.deleted_at IS NULL AND i.confidentiality_status = 'exempted'
      FOR UPDATE OF i
    ), requested AS (
      INSERT INTO exemption_requests (id, instrument_id, instrument_name, unit_id, department_code, status, grounds, requested_by, requested_at, updated_at)
      SELECT gen_random_uuid(), t.id, t.name, t.unit_id, t.department_code, 'requested', COALESCE(t.note, 'migrated self-declaration'), ${EXEMPTION_MIGRATION_ACTOR}, now(), now()
      FROM target t
      ON CONFLICT DO NOTHING
      RETURNING id, instrument_id
    ), trail AS (
      INSERT INTO exemption_trail (request_id, from_status, to_status, actor, detail)
      SELECT r.id, NULL, 'requested', ${EXEMPTION_MIGRATION_ACTOR},
        'migrated: the unit had declared this instrument exempted itself, which Art. 11 does not allow (an exemption needs the competent department''s approval and its filing with the provincial office); '
          || 'the declaration ' || (i.confidentiality - 'status' - 'note')::text || ' is kept here as a request, and the instrument is shared again until the department approves and the approval is filed'
      FROM requested r JOIN instruments i ON i.id = r.instrument_id
      RETURNING request_id
    )
    UPDATE instruments i SET
      confidentiality = '{"status":"none"}'::jsonb,
      confidentiality_status = 'none',
      shareable = true,
      content_hash = 'migration-0021:' || i.content_hash,
      version = i.version + 1,
      updated_at = now()
    FROM target t WHERE i.id = t.id`.execute(db);
}

/** Drops the tables; the instruments stay shared (re-declaring an unchecked exemption would reopen the hole). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS exemption_trail`.execute(db);
  await sql`DROP TABLE IF EXISTS exemption_requests`.execute(db);
  await sql`DROP FUNCTION IF EXISTS exemption_trail_append_only`.execute(db);
}
