import { Injectable } from '@nestjs/common';
import { InjectDb, sql, type Db } from '@app/persistence';
import { STEP_ARTICLE, type Evaluation, type EvaluationStatus, type EvaluationStep, type EvaluationTrailEntry, type StoredResult } from '../domain/evaluation';

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
   * unpublished one. Refuses when the year is published, and when its
   * unpublished one is reviewed unless `reopen` (the superseded review, with
   * its note and reviewer, stays in the trail). One transaction under the
   * per-year lock every state change takes, so two runs at once leave one
   * draft and none sits beside a published evaluation.
   */
  async replaceDraft(
    evaluation: Evaluation,
    results: readonly StoredResult[],
    reopen: boolean,
  ): Promise<{ outcome: 'created' | 'published' } | { outcome: 'reviewed'; reviewed: Evaluation }> {
    return this.db.transaction().execute(async (trx) => {
      await lockYear(trx, evaluation.year);
      const { rows } = await sql<EvaluationRow>`SELECT ${COLUMNS} FROM evaluations WHERE year = ${evaluation.year}`.execute(trx);
      if (rows.some((r) => r.status === 'published')) return { outcome: 'published' as const };
      const open = rows.map(toEvaluation)[0];
      if (open?.status === 'reviewed' && !reopen) return { outcome: 'reviewed' as const, reviewed: open };
      if (open) {
        const detail = open.status === 'reviewed' ? `review by ${open.reviewedBy} at ${open.reviewedAt}: ${open.reviewNote}` : undefined;
        await appendTrail(trx, open, 'superseded', open.status, null, evaluation.createdBy, evaluation.createdAt, detail);
        await sql`DELETE FROM evaluations WHERE id = ${open.id}::uuid`.execute(trx);
      }
      await sql`
        INSERT INTO evaluations (id, year, status, period_from, period_to, config, participating, created_at, created_by)
        VALUES (${evaluation.id}::uuid, ${evaluation.year}, 'draft', ${evaluation.period.from}::date, ${evaluation.period.to}::date,
          ${JSON.stringify(evaluation.config)}::jsonb, ${evaluation.participating}, ${evaluation.createdAt}::timestamptz, ${evaluation.createdBy})`.execute(
        trx,
      );
      await appendTrail(trx, evaluation, 'computed', null, 'draft', evaluation.createdBy, evaluation.createdAt);
      if (results.length > 0) {
        await sql`
          INSERT INTO evaluation_results (evaluation_id, unit_id, department_code, total, rank, grade, breakdown)
          SELECT ${evaluation.id}::uuid, r.unit_id, r.department_code, r.total, r.rank, r.grade, r.breakdown
          FROM unnest(${results.map((r) => r.unitId)}::text[], ${results.map((r) => r.departmentCode)}::text[], ${results.map((r) => r.total)}::numeric[],
                      ${results.map((r) => r.rank)}::int[], ${results.map((r) => r.grade)}::text[], ${results.map((r) => JSON.stringify(r))}::jsonb[])
            AS r (unit_id, department_code, total, rank, grade, breakdown)`.execute(trx);
      }
      return { outcome: 'created' as const };
    });
  }

  /** The steps of every evaluation of `year`, oldest first, including those superseded since. */
  async trail(year: number): Promise<EvaluationTrailEntry[]> {
    const { rows } = await sql<TrailRow>`
      SELECT evaluation_id, step, from_status, to_status, actor, article, detail, at FROM evaluation_trail WHERE year = ${year} ORDER BY id`.execute(this.db);
    return rows.map((r) => ({
      evaluationId: r.evaluation_id,
      step: r.step,
      from: r.from_status,
      to: r.to_status,
      actor: r.actor,
      article: r.article,
      ...(r.detail !== null ? { detail: r.detail } : {}),
      at: new Date(r.at).toISOString(),
    }));
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

  /**
   * Moves `from` → `to` with who and when, under the per-year lock a
   * recomputation takes: 'gone' when a recomputation replaced it meanwhile,
   * 'changed' when it is no longer in `from` (or, to publish, the year already
   * has a published evaluation).
   */
  async transition(
    id: string,
    from: EvaluationStatus,
    to: 'reviewed' | 'published',
    by: string,
    at: Date,
    note?: string,
  ): Promise<'done' | 'gone' | 'changed'> {
    if (!UUID.test(id)) return 'gone';
    return this.db.transaction().execute(async (trx) => {
      const { rows: years } = await sql<{ year: number }>`SELECT year FROM evaluations WHERE id = ${id}::uuid`.execute(trx);
      if (!years[0]) return 'gone';
      await lockYear(trx, years[0].year);
      const { rows } = await sql<EvaluationRow>`SELECT ${COLUMNS} FROM evaluations WHERE year = ${years[0].year}`.execute(trx);
      const current = rows.find((r) => r.id === id);
      if (!current) return 'gone';
      if (current.status !== from || (to === 'published' && rows.some((r) => r.status === 'published'))) return 'changed';
      const set =
        to === 'reviewed'
          ? sql`status = 'reviewed', reviewed_at = ${at}::timestamptz, reviewed_by = ${by}, review_note = ${note ?? ''}`
          : sql`status = 'published', published_at = ${at}::timestamptz, published_by = ${by}`;
      await sql`UPDATE evaluations SET ${set} WHERE id = ${id}::uuid`.execute(trx);
      await appendTrail(trx, toEvaluation(current), to, from, to, by, at.toISOString(), note);
      return 'done';
    });
  }
}

interface TrailRow {
  evaluation_id: string;
  step: EvaluationStep;
  from_status: EvaluationStatus | null;
  to_status: EvaluationStatus | null;
  actor: string;
  article: 21 | 22;
  detail: string | null;
  at: Date;
}

/** Every change of a year's evaluations is serialised on this lock (transaction-level: holds in embedded mode too, docs/architecture.md). */
async function lockYear(trx: Db, year: number): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('evaluation-year'), ${year}::int)`.execute(trx);
}

async function appendTrail(
  trx: Db,
  evaluation: Pick<Evaluation, 'id' | 'year'>,
  step: EvaluationStep,
  from: EvaluationStatus | null,
  to: EvaluationStatus | null,
  actor: string,
  at: string,
  detail?: string,
): Promise<void> {
  await sql`
    INSERT INTO evaluation_trail (year, evaluation_id, step, from_status, to_status, actor, article, detail, at)
    VALUES (${evaluation.year}, ${evaluation.id}::uuid, ${step}, ${from}, ${to}, ${actor}, ${STEP_ARTICLE[step]}, ${detail ?? null}, ${at}::timestamptz)`.execute(
    trx,
  );
}
