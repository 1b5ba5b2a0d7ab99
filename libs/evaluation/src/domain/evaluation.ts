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
