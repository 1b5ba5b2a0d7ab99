import { Injectable } from '@nestjs/common';
import { InjectDb, sql, type Db } from '@app/persistence';
import type { Evaluation, EvaluationStatus, StoredResult } from '../domain/evaluation';

interface EvaluationRow {
  id: string;
  year: number;
  status: EvaluationStatus;
  period_from: string;
  period_to: string;
  config: Evaluation['config'];
  participating: number;
  created_at: Date;
  created_by: string;
  reviewed_at: Date | null;
  reviewed_by: string | null;
  review_note: string | null;
  published_at: Date | null;
  published_by: string | null;
}

const COLUMNS = sql`id, year, status, to_char(period_from, 'YYYY-MM-DD') AS period_from, to_char(period_to, 'YYYY-MM-DD') AS period_to, config, participating,
  created_at, created_by, reviewed_at, reviewed_by, review_note, published_at, published_by`;

function toEvaluation(r: EvaluationRow): Evaluation {
  return {
    id: r.id,
    year: r.year,
    status: r.status,
    period: { from: r.period_from, to: r.period_to },
    config: r.config,
    participating: r.participating,
    createdAt: new Date(r.created_at).toISOString(),
    createdBy: r.created_by,
    ...(r.reviewed_at ? { reviewedAt: new Date(r.reviewed_at).toISOString(), reviewedBy: r.reviewed_by ?? '', reviewNote: r.review_note ?? '' } : {}),
    ...(r.published_at ? { publishedAt: new Date(r.published_at).toISOString(), publishedBy: r.published_by ?? '' } : {}),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Which results a reader gets: all, or those of these departments' or units' (published evaluations only). */
export type ResultFilter = { all: true } | { all: false; departmentCode?: string; unitId?: string };

function resultWhere(filter: ResultFilter) {
  if (filter.all) return sql`TRUE`;
  if (filter.unitId !== undefined) return sql`unit_id = ${filter.unitId}`;
  return sql`department_code = ${filter.departmentCode ?? ''}`;
}

/** The only SQL on `evaluations` and `evaluation_results`. */
@Injectable()
export class EvaluationRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  /**
   * Stores a new draft of `year` with its results, replacing the year's
   * unpublished one; refuses (returns 'published') when the year is published.
   * One transaction under a lock per year, so two runs at once leave one draft.
   */
  async replaceDraft(evaluation: Evaluation, results: readonly StoredResult[]): Promise<'created' | 'published'> {
    return this.db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtext('evaluation-year'), ${evaluation.year}::int)`.execute(trx);
      const { rows } = await sql<{ status: EvaluationStatus }>`SELECT status FROM evaluations WHERE year = ${evaluation.year}`.execute(trx);
      if (rows.some((r) => r.status === 'published')) return 'published';
      await sql`DELETE FROM evaluations WHERE year = ${evaluation.year} AND status <> 'published'`.execute(trx);
      await sql`
        INSERT INTO evaluations (id, year, status, period_from, period_to, config, participating, created_at, created_by)
        VALUES (${evaluation.id}::uuid, ${evaluation.year}, 'draft', ${evaluation.period.from}::date, ${evaluation.period.to}::date,
          ${JSON.stringify(evaluation.config)}::jsonb, ${evaluation.participating}, ${evaluation.createdAt}::timestamptz, ${evaluation.createdBy})`.execute(trx);
      if (results.length > 0) {
        await sql`
          INSERT INTO evaluation_results (evaluation_id, unit_id, department_code, total, rank, grade, breakdown)
          SELECT ${evaluation.id}::uuid, r.unit_id, r.department_code, r.total, r.rank, r.grade, r.breakdown
          FROM unnest(${results.map((r) => r.unitId)}::text[], ${results.map((r) => r.departmentCode)}::text[], ${results.map((r) => r.total)}::numeric[],
                      ${results.map((r) => r.rank)}::int[], ${results.map((r) => r.grade)}::text[], ${results.map((r) => JSON.stringify(r))}::jsonb[])
            AS r (unit_id, department_code, total, rank, grade, breakdown)`.execute(trx);
      }
      return 'created';
    });
  }

  async find(id: string): Promise<Evaluation | undefined> {
    if (!UUID.test(id)) return undefined;
    const { rows } = await sql<EvaluationRow>`SELECT ${COLUMNS} FROM evaluations WHERE id = ${id}::uuid`.execute(this.db);
    return rows[0] ? toEvaluation(rows[0]) : undefined;
  }

  async list(publishedOnly: boolean): Promise<Evaluation[]> {
    const { rows } = await sql<EvaluationRow>`
      SELECT ${COLUMNS} FROM evaluations WHERE ${publishedOnly ? sql`status = 'published'` : sql`TRUE`} ORDER BY year DESC, created_at DESC`.execute(this.db);
    return rows.map(toEvaluation);
  }

  async results(id: string, filter: ResultFilter): Promise<StoredResult[]> {
    const { rows } = await sql<{ breakdown: StoredResult }>`
      SELECT breakdown FROM evaluation_results WHERE evaluation_id = ${id}::uuid AND ${resultWhere(filter)} ORDER BY rank`.execute(this.db);
    return rows.map((r) => r.breakdown);
  }

  /** Moves `from` → `to` with who and when; false when the evaluation was not in `from` (someone was first). */
  async transition(id: string, from: EvaluationStatus, to: 'reviewed' | 'published', by: string, at: Date, note?: string): Promise<boolean> {
    const set =
      to === 'reviewed'
        ? sql`status = 'reviewed', reviewed_at = ${at}::timestamptz, reviewed_by = ${by}, review_note = ${note ?? ''}`
        : sql`status = 'published', published_at = ${at}::timestamptz, published_by = ${by}`;
    const result = await sql`UPDATE evaluations SET ${set} WHERE id = ${id}::uuid AND status = ${from}`.execute(this.db);
    return Number(result.numAffectedRows ?? 0) === 1;
  }
}
