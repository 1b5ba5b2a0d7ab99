import type { Reason } from '@app/common';
import { assessConfidentiality } from './confidentiality.rule';
import { assertIsoDate, compareDates, daysBetween, type IsoDate } from './dates';
import { decide, reason, type Decision } from './decision';
import { clockStart, effectiveDateReason } from './effective-date';
import type { PolicyFacts } from './facts';
import { assessScope } from './scope.rule';
import { addWorkingDays, uncertainCalendarYears, workingDaysBetween } from './working-days';

/** Art. 13: 自完成安装验收之日起30个工作日内 … 完成大仪入网. */
export const ONBOARDING_WORKING_DAYS = 30;

export type OnboardingOutcome = 'not_applicable' | 'on_time' | 'due' | 'overdue' | 'late' | 'missing_acceptance_date';

/**
 * Facts the onboarding and service-terms rules read. `valueCny` and
 * `fundingSource` are optional: when both are given, instruments outside the
 * mandatory scope (Art. 2) get `not_applicable` instead of a deadline they are
 * not bound by; when omitted, the caller vouches that the instrument is in scope.
 */
export type DeadlineFacts = Pick<PolicyFacts, 'acceptanceDate' | 'provincialJoinDate' | 'confidentiality' | 'effectiveDate'> &
  Partial<Pick<PolicyFacts, 'valueCny' | 'fundingSource'>>;

/**
 * The last day to join the provincial platform: the 30th working day AFTER
 * acceptance (the acceptance day itself is not counted; joining on the returned
 * day is on time). PRC holidays and adjusted working days apply, see `addWorkingDays`.
 */
export function onboardingDeadline(acceptanceDate: IsoDate): IsoDate {
  return addWorkingDays(acceptanceDate, ONBOARDING_WORKING_DAYS);
}

/**
 * The day the onboarding clock starts: acceptance, or the measures' effective
 * date when acceptance came before it (Art. 24); and the deadline from there.
 */
export function onboardingClock(acceptanceDate: IsoDate, effectiveDate?: IsoDate): { start: IsoDate; moved: boolean; deadline: IsoDate } {
  const { start, moved } = clockStart(acceptanceDate, effectiveDate);
  return { start, moved, deadline: onboardingDeadline(start) };
}

/**
 * `not_applicable` when the instrument is excluded from sharing (Arts. 2, 11):
 * it never goes on the platform, so the Art. 13 clocks do not run. Else null.
 */
export function excludedFromArt13(f: DeadlineFacts, code: 'onboarding' | 'service_terms'): Decision<'not_applicable'> | null {
  const sharing = assessConfidentiality(f.confidentiality);
  if (sharing.outcome !== 'excluded') return null;
  return decide('not_applicable', [
    reason(
      11,
      `${code}.excluded`,
      '该仪器按保密或豁免规定不纳入共享，不适用入网及服务信息时限（第十一条）',
      'Excluded from sharing (confidentiality or exemption): the platform deadlines do not apply (Art. 11)',
    ),
    ...sharing.reasons,
  ]);
}

/**
 * `not_applicable` when the scope facts are given and the instrument is outside
 * the mandatory scope: Art. 11 puts on the platform the instruments bought with
 * fiscal funds or state capital (Art. 2 adds the 300,000 CNY floor). Else null.
 */
export function outOfScopeForArt13(f: DeadlineFacts, code: 'onboarding' | 'service_terms'): Decision<'not_applicable'> | null {
  if (f.valueCny === undefined || f.fundingSource === undefined) return null;
  const scope = assessScope({ valueCny: f.valueCny, fundingSource: f.fundingSource });
  if (scope.outcome !== 'voluntary') return null;
  return decide('not_applicable', [
    reason(
      11,
      `${code}.voluntary`,
      '不属财政资金或国有资本购置的 30 万元及以上大仪，第十一条、第十三条的入网及服务信息时限不适用；鼓励自愿入网开放（第五条）',
      'Not a fiscal/state-capital instrument worth 300,000 CNY or more: the Art. 11/13 platform deadlines do not apply; voluntary listing is encouraged (Art. 5)',
    ),
    ...scope.reasons,
  ]);
}

/** A reason warning that the deadline may move because a year's holiday schedule is not official. */
export function calendarCaveats(from: IsoDate, to: IsoDate, code: string): Reason[] {
  return uncertainCalendarYears(from, to).map(({ year, status }) =>
    status === 'provisional'
      ? reason(
          13,
          `${code}.calendar_provisional`,
          `${year} 年国务院节假日安排通知尚未收录，暂按法定节日（不含调休）计算工作日，截止日可能变动`,
          `The State Council's ${year} holiday notice is not on file yet: working days are counted with the statutory holidays only (no adjusted working days), so the deadline may move`,
        )
      : reason(
          13,
          `${code}.calendar_missing`,
          `未收录 ${year} 年节假日安排，暂按周一至周五计算工作日，截止日可能有误`,
          `No ${year} holiday schedule on file: working days are counted as Monday–Friday, so the deadline may be off`,
        ),
  );
}

/**
 * Art. 13: join the provincial platform within 30 working days of installation
 * acceptance. Joined on/before the deadline → `on_time`, after → `late`; not
 * joined yet → `due` while `asOf` ≤ deadline (the deadline day itself is still
 * in time), `overdue` afterwards.
 */
export function assessOnboarding(f: DeadlineFacts, asOf: IsoDate): Decision<OnboardingOutcome> {
  assertIsoDate(asOf);
  const notApplicable = excludedFromArt13(f, 'onboarding') ?? outOfScopeForArt13(f, 'onboarding');
  if (notApplicable) return notApplicable;

  if (f.acceptanceDate === undefined) {
    const joined = f.provincialJoinDate ? `（已于 ${f.provincialJoinDate} 入网）` : '';
    const joinedEn = f.provincialJoinDate ? ` (joined on ${f.provincialJoinDate})` : '';
    return decide('missing_acceptance_date', [
      reason(
        13,
        'onboarding.missing_acceptance_date',
        `未填写安装验收日期，无法计算 30 个工作日入网时限（第十三条）${joined}`,
        `No installation acceptance date: the 30-working-day onboarding deadline cannot be computed (Art. 13)${joinedEn}`,
      ),
    ]);
  }

  const accepted = f.acceptanceDate;
  const { start, moved, deadline } = onboardingClock(accepted, f.effectiveDate);
  const clock = `${accepted} 完成安装验收，${moved ? `自本办法施行之日 ${start} 起` : ''}应于 ${ONBOARDING_WORKING_DAYS} 个工作日内即 ${deadline} 前（含当日）纳入省大仪平台（第十三条）`;
  const clockEn = `accepted on ${accepted}, due on the provincial platform within ${ONBOARDING_WORKING_DAYS} working days${moved ? ` of the measures' effective date ${start}` : ''}, i.e. by ${deadline} inclusive (Art. 13)`;

  let main: Decision<OnboardingOutcome>;
  if (f.provincialJoinDate !== undefined) {
    const joined = assertIsoDate(f.provincialJoinDate);
    if (compareDates(joined, deadline) <= 0) {
      main = decide('on_time', [reason(13, 'onboarding.on_time', `${clock}；已于 ${joined} 入网，按时`, `${clockEn}; joined on ${joined}, on time`)]);
    } else {
      // Lateness in calendar days: unambiguous, and never 0 (a weekend right after the deadline is late too).
      const late = daysBetween(deadline, joined);
      main = decide('late', [
        reason(13, 'onboarding.late', `${clock}；${joined} 才入网，逾期 ${late} 天`, `${clockEn}; joined only on ${joined}, ${late} day(s) late`),
      ]);
    }
  } else if (compareDates(asOf, deadline) <= 0) {
    const left = workingDaysBetween(asOf, deadline);
    main = decide('due', [
      reason(
        13,
        'onboarding.due',
        `${clock}；截至 ${asOf} 尚未入网，${asOf} 之后还剩 ${left} 个工作日`,
        `${clockEn}; not joined as of ${asOf}, ${left} working day(s) left after ${asOf}`,
      ),
    ]);
  } else {
    const overdue = daysBetween(deadline, asOf);
    main = decide('overdue', [
      reason(
        13,
        'onboarding.overdue',
        `${clock}；截至 ${asOf} 仍未入网，已逾期 ${overdue} 天`,
        `${clockEn}; still not joined as of ${asOf}, ${overdue} day(s) overdue`,
      ),
    ]);
  }
  if (moved) {
    main.reasons.push(
      effectiveDateReason('onboarding', { date: accepted, zh: '安装验收', en: 'Installation acceptance' }, start, {
        zh: '30 个工作日入网时限',
        en: '30-working-day onboarding clock',
      }),
    );
  }
  main.reasons.push(...calendarCaveats(start, deadline, 'onboarding'));
  return main;
}
