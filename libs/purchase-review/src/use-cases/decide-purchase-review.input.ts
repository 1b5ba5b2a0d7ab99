import { InputContract, readableText, trimmedTexts } from '@app/common';
import { TEXT_MAX } from '../domain/purchase-request';

/** `POST /purchase-reviews/{id}/approve|reject`: the department's decision needs a written explanation (Art. 10). */
export interface DecidePurchaseReviewInput {
  explanation: string;
}

export const decidePurchaseReviewInput = new InputContract<DecidePurchaseReviewInput>(
  'DecidePurchaseReviewInput',
  {
    type: 'object',
    additionalProperties: false,
    required: ['explanation'],
    properties: { explanation: readableText(TEXT_MAX, { description: 'the written explanation of the decision (Art. 10), kept in the trail' }) },
  },
  { normalise: trimmedTexts('explanation') },
);
