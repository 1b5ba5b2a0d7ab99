import { chinaDate, type Reason } from '@app/common';
import type { InstrumentDutyFacts } from '@app/catalog';
import {
  assessConfidentiality,
  assessIdle,
  assessOnboarding,
  assessScope,
  assessServiceTerms,
  clockStart,
  idleFromDate,
  onboardingClock,
  serviceTermsClock,
  type Decision,
  type IdleOutcome,
  type IsoDate,
  type OnboardingOutcome,
  type ServiceTermsOutcome,
} from '@app/policy';

/** Jiaxing's articles (13, 15 and their deadlines) bind Jiaxing's own instruments only. */
export const OWN_REGION = 'jiaxing';

export type ReminderKind = 'onboarding_overdue' | 'service_terms_overdue' | 'idle';
export const REMINDER_KINDS: readonly ReminderKind[] = ['onboarding_overdue', 'service_terms_overdue', 'idle'];

/** A reminder the facts call for: created once per (kind, instrument, trigger date). */
export interface DueReminder {
  kind: ReminderKind;
  instrumentId: string;
  unitId: string;
  /** The fact it is about: the missed deadline (Art. 13) or the last use the idle month counts from (Art. 15). */
  triggerDate: IsoDate;
  article: number;
  reasons: Reason[];
}

/** In the mandatory scope (Art. 2: fiscal or state capital, 300,000 CNY or more) and not excluded from sharing (Art. 11). */
export function bound(f: InstrumentDutyFacts): boolean {
  return (
    f.region === OWN_REGION &&
    assessScope({ valueCny: f.valueCny, fundingSource: f.fundingSource }).outcome === 'mandatory' &&
    assessConfidentiality(f.confidentiality).outcome !== 'excluded'
  );
}

export interface JiaxingDuties {
  region: typeof OWN_REGION;
  onboarding: Decision<OnboardingOutcome> & { deadline?: IsoDate; provinceListedOn?: IsoDate };
  serviceTerms: Decision<ServiceTermsOutcome> & { deadline?: IsoDate };
}

export interface OtherPlatformFacts {
  region: string;
  /** What the instrument's own platform says; Jiaxing's deadlines are not computed for it. */
  platformFacts: { sourcePlatform: string; acceptanceDate?: IsoDate; provincialJoinDate?: IsoDate };
  reasons: Reason[];
}

/**
 * Art. 13 duties of one instrument as of `asOf`: the listing judged on the
 * province's own listing date (never the date a unit declares), the service
 * terms 3 months after that listing, both clocks starting no earlier than the
 * effective date (Art. 24). Another region's instrument gets its platform's
 * facts and no Jiaxing deadline.
 */
export function assessDuties(f: InstrumentDutyFacts, asOf: IsoDate, effectiveDate: IsoDate): JiaxingDuties | OtherPlatformFacts {
  if (f.region !== OWN_REGION) {
    return {
      region: f.region,
      platformFacts: {
        sourcePlatform: f.sourcePlatform,
        ...(f.acceptanceDate ? { acceptanceDate: f.acceptanceDate } : {}),
        ...(f.declaredProvincialJoinDate ? { provincialJoinDate: f.declaredProvincialJoinDate } : {}),
      },
      reasons: [
        {
          article: 2,
          code: 'compliance.other_region',
          message: '该仪器不属嘉兴市管理单位，本办法第十三条、第十五条的时限不适用，以其所在平台信息为准',
          messageEn: "Not a Jiaxing unit's instrument: the Art. 13 and 15 deadlines of these measures do not apply; its own platform's facts are shown",
        },
      ],
    };
  }
  const facts = { valueCny: f.valueCny, fundingSource: f.fundingSource, confidentiality: f.confidentiality, effectiveDate };
  const onboarding: JiaxingDuties['onboarding'] = assessOnboarding(
    { ...facts, acceptanceDate: f.acceptanceDate, ...(f.provinceListedOn ? { provincialJoinDate: f.provinceListedOn } : {}) },
    asOf,
  );
  if (onboarding.outcome !== 'not_applicable' && f.acceptanceDate) onboarding.deadline = onboardingClock(f.acceptanceDate, effectiveDate).deadline;
  if (f.provinceListedOn) onboarding.provinceListedOn = f.provinceListedOn;
  if (f.declaredProvincialJoinDate && f.declaredProvincialJoinDate !== f.provinceListedOn && onboarding.outcome !== 'not_applicable') {
    onboarding.reasons.push({
      article: 13,
      code: 'onboarding.declared_date_not_evidence',
      message: `单位填报的入网日期 ${f.declaredProvincialJoinDate} 不作为入网依据，以省大仪平台记录的上架日期为准${f.provinceListedOn ? `（${f.provinceListedOn}）` : '（尚无记录）'}`,
      messageEn: `The joining date the unit declares (${f.declaredProvincialJoinDate}) is not evidence: the provincial platform's own listing date counts${f.provinceListedOn ? ` (${f.provinceListedOn})` : ' (none on record)'}`,
    });
  }

  const serviceTerms: JiaxingDuties['serviceTerms'] = assessServiceTerms(
    { ...facts, acceptanceDate: f.acceptanceDate, provincialJoinDate: f.provinceListedOn, fee: f.fee, serviceModes: f.serviceModes },
    asOf,
  );
  if ((serviceTerms.outcome === 'due' || serviceTerms.outcome === 'overdue') && f.provinceListedOn) {
    serviceTerms.deadline = serviceTermsClock(f.provinceListedOn, effectiveDate).deadline;
  }
  return { region: OWN_REGION, onboarding, serviceTerms };
}

/**
 * Art. 15 as of `asOf`: idle when neither powered on nor used in a session for
 * one consecutive month. The month counts from the last use; with none on
 * record, from the acceptance (or the effective date, Art. 24): an instrument
 * never switched on is the idlest of all.
 */
export function assessIdleDuty(
  f: InstrumentDutyFacts,
  lastUse: IsoDate | undefined,
  asOf: IsoDate,
  effectiveDate: IsoDate,
): Decision<IdleOutcome> & { countedFrom: IsoDate; idleFrom: IsoDate } {
  const last = lastUse ?? f.acceptanceDate ?? effectiveDate;
  const decision = assessIdle({ lastPowerOnDate: last, effectiveDate }, asOf);
  const countedFrom = clockStart(last, effectiveDate).start;
  const reasons = [...decision.reasons];
  if (!lastUse) {
    reasons.unshift({
      article: 15,
      code: 'idle.never_used',
      message: `无任何开机或使用记录，自 ${f.acceptanceDate ? `安装验收日 ${last}` : `本办法施行之日 ${last}`} 起计算`,
      messageEn: `No power-on or usage session on record: counted from ${f.acceptanceDate ? `the installation acceptance on ${last}` : `the measures' effective date ${last}`}`,
    });
  }
  return { outcome: decision.outcome, reasons, countedFrom, idleFrom: idleFromDate(countedFrom) };
}

/** The reminders one instrument's facts call for as of `asOf` (none outside Jiaxing or the mandatory scope). */
export function dueReminders(f: InstrumentDutyFacts, lastUse: IsoDate | undefined, asOf: IsoDate, effectiveDate: IsoDate): DueReminder[] {
  if (!bound(f)) return [];
  const duties = assessDuties(f, asOf, effectiveDate) as JiaxingDuties;
  const base = { instrumentId: f.id, unitId: f.unitId };
  const due: DueReminder[] = [];
  if (duties.onboarding.outcome === 'overdue' && duties.onboarding.deadline) {
    due.push({ ...base, kind: 'onboarding_overdue', triggerDate: duties.onboarding.deadline, article: 13, reasons: duties.onboarding.reasons });
  }
  if (duties.serviceTerms.outcome === 'overdue' && duties.serviceTerms.deadline) {
    due.push({ ...base, kind: 'service_terms_overdue', triggerDate: duties.serviceTerms.deadline, article: 13, reasons: duties.serviceTerms.reasons });
  }
  const idle = assessIdleDuty(f, lastUse, asOf, effectiveDate);
  if (idle.outcome === 'idle') due.push({ ...base, kind: 'idle', triggerDate: idle.countedFrom, article: 15, reasons: idle.reasons });
  return due;
}

/** The China day of the last instant of use: a session ending at midnight was used the day before. */
export function lastUseDay(end: Date): IsoDate {
  return chinaDate(new Date(end.getTime() - 1));
}
