import { InputContract, readableText, trimmedTexts } from '@app/common';

export const CUSTOMS_LIST_STATUSES = ['pending', 'decided'] as const;

/** `GET /customs/approvals`: the queue (pending, the default) or the decisions taken. */
export interface CustomsListInput {
  status: (typeof CUSTOMS_LIST_STATUSES)[number];
}

export const customsListInput = new InputContract<CustomsListInput>('CustomsListInput', {
  type: 'object',
  additionalProperties: false,
  required: ['status'],
  properties: {
    status: {
      type: 'string',
      enum: [...CUSTOMS_LIST_STATUSES],
      default: 'pending',
      description: 'pending (default): the queue, oldest first; decided: the decisions taken, newest first',
    },
  },
});

/** Jiaxing Customs' decision on a booking (Art. 12): the customs document's reference, and the reason the requester is told. */
export interface CustomsDecisionInput {
  reference: string;
  reason?: string;
}

const decision = (name: string, reasonRequired: boolean) =>
  new InputContract<CustomsDecisionInput>(
    name,
    {
      type: 'object',
      additionalProperties: false,
      required: reasonRequired ? ['reference', 'reason'] : ['reference'],
      properties: {
        reference: {
          type: 'string',
          minLength: 1,
          maxLength: 100,
          pattern: '^[\\p{L}\\p{N}〔〕()（）._:/ -]*$',
          'x-message': 'must be letters, digits, spaces and 〔〕()（）._:/- only',
          'x-expected': "the customs document's reference (1–100 characters)",
          description: "the customs document's reference",
        },
        reason: readableText(
          500,
          reasonRequired ? { description: 'the reason the requester is told' } : { nullable: true, description: 'optional; the requester is told' },
        ),
      },
    } as never,
    { normalise: trimmedTexts('reference', 'reason') },
  );

/** `POST /customs/approvals/{id}/approve`. */
export const approveCustomsInput = decision('ApproveCustomsInput', false);
/** `POST /customs/approvals/{id}/reject`: a rejection says why. */
export const rejectCustomsInput = decision('RejectCustomsInput', true);
