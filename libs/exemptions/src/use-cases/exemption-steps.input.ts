import { InputContract, readableText, trimmedTexts } from '@app/common';

export const REFERENCE_MAX = 200;
export const REASON_MAX = 2000;
export const GROUNDS_MAX = 4000;

/**
 * A step's body: exactly its text fields, each trimmed, none blank or with
 * control characters (PostgreSQL text cannot hold NUL; the others garble the
 * trail and logs), none longer than its maximum.
 */
function stepInput<T>(name: string, fields: Record<keyof T & string, { max: number; required: boolean; description: string }>): InputContract<T> {
  const entries = Object.entries(fields) as [string, { max: number; required: boolean; description: string }][];
  return new InputContract<T>(
    name,
    {
      type: 'object',
      additionalProperties: false,
      required: entries.filter(([, f]) => f.required).map(([k]) => k),
      properties: Object.fromEntries(
        entries.map(([k, f]) => [k, readableText(f.max, { description: f.description, ...(f.required ? {} : { nullable: true }) })]),
      ),
    } as never,
    { normalise: trimmedTexts(...entries.map(([k]) => k)) },
  );
}

/** `POST /exemptions`: a unit admin asks for one of its unit's instruments to be exempted (Art. 11). */
export interface RequestExemptionInput {
  instrumentId: string;
  grounds: string;
}
export const requestExemptionInput = stepInput<RequestExemptionInput>('RequestExemptionInput', {
  instrumentId: { max: 300, required: true, description: "one of your unit's instruments" },
  grounds: { max: GROUNDS_MAX, required: true, description: 'why it should not be shared (Art. 11)' },
});

/** `POST /exemptions/{id}/approve`: the competent department's approval reference. */
export interface ApproveExemptionInput {
  reference: string;
}
export const approveExemptionInput = stepInput<ApproveExemptionInput>('ApproveExemptionInput', {
  reference: { max: REFERENCE_MAX, required: true, description: "the department's approval reference" },
});

/** `POST /exemptions/{id}/reject`: the department's reason. */
export interface RejectExemptionInput {
  reason: string;
}
export const rejectExemptionInput = stepInput<RejectExemptionInput>('RejectExemptionInput', {
  reason: { max: REASON_MAX, required: true, description: 'why the exemption is refused; the instrument stays shared' },
});

/** `POST /exemptions/{id}/file`: the provincial office's filing reference. */
export interface FileExemptionInput {
  filingRef: string;
}
export const fileExemptionInput = stepInput<FileExemptionInput>('FileExemptionInput', {
  filingRef: { max: REFERENCE_MAX, required: true, description: "the provincial office's filing reference" },
});

/** `POST /exemptions/{id}/withdraw`: the unit's optional reason (no body is none). */
export interface WithdrawExemptionInput {
  reason?: string;
}
export const withdrawExemptionInput = stepInput<WithdrawExemptionInput>('WithdrawExemptionInput', {
  reason: { max: REASON_MAX, required: false, description: 'why the request is withdrawn' },
});
