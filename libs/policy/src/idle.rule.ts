import { addMonths, assertIsoDate, compareDates, type IsoDate } from './dates';
import { decide, reason, type Decision } from './decision';
import { clockStart, effectiveDateReason } from './effective-date';
import type { PolicyFacts } from './facts';

/** Art. 15: 大仪连续1个月未开机运行. */
export const IDLE_AFTER_MONTHS = 1;

export type IdleOutcome = 'active' | 'idle' | 'unknown' | 'not_applicable';

/** First day on which an instrument last powered on at `lastPowerOnDate` counts as idle. */
export function idleFromDate(lastPowerOnDate: IsoDate): IsoDate {
  return addMonths(lastPowerOnDate, IDLE_AFTER_MONTHS);
}

/**
 * Art. 15: no power-on for one consecutive month → idle. `lastPowerOnDate` is the
 * last day of use from either source: the later of the last IoT power-on and the
 * last usage session (the caller takes the later of both). The month is a calendar
 * month counted from the last power-on day (which is not counted, Civil Code
 * Art. 201), so last on 2025-01-15 → idle from 2025-02-15; last on 2025-01-31 →
 * idle from 2025-02-28 (end-of-month clamp, Civil Code Art. 202). A power-on date
 * after `asOf` means the instrument ran since: `active`. No data → `unknown`.
 */
export function assessIdle(f: Pick<PolicyFacts, 'lastPowerOnDate' | 'effectiveDate'>, asOf: IsoDate): Decision<IdleOutcome> {
  assertIsoDate(asOf);
  if (f.lastPowerOnDate === undefined) {
    return decide('unknown', [
      reason(
        15,
        'idle.no_usage_data',
        '无开机记录（物联网或使用记录），无法判断是否连续 1 个月未开机（第十五条）',
        'No power-on record (IoT or usage sessions): cannot tell whether it has been off for a month (Art. 15)',
      ),
    ]);
  }
  const last = assertIsoDate(f.lastPowerOnDate);
  // Art. 24: a month without use before the measures took effect is no month of Art. 15.
  const { start, moved } = clockStart(last, f.effectiveDate);
  const idleFrom = idleFromDate(start);
  const art24 = moved
    ? [
        effectiveDateReason('idle', { date: last, zh: '最近开机', en: 'The last power-on' }, start, {
          zh: '连续 1 个月未开机的期间',
          en: 'one-month idle clock',
        }),
      ]
    : [];
  if (compareDates(asOf, idleFrom) < 0) {
    return decide('active', [
      reason(
        15,
        'idle.active',
        `最近开机 ${last}，截至 ${asOf} 未满连续 1 个月未开机（${idleFrom} 起视为闲置）（第十五条）`,
        `Last powered on ${last}; as of ${asOf} not yet off for a full month (idle from ${idleFrom}) (Art. 15)`,
      ),
      ...art24,
    ]);
  }
  return decide('idle', [
    reason(
      15,
      'idle.no_power_on',
      `最近开机 ${last}，截至 ${asOf} 已连续 1 个月未开机（自 ${idleFrom} 起视为闲置），管理单位应及时进行内部提醒（第十五条）`,
      `Last powered on ${last}; as of ${asOf} off for a full month (idle since ${idleFrom}): the management unit should issue an internal reminder (Art. 15)`,
    ),
    reason(
      15,
      'idle.lease_or_transfer',
      '鼓励通过租赁、主动转让等形式提高闲置大仪使用率（第十五条）',
      'Consider offering the idle instrument for lease or transfer to raise its use (Art. 15)',
    ),
    ...art24,
  ]);
}
