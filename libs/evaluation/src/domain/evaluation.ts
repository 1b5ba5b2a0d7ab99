import type { EvaluationConfig } from '@app/config';
import type { UnitResult } from './scoring';

export type EvaluationStatus = 'draft' | 'reviewed' | 'published';

/** One evaluation run of a year (Arts. 21–23). */
export interface Evaluation {
  id: string;
  year: number;
  status: EvaluationStatus;
  /** China days evaluated, both inclusive: the calendar year. */
  period: { from: string; to: string };
  /** The weights and thresholds it was computed with (as configured then). */
  config: EvaluationConfig;
  participating: number;
  createdAt: string;
  createdBy: string;
  reviewedAt?: string;
  reviewedBy?: string;
  reviewNote?: string;
  publishedAt?: string;
  publishedBy?: string;
}

/** A unit's result as stored: its score, grade and the breakdown that explains them. */
export type StoredResult = UnitResult;

/** One step of a year's evaluations, as the trail keeps it (append-only, migration 0027). */
export type EvaluationStep = 'computed' | 'reviewed' | 'published' | 'superseded';

export interface EvaluationTrailEntry {
  evaluationId: string;
  step: EvaluationStep;
  from: EvaluationStatus | null;
  to: EvaluationStatus | null;
  actor: string;
  /** Art. 22–23: a computation (indicators, scores, grades); Art. 21: the office's review, publication, and a recomputation that supersedes an unpublished evaluation. */
  article: 21 | 22;
  /** The review note (reviewed; superseded: the note of the review it discarded, with its reviewer). */
  detail?: string;
  at: string;
}

/** Which article each step falls under. */
export const STEP_ARTICLE: Record<EvaluationStep, 21 | 22> = { computed: 22, reviewed: 21, published: 21, superseded: 21 };
