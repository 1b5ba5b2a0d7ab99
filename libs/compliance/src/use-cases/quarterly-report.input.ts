import { InputContract } from '@app/common';

/** `GET /compliance/departments/{code}/quarterly`: which quarter, and how the answer is written (JSON or CSV). */
export interface QuarterlyReportInput {
  year: number;
  quarter: number;
  format: 'json' | 'csv';
}

export const quarterlyReportInput = new InputContract<QuarterlyReportInput>('QuarterlyReportInput', {
  type: 'object',
  additionalProperties: false,
  required: ['year', 'quarter', 'format'],
  properties: {
    year: { type: 'integer', minimum: 2000, maximum: 2100 },
    quarter: { type: 'integer', minimum: 1, maximum: 4 },
    format: { type: 'string', enum: ['json', 'csv'], default: 'json' },
  },
});
