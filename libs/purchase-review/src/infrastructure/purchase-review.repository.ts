import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Reason } from '@app/common';
import { InjectDb, sql, type Db } from '@app/persistence';
import type { Evidence } from '../domain/evidence';
import { STEP_ARTICLE, type PurchaseRequest } from '../domain/purchase-request';

export type PurchaseReviewStatus = 'not_required' | 'submitted' | 'approved' | 'rejected';
export type PurchaseReviewAction = 'recorded' | 'submitted' | 'approved' | 'rejected';

export interface PurchaseReviewEvent {
  action: PurchaseReviewAction;
  actor: string;
  explanation?: string;
  at: Date;
  /** The article the step applies (9: the threshold, 10: the decision). */
  article: number;
}

export interface PurchaseReview extends PurchaseRequest {
  id: string;
  unitId: string;
  departmentCode: string;
  status: PurchaseReviewStatus;
  reasons: Reason[];
  evidence?: Evidence;
  submittedBy: string;
  submittedAt: Date;
  decision?: { outcome: 'approved' | 'rejected'; explanation: string; decidedBy: string; decidedAt: Date; article: number };
}

/** Who may read which reviews: every one, some departments', or one unit's. */
export type ReviewFilter = { all: true } | { departmentCode: string } | { unitId: string };

interface Row {
  id: string;
  unit_id: string;
  department_code: string;
  category_code: string;
  value_cny: string;
  name: string | null;
  model: string | null;
  intended_use: string;
  justification: string;
  status: PurchaseReviewStatus;
  reasons: Reason[];
  evidence: Evidence | null;
  submitted_by: string;
  submitted_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  explanation: string | null;
}

function toReview(r: Row): PurchaseReview {
  return {
    id: r.id,
    unitId: r.unit_id,
    departmentCode: r.department_code,
    categoryCode: r.category_code,
    valueCny: Number(r.value_cny),
    ...(r.name !== null ? { name: r.name } : {}),
    ...(r.model !== null ? { model: r.model } : {}),
    intendedUse: r.intended_use,
    justification: r.justification,
    status: r.status,
    reasons: r.reasons,
    ...(r.evidence ? { evidence: r.evidence } : {}),
    submittedBy: r.submitted_by,
    submittedAt: new Date(r.submitted_at),
    ...(r.decided_at && (r.status === 'approved' || r.status === 'rejected')
      ? {
          decision: {
            outcome: r.status,
            explanation: r.explanation!,
            decidedBy: r.decided_by!,
            decidedAt: new Date(r.decided_at),
            article: STEP_ARTICLE[r.status],
          },
        }
      : {}),
  };
}

function where(filter: ReviewFilter) {
  if ('all' in filter) return sql`TRUE`;
  if ('departmentCode' in filter) return sql`department_code = ${filter.departmentCode}`;
  return sql`unit_id = ${filter.unitId}`;
}

/** The only SQL on purchase_reviews and purchase_review_events. */
@Injectable()
export class PurchaseReviewRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  /** Stores the request with its first trail entry, in one transaction. */
  async insert(review: Omit<PurchaseReview, 'id' | 'decision'>): Promise<PurchaseReview> {
    const id = randomUUID();
    return this.db.transaction().execute(async (trx) => {
      const { rows } = await sql<Row>`
        INSERT INTO purchase_reviews (id, unit_id, department_code, category_code, value_cny, name, model, intended_use, justification, status, reasons, evidence, evidence_as_of, submitted_by, submitted_at)
        VALUES (${id}::uuid, ${review.unitId}, ${review.departmentCode}, ${review.categoryCode}, ${review.valueCny}, ${review.name ?? null}, ${review.model ?? null},
          ${review.intendedUse}, ${review.justification}, ${review.status}, ${JSON.stringify(review.reasons)}::jsonb,
          ${review.evidence ? JSON.stringify(review.evidence) : null}::jsonb, ${review.evidence?.asOf ?? null}::timestamptz, ${review.submittedBy}, ${review.submittedAt}::timestamptz)
        RETURNING *`.execute(trx);
      const action: PurchaseReviewAction = review.status === 'not_required' ? 'recorded' : 'submitted';
      await sql`INSERT INTO purchase_review_events (review_id, action, actor, at) VALUES (${id}::uuid, ${action}, ${review.submittedBy}, ${review.submittedAt}::timestamptz)`.execute(
        trx,
      );
      return toReview(rows[0]);
    });
  }

  /** Decides a submitted review once; undefined when it is not (or no longer) `submitted`. */
  async decide(id: string, outcome: 'approved' | 'rejected', explanation: string, actor: string, at: Date): Promise<PurchaseReview | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const { rows } = await sql<Row>`
        UPDATE purchase_reviews SET status = ${outcome}, explanation = ${explanation}, decided_by = ${actor}, decided_at = ${at}::timestamptz
        WHERE id = ${id}::uuid AND status = 'submitted' RETURNING *`.execute(trx);
      if (!rows[0]) return undefined;
      await sql`INSERT INTO purchase_review_events (review_id, action, actor, explanation, at) VALUES (${id}::uuid, ${outcome}, ${actor}, ${explanation}, ${at}::timestamptz)`.execute(
        trx,
      );
      return toReview(rows[0]);
    });
  }

  async findById(id: string): Promise<PurchaseReview | undefined> {
    const { rows } = await sql<Row>`SELECT * FROM purchase_reviews WHERE id = ${id}::uuid`.execute(this.db);
    return rows[0] ? toReview(rows[0]) : undefined;
  }

  async list(filter: ReviewFilter, status: PurchaseReviewStatus | undefined, limit: number): Promise<PurchaseReview[]> {
    const { rows } = await sql<Row>`
      SELECT * FROM purchase_reviews WHERE ${where(filter)} AND (${status ?? null}::text IS NULL OR status = ${status ?? null})
      ORDER BY submitted_at DESC, id LIMIT ${limit}`.execute(this.db);
    return rows.map(toReview);
  }

  async trail(id: string): Promise<PurchaseReviewEvent[]> {
    const { rows } = await sql<{ action: PurchaseReviewAction; actor: string; explanation: string | null; at: Date }>`
      SELECT action, actor, explanation, at FROM purchase_review_events WHERE review_id = ${id}::uuid ORDER BY id`.execute(this.db);
    return rows.map((r) => ({
      action: r.action,
      actor: r.actor,
      ...(r.explanation !== null ? { explanation: r.explanation } : {}),
      at: new Date(r.at),
      article: STEP_ARTICLE[r.action],
    }));
  }
}
