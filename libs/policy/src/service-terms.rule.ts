import { addMonths, assertIsoDate, compareDates, daysBetween, type IsoDate } from './dates';
import { decide, reason, type Decision } from './decision';
import { clockStart, effectiveDateReason } from './effective-date';
import type { PolicyFacts } from './facts';
import { excludedFromArt13, outOfScopeForArt13, type DeadlineFacts } from './onboarding.rule';

/** Art. 13: 大仪入网后 … 3个月内明确服务方式、内容、流程和收费标准. */
export const SERVICE_TERMS_MONTHS = 3;

export type ServiceTermsOutcome = 'not_applicable' | 'defined' | 'due' | 'overdue';

export type ServiceTermsFacts = DeadlineFacts & Pick<PolicyFacts, 'fee' | 'serviceModes'>;

/**
 * Last day to define the service terms: 3 calendar months after joining the
 * provincial platform, inclusive, clamped to the month's end when the day does
 * not exist (2025-11-30 → 2026-02-28; 2023-11-30 → 2024-02-29), as the Civil
 * Code Art. 202 counts periods in months.
 */
export function serviceTermsDeadline(provincialJoinDate: IsoDate): IsoDate {
  return addMonths(provincialJoinDate, SERVICE_TERMS_MONTHS);
}

/** The day the service-terms clock starts (joining, or the effective date when joining came first, Art. 24) and its deadline. */
export function serviceTermsClock(provincialJoinDate: IsoDate, effectiveDate?: IsoDate): { start: IsoDate; moved: boolean; deadline: IsoDate } {
  const { start, moved } = clockStart(provincialJoinDate, effectiveDate);
  return { start, moved, deadline: serviceTermsDeadline(start) };
}

/**
 * Art. 13: service modes, content, process and fees are defined within 3 months
 * of joining. The software can see two of them: a structured fee standard (`fee`
 * present) and at least one service mode. Both present → `defined`, whatever the
 * dates. Otherwise the clock runs from joining: `due` up to and including the
 * deadline, `overdue` after it; not joined yet → `not_applicable` (no clock).
 * Excluded instruments (Art. 11) and, when the scope facts are given, voluntary
 * ones (Arts. 2, 5) are `not_applicable` instead of `due`/`overdue`.
 */
export function assessServiceTerms(f: ServiceTermsFacts, asOf: IsoDate): Decision<ServiceTermsOutcome> {
  assertIsoDate(asOf);
  const excluded = excludedFromArt13(f, 'service_terms');
  if (excluded) return excluded;

  const hasFee = f.fee !== undefined && f.fee !== null;
  const modes = Array.isArray(f.serviceModes) ? f.serviceModes : [];
  if (hasFee && modes.length > 0) {
    return decide('defined', [
      reason(
        13,
        'service_terms.defined',
        `已明确服务方式（${modes.join('、')}）和收费标准（第十三条）`,
        `Service modes (${modes.join(', ')}) and fee standard are defined (Art. 13)`,
      ),
    ]);
  }

  // Terms already defined are reported as such even out of scope; only a missing one needs the clock.
  const outOfScope = outOfScopeForArt13(f, 'service_terms');
  if (outOfScope) return outOfScope;

  const missing = [...(modes.length === 0 ? ['服务方式'] : []), ...(hasFee ? [] : ['收费标准'])].join('、');
  const missingEn = [...(modes.length === 0 ? ['service modes'] : []), ...(hasFee ? [] : ['fee standard'])].join(' and ');

  if (f.provincialJoinDate === undefined) {
    return decide('not_applicable', [
      reason(
        13,
        'service_terms.not_joined',
        `尚未纳入省大仪平台，3 个月服务信息时限尚未起算（第十三条）；尚缺${missing}`,
        `Not yet on the provincial platform: the 3-month service-terms clock has not started (Art. 13); missing ${missingEn}`,
      ),
    ]);
  }

  const joined = assertIsoDate(f.provincialJoinDate);
  const { start, moved, deadline } = serviceTermsClock(joined, f.effectiveDate);
  const clock = `${joined} 入网，${moved ? `自本办法施行之日 ${start} 起` : ''}应于 3 个月内即 ${deadline} 前（含当日）明确服务方式、内容、流程和收费标准（第十三条）`;
  const clockEn = `joined on ${joined}; service modes, content, process and fees are due within 3 months${moved ? ` of the measures' effective date ${start}` : ''}, i.e. by ${deadline} inclusive (Art. 13)`;
  const art24 = moved
    ? [
        effectiveDateReason('service_terms', { date: joined, zh: '入网', en: 'Joining the provincial platform' }, start, {
          zh: '3 个月服务信息时限',
          en: '3-month service-terms clock',
        }),
      ]
    : [];
  if (compareDates(asOf, deadline) <= 0) {
    const left = daysBetween(asOf, deadline);
    return decide('due', [
      reason(
        13,
        'service_terms.due',
        `${clock}；截至 ${asOf} 尚缺${missing}，还剩 ${left} 天`,
        `${clockEn}; as of ${asOf} missing ${missingEn}, ${left} day(s) left`,
      ),
      ...art24,
    ]);
  }
  return decide('overdue', [
    reason(
      13,
      'service_terms.overdue',
      `${clock}；截至 ${asOf} 仍缺${missing}，已逾期 ${daysBetween(deadline, asOf)} 天`,
      `${clockEn}; as of ${asOf} still missing ${missingEn}, ${daysBetween(deadline, asOf)} day(s) overdue`,
    ),
    ...art24,
  ]);
}
