import { InputContract } from '@app/common';
import { EXEMPTION_STATUSES, type ExemptionStatus } from '../domain/exemption';

/** `GET /exemptions`: closed like a body, so a mistyped parameter is a 400. */
export interface ListExemptionsInput {
  status?: ExemptionStatus;
}

export const listExemptionsInput = new InputContract<ListExemptionsInput>('ListExemptionsInput', {
  type: 'object',
  additionalProperties: false,
  properties: { status: { type: 'string', nullable: true, enum: [...EXEMPTION_STATUSES], description: "A department's queue is `requested`" } },
});
