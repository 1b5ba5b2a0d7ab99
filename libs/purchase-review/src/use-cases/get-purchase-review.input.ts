import { InputContract } from '@app/common';

/** `GET /purchase-reviews/{id}`: the review as JSON, or as a printable page. */
export interface GetPurchaseReviewInput {
  format: 'json' | 'html';
}

export const getPurchaseReviewInput = new InputContract<GetPurchaseReviewInput>('GetPurchaseReviewInput', {
  type: 'object',
  additionalProperties: false,
  required: ['format'],
  properties: { format: { type: 'string', enum: ['json', 'html'], default: 'json' } },
});
