import { DomainError } from '@app/common';
import type { Confidentiality, InstrumentInput } from '../domain/instrument';
import { ownExemptionRecord, SELF_DECLARED_EXEMPTION } from '../domain/exemption-ownership';
import { validateInstrumentInput } from '../validation';

/**
 * A unit's write of one of its own instruments (POST, PUT): the shared
 * validator, then who owns the exemption (`ownExemptionRecord`, Art. 11).
 * A self-declared `exempted` is named among the other violations, so a unit
 * fixing its form sees every problem at once. Throws VALIDATION_FAILED.
 */
export function validateLocalInstrument(body: unknown, stored: Confidentiality | undefined): InstrumentInput {
  const validated = validateInstrumentInput(body, { exemptionByDecision: true });
  if (!validated.ok) {
    const claimed = (body as { confidentiality?: { status?: unknown } } | null)?.confidentiality?.status === 'exempted';
    const refused = claimed && stored?.status !== 'exempted' && !validated.violations.some((v) => v.field === SELF_DECLARED_EXEMPTION.field);
    throw DomainError.validation(refused ? [...validated.violations, SELF_DECLARED_EXEMPTION] : validated.violations);
  }
  const owned = ownExemptionRecord(validated.value, stored);
  if (!owned.ok) throw DomainError.validation([owned.violation]);
  return owned.value;
}
