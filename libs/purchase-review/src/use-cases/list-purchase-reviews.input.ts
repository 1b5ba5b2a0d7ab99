import { InputContract } from '@app/common';
import type { PurchaseReviewStatus } from '../infrastructure/purchase-review.repository';

/** `GET /purchase-reviews`: closed like a body, so a mistyped parameter is a 400. */
export interface ListPurchaseReviewsInput {
  status?: PurchaseReviewStatus;
  limit: number;
}

export const listPurchaseReviewsInput = new InputContract<ListPurchaseReviewsInput>('ListPurchaseReviewsInput', {
  type: 'object',
  additionalProperties: false,
  required: ['limit'],
  properties: {
    status: { type: 'string', nullable: true, enum: ['not_required', 'submitted', 'approved', 'rejected'] },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
  },
});
