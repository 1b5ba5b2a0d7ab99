import { DomainError, type FieldViolation } from '@app/common';
import type { PartnerRequester } from './booking';
import { identityDataViolation } from './identity-data';

/** Pseudonymous ids and unit ids: opaque tokens, never names or free text. */
const TOKEN = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The requester a partner names (booking.proto `Requester`), as a claim of
 * that partner: the pseudonym must be opaque (Art. 17: not a phone or
 * identity-card number), the unit is kept as a claim about the partner's own
 * region. Whether the unit really is of that region is checked against our
 * units table by the use-case.
 */
export function partnerRequester(
  caller: { partnerId: string; region: string },
  raw: { pseudonymousId?: string; unitId?: string } | undefined,
): PartnerRequester {
  const pseudonym = raw?.pseudonymousId ?? '';
  const unitId = raw?.unitId ?? '';
  const violations: FieldViolation[] = [];
  if (!TOKEN.test(pseudonym)) violations.push({ field: 'requester.pseudonymous_id', message: 'required: a pseudonymous id (1–128 letters, digits, . _ : -)' });
  else {
    const identity = identityDataViolation('requester.pseudonymous_id', pseudonym);
    if (identity) violations.push(identity);
  }
  if (unitId !== '' && !TOKEN.test(unitId)) violations.push({ field: 'requester.unit_id', message: 'must be a unit id (1–128 letters, digits, . _ : -)' });
  if (violations.length > 0) throw DomainError.validation(violations);
  return { kind: 'partner', partnerId: caller.partnerId, pseudonym, ...(unitId ? { claimedUnitId: unitId } : {}), claimedRegion: caller.region };
}
