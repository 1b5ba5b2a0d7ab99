/**
 * `@app/policy`: the rules of the Jiaxing measures for opening and sharing large
 * research instruments, as pure functions. No I/O, no clock (the "as of" date is
 * always a parameter), no framework. Every decision carries its reasons, each
 * citing its article in Chinese and English.
 *
 * Date conventions (all `YYYY-MM-DD` calendar dates, China time):
 * - deadlines are inclusive: acting ON the returned day is on time;
 * - periods start the day after the event (Civil Code Art. 201), so
 *   `onboardingDeadline(a)` is the 30th PRC working day after `a`, and month
 *   periods end on the corresponding day, clamped to the month's end (Art. 202);
 * - customs supervision includes the release day: `supervisionEndDate` is the
 *   last day inside supervision (release + N years − 1 day).
 */
export type { Decision } from './decision';
export type { PolicyFacts, FundingSource, Confidentiality, DutyFreeImport } from './facts';

export { SCOPE_THRESHOLD_CNY, assessScope, type ScopeOutcome } from './scope.rule';
export { assessConfidentiality, validateExemption, type ExemptionViolation, type SharingOutcome } from './confidentiality.rule';
export {
  supervisionEndDate,
  isUnderCustomsSupervision,
  assessCustomsGate,
  type CustomsContext,
  type CustomsOutcome,
  type CustomsClassificationOutcome,
} from './customs.rule';
export { isOwnerUnit, needsOwnerApproval } from './owner-unit';
export { isWorkingDay, addWorkingDays, workingDaysBetween, holidayName, holidayCalendarStatus, type HolidayCalendarStatus } from './working-days';
export { ONBOARDING_WORKING_DAYS, onboardingDeadline, onboardingClock, assessOnboarding, type DeadlineFacts, type OnboardingOutcome } from './onboarding.rule';
export {
  SERVICE_TERMS_MONTHS,
  serviceTermsDeadline,
  serviceTermsClock,
  assessServiceTerms,
  type ServiceTermsFacts,
  type ServiceTermsOutcome,
} from './service-terms.rule';
export { IDLE_AFTER_MONTHS, idleFromDate, assessIdle, type IdleOutcome } from './idle.rule';
export { clockStart } from './effective-date';
export { classifyInstrument, storedFlags, type InstrumentClassification } from './classify-instrument';
export { isIsoDate, compareDates, addDays, addMonths, addYears, type IsoDate } from './dates';
export { estimateFee, type FeeEstimate, type FeeFacts } from './fee.rule';
export {
  annualRatedHours,
  ratedHoursFor,
  utilisation,
  sharingRate,
  unionSeconds,
  splitByChinaDay,
  chinaDayStart,
  reportableUseBounds,
  type RatedHoursConfig,
  type TimeInterval,
} from './usage';
export { PURCHASE_REVIEW_THRESHOLD_CNY, assessPurchaseReview, type PurchaseReviewOutcome } from './purchase-review.rule';
export { SMALL_CELL_ARTICLES, isCategoryWithheld, isSmallCell, smallCellRows } from './small-cells.rule';
export { isOwnStep } from './four-eyes.rule';
