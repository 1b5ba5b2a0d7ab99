import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDb, sql, type Db } from '@app/persistence';
import { EXEMPTION_ARTICLE, type ExemptionStatus, type TrailEntry } from '../domain/exemption';

/** A request as stored (the view adds its department's names and its effect). */
export interface StoredExemption {
  id: string;
  instrumentId: string;
  instrumentName: string;
  unitId: string;
  departmentCode: string;
  status: ExemptionStatus;
  grounds: string;
  requestedBy: string;
  requestedAt: Date;
  decidedBy?: string;
  decidedAt?: Date;
  approvalRef?: string;
  approvalDate?: string;
  rejectReason?: string;
  filingRef?: string;
  filingDate?: string;
  filedBy?: string;
  filedAt?: Date;
  withdrawnBy?: string;
  withdrawnAt?: Date;
}

interface Row {
  id: string;
  instrument_id: string;
  instrument_name: string;
  unit_id: string;
  department_code: string;
  status: ExemptionStatus;
  grounds: string;
  requested_by: string;
  requested_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  approval_ref: string | null;
  approval_date: string | null;
  reject_reason: string | null;
  filing_ref: string | null;
  filing_date: string | null;
  filed_by: string | null;
  filed_at: Date | null;
  withdrawn_by: string | null;
  withdrawn_at: Date | null;
}

const COLUMNS = sql`id, instrument_id, instrument_name, unit_id, department_code, status, grounds, requested_by, requested_at, decided_by, decided_at,
  approval_ref, to_char(approval_date, 'YYYY-MM-DD') AS approval_date, reject_reason, filing_ref, to_char(filing_date, 'YYYY-MM-DD') AS filing_date,
  filed_by, filed_at, withdrawn_by, withdrawn_at`;

function toStored(r: Row): StoredExemption {
  const optional = <T>(key: string, value: T | null) => (value === null ? {} : { [key]: value });
  return {
    id: r.id,
    instrumentId: r.instrument_id,
    instrumentName: r.instrument_name,
    unitId: r.unit_id,
    departmentCode: r.department_code,
    status: r.status,
    grounds: r.grounds,
    requestedBy: r.requested_by,
    requestedAt: new Date(r.requested_at),
    ...optional('decidedBy', r.decided_by),
    ...optional('decidedAt', r.decided_at && new Date(r.decided_at)),
    ...optional('approvalRef', r.approval_ref),
    ...optional('approvalDate', r.approval_date),
    ...optional('rejectReason', r.reject_reason),
    ...optional('filingRef', r.filing_ref),
    ...optional('filingDate', r.filing_date),
    ...optional('filedBy', r.filed_by),
    ...optional('filedAt', r.filed_at && new Date(r.filed_at)),
    ...optional('withdrawnBy', r.withdrawn_by),
    ...optional('withdrawnAt', r.withdrawn_at && new Date(r.withdrawn_at)),
  };
}

/** Which requests a reader sees: all (the office), a department's, or a unit's. */
export type ExemptionScope = { all: true } | { departmentCode: string } | { unitId: string };

/** What a step writes besides the status: the columns of that step. */
export interface StepColumns {
  decided_by?: string;
  decided_at?: Date;
  approval_ref?: string;
  approval_date?: string;
  reject_reason?: string;
  filing_ref?: string;
  filing_date?: string;
  filed_by?: string;
  filed_at?: Date;
  withdrawn_by?: string;
  withdrawn_at?: Date;
}

/** The only SQL on exemption_requests and exemption_trail (migration 0021). */
@Injectable()
export class ExemptionRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  /** Opens a request with its first trail row; undefined when the instrument already has an open one. */
  async insert(r: Omit<StoredExemption, 'id' | 'status'>): Promise<StoredExemption | undefined> {
    const id = randomUUID();
    return this.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ id: string }>`
        INSERT INTO exemption_requests (id, instrument_id, instrument_name, unit_id, department_code, status, grounds, requested_by, requested_at, updated_at)
        VALUES (${id}::uuid, ${r.instrumentId}, ${r.instrumentName}, ${r.unitId}, ${r.departmentCode}, 'requested', ${r.grounds}, ${r.requestedBy},
          ${r.requestedAt}::timestamptz, ${r.requestedAt}::timestamptz)
        ON CONFLICT (instrument_id) WHERE status IN ('requested', 'approved') DO NOTHING
        RETURNING id`.execute(trx);
      if (rows.length === 0) return undefined;
      await sql`INSERT INTO exemption_trail (request_id, from_status, to_status, actor, detail, at)
        VALUES (${id}::uuid, NULL, 'requested', ${r.requestedBy}, ${r.grounds}, ${r.requestedAt}::timestamptz)`.execute(trx);
      const { rows: stored } = await sql<Row>`SELECT ${COLUMNS} FROM exemption_requests WHERE id = ${id}::uuid`.execute(trx);
      return toStored(stored[0]);
    });
  }

  async findById(id: string): Promise<StoredExemption | undefined> {
    const { rows } = await sql<Row>`SELECT ${COLUMNS} FROM exemption_requests WHERE id = ${id}::uuid`.execute(this.db);
    return rows[0] ? toStored(rows[0]) : undefined;
  }

  async trail(id: string): Promise<TrailEntry[]> {
    const { rows } = await sql<{ from_status: ExemptionStatus | null; to_status: ExemptionStatus; actor: string; detail: string | null; at: Date }>`
      SELECT from_status, to_status, actor, detail, at FROM exemption_trail WHERE request_id = ${id}::uuid ORDER BY id`.execute(this.db);
    return rows.map((t) => ({
      ...(t.from_status ? { fromStatus: t.from_status } : {}),
      toStatus: t.to_status,
      actor: t.actor,
      ...(t.detail ? { detail: t.detail } : {}),
      at: new Date(t.at).toISOString(),
      article: EXEMPTION_ARTICLE,
    }));
  }

  /** Newest first, at most `limit`. */
  async list(scope: ExemptionScope, status: ExemptionStatus | undefined, limit: number): Promise<StoredExemption[]> {
    const where = 'all' in scope ? sql`TRUE` : 'departmentCode' in scope ? sql`department_code = ${scope.departmentCode}` : sql`unit_id = ${scope.unitId}`;
    const { rows } = await sql<Row>`
      SELECT ${COLUMNS} FROM exemption_requests
      WHERE ${where} AND (${status ?? null}::text IS NULL OR status = ${status ?? null})
      ORDER BY requested_at DESC, id LIMIT ${limit}`.execute(this.db);
    return rows.map(toStored);
  }

  /**
   * Moves a request from one of `from` to `to` with the step's columns and its
   * trail row, in one transaction (the row is locked, so two steps never both
   * pass). Undefined when the request is no longer in one of `from`.
   */
  async move(
    id: string,
    from: readonly ExemptionStatus[],
    to: ExemptionStatus,
    columns: StepColumns,
    trail: { actor: string; detail?: string; at: Date },
  ): Promise<StoredExemption | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const { rows: current } = await sql<{ status: ExemptionStatus }>`SELECT status FROM exemption_requests WHERE id = ${id}::uuid FOR UPDATE`.execute(trx);
      if (!current[0] || !from.includes(current[0].status)) return undefined;
      const sets = Object.entries(columns).map(([column, value]) => sql`${sql.ref(column)} = ${value}`);
      await sql`UPDATE exemption_requests SET status = ${to}, updated_at = ${trail.at}::timestamptz${sets.length > 0 ? sql`, ${sql.join(sets)}` : sql``}
        WHERE id = ${id}::uuid`.execute(trx);
      await sql`INSERT INTO exemption_trail (request_id, from_status, to_status, actor, detail, at)
        VALUES (${id}::uuid, ${current[0].status}, ${to}, ${trail.actor}, ${trail.detail ?? null}, ${trail.at}::timestamptz)`.execute(trx);
      const { rows } = await sql<Row>`SELECT ${COLUMNS} FROM exemption_requests WHERE id = ${id}::uuid`.execute(trx);
      return toStored(rows[0]);
    });
  }
}
