import type { FieldViolation } from '@app/common';
import type { Confidentiality, InstrumentInput } from './instrument';

/** Where a unit asks for an exemption instead of declaring one (Art. 11). */
export const EXEMPTION_REQUEST_PATH = '/api/v1/exemptions';

export const SELF_DECLARED_EXEMPTION: FieldViolation = {
  field: 'confidentiality.status',
  message:
    `'exempted' is not declared by the unit: request an exemption with its grounds at POST ${EXEMPTION_REQUEST_PATH}; ` +
    'it takes effect once the competent department approves it and the approval is filed with the provincial office (Art. 11). ' +
    "Use 'confidential' for state secrets (Art. 2) or 'none'",
};

/**
 * Art. 11: an exemption from sharing is a decision of the competent
 * department, filed with the provincial office, never a unit's declaration.
 * For a unit's own write (POST/PUT, import row) against what is stored:
 * - `exempted` is refused, unless the instrument is exempted already (only
 *   `ApplyExemptionUseCase` writes that status for our instruments since
 *   migration 0021): then the decided record is kept as it is, whatever
 *   approval or filing the body claims (a GET → PUT round trip just works);
 * - `none` on an exempted instrument keeps the decided record too: a unit's
 *   form must not silently lift a decision (there is no lifting through
 *   the catalog; docs/exemptions.md);
 * - `confidential` (state secrets, Art. 2) stays the unit's own declaration
 *   and wins: it excludes at least as much.
 */
export function ownExemptionRecord(
  input: InstrumentInput,
  stored: Confidentiality | undefined,
): { ok: true; value: InstrumentInput } | { ok: false; violation: FieldViolation } {
  const decided = stored?.status === 'exempted' ? stored : undefined;
  switch (input.confidentiality.status) {
    case 'exempted':
      return decided ? { ok: true, value: { ...input, confidentiality: decided } } : { ok: false, violation: SELF_DECLARED_EXEMPTION };
    case 'none':
      return { ok: true, value: decided ? { ...input, confidentiality: decided } : input };
    default:
      return { ok: true, value: input };
  }
}
