import { assessConfidentiality, type SharingOutcome } from './confidentiality.rule';
import { assessCustomsGate, supervisionEndDate, type CustomsClassificationOutcome } from './customs.rule';
import { assertIsoDate, type IsoDate } from './dates';
import type { Decision } from './decision';
import type { PolicyFacts } from './facts';
import { assessIdle, type IdleOutcome } from './idle.rule';
import { assessOnboarding, onboardingClock, type OnboardingOutcome } from './onboarding.rule';
import { assessScope, type ScopeOutcome } from './scope.rule';
import { assessServiceTerms, serviceTermsClock, type ServiceTermsOutcome } from './service-terms.rule';

/** Every rule's decision about one instrument on one day, as shown in its detail view. */
export interface InstrumentClassification {
  asOf: IsoDate;
  /** `excluded` when confidentiality takes the instrument out of the measures' sharing duty (Arts. 2, 11). */
  scope: Decision<ScopeOutcome | 'excluded'>;
  sharing: Decision<SharingOutcome>;
  customs: Decision<CustomsClassificationOutcome>;
  /** Last day inside customs supervision (inclusive), when the instrument is a duty-free import. */
  customsSupervisionEnds?: IsoDate;
  onboarding: Decision<OnboardingOutcome>;
  /** Last day (inclusive) to join the provincial platform, when that clock applies. */
  onboardingDeadline?: IsoDate;
  serviceTerms: Decision<ServiceTermsOutcome>;
  /** Last day (inclusive) to define the service terms, when that clock applies. */
  serviceTermsDeadline?: IsoDate;
  idle: Decision<IdleOutcome>;
  /** True when the instrument may be shown/sent outside its owning unit. */
  shareable: boolean;
  /** True while inside customs supervision: other units need customs approval to book. */
  customsGated: boolean;
}

const ONBOARDING_CLOCK: ReadonlySet<OnboardingOutcome> = new Set(['on_time', 'late', 'due', 'overdue']);
const SERVICE_TERMS_CLOCK: ReadonlySet<ServiceTermsOutcome> = new Set(['due', 'overdue']);

/**
 * Runs every rule. `shareable` follows only from confidentiality (Arts. 2, 11):
 * voluntary (out-of-scope) instruments are in the gateway because their unit
 * opted in, and customs supervision gates booking, not visibility. Throws a
 * RangeError on malformed dates or numbers; validate input before storing it.
 */
export function classifyInstrument(f: PolicyFacts, asOf: IsoDate): InstrumentClassification {
  assertIsoDate(asOf);
  const sharing = assessConfidentiality(f.confidentiality);
  const customs = assessCustomsGate(f.dutyFreeImport, { ownerUnitId: f.unitId, asOf });
  const onboarding = assessOnboarding(f, asOf);
  const serviceTerms = assessServiceTerms(f, asOf);
  const result: InstrumentClassification = {
    asOf,
    // A confidential (Art. 2) or exempted (Art. 11) instrument carries no duty to
    // be listed and opened, whatever its value and funding: say so instead of
    // a "mandatory" that contradicts the sharing decision.
    scope: sharing.outcome === 'excluded' ? { outcome: 'excluded', reasons: sharing.reasons } : assessScope(f),
    sharing,
    customs,
    onboarding,
    serviceTerms,
    idle: assessIdle(f, asOf),
    shareable: sharing.outcome === 'shared',
    customsGated: customs.outcome === 'supervised',
  };
  // Deadlines are only reported when the decision actually ran that clock.
  if (f.dutyFreeImport) result.customsSupervisionEnds = supervisionEndDate(f.dutyFreeImport);
  if (f.acceptanceDate && ONBOARDING_CLOCK.has(onboarding.outcome)) {
    result.onboardingDeadline = onboardingClock(f.acceptanceDate, f.effectiveDate).deadline;
  }
  if (f.provincialJoinDate && SERVICE_TERMS_CLOCK.has(serviceTerms.outcome)) {
    result.serviceTermsDeadline = serviceTermsClock(f.provincialJoinDate, f.effectiveDate).deadline;
  }
  return result;
}
