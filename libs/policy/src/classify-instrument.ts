import { assessConfidentiality, type SharingOutcome } from './confidentiality.rule';
import { assessCustomsGate, supervisionEndDate, type CustomsClassificationOutcome } from './customs.rule';
import { assertIsoDate, type IsoDate } from './dates';
import { decide, reason, type Decision } from './decision';
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

/** The region whose measures these are (Art. 1: 我市). */
const OWN_REGION = 'jiaxing';

/** Another region's instrument: Jiaxing's Art. 13 / 15 clocks do not run for it. */
function otherRegion<O extends string>(code: string, region: string): Decision<O | 'not_applicable'> {
  return decide('not_applicable' as O | 'not_applicable', [
    reason(
      1,
      `${code}.other_region`,
      `该仪器属${region}平台，本办法（嘉兴市）第十三条、第十五条的时限不适用，以其所在平台信息为准（第一条）`,
      `An instrument of the ${region} platform: the Art. 13 and 15 deadlines of these (Jiaxing) measures do not apply; its own platform's facts count (Art. 1)`,
    ),
  ]);
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
  const { sharing, customs } = storedDecisions(f, asOf);
  const foreign = f.region !== undefined && f.region !== OWN_REGION;
  const onboarding = foreign ? otherRegion<OnboardingOutcome>('onboarding', f.region!) : assessOnboarding(f, asOf);
  const serviceTerms = foreign ? otherRegion<ServiceTermsOutcome>('service_terms', f.region!) : assessServiceTerms(f, asOf);
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
    idle: foreign ? otherRegion<IdleOutcome>('idle', f.region!) : assessIdle(f, asOf),
    ...flagsOf(sharing, customs),
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

function flagsOf(sharing: Decision<SharingOutcome>, customs: Decision<CustomsClassificationOutcome>): { shareable: boolean; customsGated: boolean } {
  return { shareable: sharing.outcome === 'shared', customsGated: customs.outcome === 'supervised' };
}

/** The decisions an instrument's stored flags follow, and nothing else: the same rules, with their reasons. */
function storedDecisions(f: Pick<PolicyFacts, 'confidentiality' | 'dutyFreeImport' | 'unitId'>, asOf: IsoDate) {
  assertIsoDate(asOf);
  return { sharing: assessConfidentiality(f.confidentiality), customs: assessCustomsGate(f.dutyFreeImport, { ownerUnitId: f.unitId, asOf }) };
}

/**
 * What a write stores with an instrument (listings and the federation filter
 * on it): {@link classifyInstrument}'s `shareable` and `customsGated`, from the
 * same two decisions, without the Art. 13 / 15 clocks that only the detail
 * view shows. A sync stores every record it reads, so the clocks cost there.
 */
export function storedFlags(
  f: Pick<PolicyFacts, 'confidentiality' | 'dutyFreeImport' | 'unitId'>,
  asOf: IsoDate,
): { shareable: boolean; customsGated: boolean } {
  const { sharing, customs } = storedDecisions(f, asOf);
  return flagsOf(sharing, customs);
}
