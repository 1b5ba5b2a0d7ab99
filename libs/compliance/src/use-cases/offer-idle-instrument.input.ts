import { InputContract, readableText, trimmedTexts } from '@app/common';
import type { IdleOfferKind } from '../infrastructure/idle-offer.repository';

export const IDLE_OFFER_TERMS_MAX = 2000;

/** `POST /compliance/idle-offers`: one of the unit's idle instruments, offered for lease or transfer (Art. 15). */
export interface OfferIdleInstrumentInput {
  instrumentId: string;
  kind: IdleOfferKind;
  terms: string;
}

export const offerIdleInstrumentInput = new InputContract<OfferIdleInstrumentInput>(
  'OfferIdleInstrumentInput',
  {
    type: 'object',
    additionalProperties: false,
    required: ['instrumentId', 'kind', 'terms'],
    properties: {
      instrumentId: { type: 'string', minLength: 1, maxLength: 300, 'x-expected': "one of your unit's instrument ids", example: 'jiaxing:jx-u001.JX-SEM-001' },
      kind: { type: 'string', enum: ['lease', 'transfer'] },
      terms: readableText(IDLE_OFFER_TERMS_MAX, { description: 'the terms offered to other units (price, period, conditions)' }),
    },
  },
  { normalise: trimmedTexts('terms') },
);
