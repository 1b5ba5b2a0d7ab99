import { InputContract, readableText, trimmedTexts } from '@app/common';

export const MAX_REVIEW_NOTE = 2000;
const YEAR = { type: 'integer', minimum: 2000, maximum: 2100 } as const;

/** `POST /evaluations`: the year to compute; whether it has ended and is in force is the use-case's rule (Art. 24). */
export interface CreateEvaluationInput {
  year: number;
  reopen: boolean;
}

export const createEvaluationInput = new InputContract<CreateEvaluationInput>('CreateEvaluationInput', {
  type: 'object',
  additionalProperties: false,
  required: ['year', 'reopen'],
  properties: {
    year: { ...YEAR, description: 'The calendar year to evaluate: ended, not before the measures took effect (Art. 24)', example: 2026 },
    reopen: {
      type: 'boolean',
      default: false,
      description: 'Recompute a year whose evaluation was reviewed, superseding that review (kept in the trail); without it such a year is 409 (Art. 21)',
    },
  },
});

/** `GET /evaluations/years/{year}/trail`. */
export interface EvaluationYearInput {
  year: number;
}

export const evaluationYearInput = new InputContract<EvaluationYearInput>('EvaluationYearInput', {
  type: 'object',
  additionalProperties: false,
  required: ['year'],
  properties: { year: { ...YEAR, description: 'The evaluated year', example: 2025 } },
});

/** `POST /evaluations/{id}/review`: what the office checked, kept with the evaluation and printed on its page. */
export interface ReviewEvaluationInput {
  note: string;
}

export const reviewEvaluationInput = new InputContract<ReviewEvaluationInput>(
  'ReviewEvaluationInput',
  {
    type: 'object',
    additionalProperties: false,
    required: ['note'],
    properties: { note: readableText(MAX_REVIEW_NOTE, { description: 'What the office checked (kept with the evaluation and printed on its page)' }) },
  },
  { normalise: trimmedTexts('note') },
);

export const EVALUATION_FORMATS = ['json', 'csv', 'xlsx', 'html'] as const;

/** `GET /evaluations/{id}`: how the evaluation is written. */
export interface GetEvaluationInput {
  format: (typeof EVALUATION_FORMATS)[number];
}

export const getEvaluationInput = new InputContract<GetEvaluationInput>('GetEvaluationInput', {
  type: 'object',
  additionalProperties: false,
  required: ['format'],
  properties: {
    format: {
      type: 'string',
      enum: [...EVALUATION_FORMATS],
      default: 'json',
      description: 'json (default), csv or xlsx (a row per unit), html (a printable page in Chinese with each unit’s breakdown)',
    },
  },
});
