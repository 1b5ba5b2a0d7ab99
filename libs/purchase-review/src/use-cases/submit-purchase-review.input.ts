import { isValidCategoryCode } from '@app/catalog';
import { InputContract, readableText, trimmedTexts } from '@app/common';
import { NAME_MAX, TEXT_MAX, VALUE_MAX_CNY, type PurchaseRequest } from '../domain/purchase-request';

/** `POST /purchase-reviews`: a proposed purchase as the unit admin sends it (Art. 9); every violation is named at once. */
export const submitPurchaseReviewInput = new InputContract<PurchaseRequest>(
  'SubmitPurchaseReviewInput',
  {
    type: 'object',
    additionalProperties: false,
    required: ['categoryCode', 'valueCny', 'intendedUse', 'justification'],
    properties: {
      categoryCode: {
        type: 'string',
        maxLength: 4,
        'x-expected': 'a national category code of the table (2-digit class or 4-digit sub-class)',
        description: 'national category code (class or sub-class); same-category instruments are those whose code starts with it',
        example: '0101',
      },
      valueCny: {
        type: 'number',
        exclusiveMinimum: 0,
        maximum: VALUE_MAX_CNY,
        'x-fen': true,
        description: 'the purchase price in CNY, at most 2 decimals; review is required from 500,000 CNY (Art. 9)',
        example: 600000,
      },
      intendedUse: readableText(TEXT_MAX),
      justification: readableText(TEXT_MAX),
      name: readableText(NAME_MAX, { nullable: true }),
      model: readableText(NAME_MAX, { nullable: true }),
    },
  },
  {
    normalise: trimmedTexts('intendedUse', 'justification', 'name', 'model'),
    check(value, _context, reported) {
      const code = (value as Partial<PurchaseRequest> | null)?.categoryCode;
      return typeof code === 'string' && !reported.has('categoryCode') && !isValidCategoryCode(code)
        ? [
            {
              field: 'categoryCode',
              message: `must be a national category code of the table (2-digit class or 4-digit sub-class), got ${JSON.stringify(code)}`,
            },
          ]
        : [];
    },
  },
);
