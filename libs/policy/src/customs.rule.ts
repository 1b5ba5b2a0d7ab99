import { addDays, addYears, assertIsoDate, compareDates, type IsoDate } from './dates';
import { decide, reason, type Decision } from './decision';
import type { DutyFreeImport, PolicyFacts } from './facts';
import { isOwnerUnit } from './owner-unit';

export type CustomsOutcome = 'not_applicable' | 'supervised' | 'approval_required' | 'no_gate';
/** Outcomes possible when no requester is given (catalog/classification view). */
export type CustomsClassificationOutcome = Exclude<CustomsOutcome, 'approval_required'>;

export interface CustomsContext {
  /** Unit that manages the instrument. */
  ownerUnitId: string;
  /**
   * Who wants to use it; absent only for the catalog (classification) view. A
   * requester without `unitId` (a natural person, or a partner's user whose
   * unit we cannot vouch for) is another unit: the gate fails closed.
   */
  requester?: { unitId?: string };
  /** YYYY-MM-DD, the day the question is asked. */
  asOf: IsoDate;
}

/**
 * The LAST DAY INSIDE customs supervision.
 *
 * Supervision runs `supervisionYears` years counted from the release day, the
 * release day included (customs practice: 监管年限自货物进口放行之日起计算). So the
 * last day inside is the day before the anniversary: released 2023-05-10, 3
 * years → supervised through 2026-05-09, free from 2026-05-10.
 *
 * Feb 29 releases: the anniversary in a common year is taken as Mar 1 (the year
 * is only complete once Feb 28 has passed), so released 2024-02-29, 3 years →
 * supervised through 2027-02-28, free from 2027-03-01. Of the two readings this
 * one never ends supervision early, which is the safe side for a customs gate.
 */
export function supervisionEndDate(d: DutyFreeImport): IsoDate {
  const release = assertIsoDate(d.releaseDate);
  if (!Number.isInteger(d.supervisionYears) || d.supervisionYears < 1) {
    throw new RangeError(`supervisionYears must be a positive integer, got ${d.supervisionYears}`);
  }
  const anniversary = addYears(release, d.supervisionYears);
  // addYears clamps Feb 29 to Feb 28; the clamped date is then itself the last day inside.
  const clamped = anniversary.slice(5) !== release.slice(5);
  return clamped ? anniversary : addDays(anniversary, -1);
}

/** True when `asOf` is on or before the last day of supervision. */
export function isUnderCustomsSupervision(d: DutyFreeImport, asOf: IsoDate): boolean {
  return compareDates(asOf, supervisionEndDate(d)) <= 0;
}

/**
 * May a unit use this instrument without customs approval?
 * - no duty-free record → `not_applicable` (Art. 5 only routes duty-free imports to customs rules);
 * - after the last day of supervision → `no_gate` (Art. 12 applies only within the period);
 * - inside supervision (a date before the release also counts: never open early):
 *   - no requester (catalog view) → `supervised`;
 *   - requester is the owning unit → `no_gate` (Art. 12 gates use by OTHER units);
 *   - anyone else, a requester without a unit included → `approval_required`
 *     (Art. 12; Jiaxing Customs supervises, Art. 7).
 */
export function assessCustomsGate(
  d: PolicyFacts['dutyFreeImport'] | undefined,
  ctx: CustomsContext & { requester?: undefined },
): Decision<CustomsClassificationOutcome>;
export function assessCustomsGate(d: PolicyFacts['dutyFreeImport'] | undefined, ctx: CustomsContext): Decision<CustomsOutcome>;
export function assessCustomsGate(d: PolicyFacts['dutyFreeImport'] | undefined, ctx: CustomsContext): Decision<CustomsOutcome> {
  assertIsoDate(ctx.asOf);
  if (!d) {
    return decide('not_applicable', [
      reason(5, 'customs.not_duty_free', '无免税进口记录，不涉及海关监管（第五条）', 'No duty-free import record: customs supervision does not apply (Art. 5)'),
    ]);
  }
  const end = supervisionEndDate(d);
  const declaration = d.declarationNo;
  if (compareDates(ctx.asOf, end) > 0) {
    return decide('no_gate', [
      reason(
        12,
        'customs.supervision_ended',
        `免税进口（报关单 ${declaration}，${d.releaseDate} 放行）海关监管期已于 ${end} 届满，其他单位使用无需海关审核（第十二条）`,
        `Duty-free import (declaration ${declaration}, released ${d.releaseDate}): customs supervision ended on ${end}; other units need no customs approval (Art. 12)`,
      ),
    ]);
  }

  const period = `监管期 ${d.supervisionYears} 年，最后一日为 ${end}`;
  const periodEn = `${d.supervisionYears}-year supervision through ${end} inclusive`;
  const customsRole = reason(
    7,
    'customs.jiaxing_customs',
    '嘉兴海关按规定对监管年限内的免税进口大仪开放共享实施监督管理（第七条）',
    'Jiaxing Customs supervises the sharing of duty-free imported instruments within their supervision period (Art. 7)',
  );

  if (ctx.requester === undefined) {
    return decide('supervised', [
      reason(
        12,
        'customs.supervised',
        `免税进口（报关单 ${declaration}，${d.releaseDate} 放行）处于海关监管期内（${period}）；其他单位使用须经海关审核同意（第十二条）`,
        `Duty-free import (declaration ${declaration}, released ${d.releaseDate}) is under customs supervision (${periodEn}); use by other units needs customs approval (Art. 12)`,
      ),
      customsRole,
    ]);
  }
  const requesterUnitId = ctx.requester.unitId;
  if (isOwnerUnit({ ownerUnitId: ctx.ownerUnitId, requesterUnitId })) {
    return decide('no_gate', [
      reason(
        12,
        'customs.owner_unit',
        `申请单位 ${requesterUnitId} 即管理单位；第十二条仅对其他单位使用监管期内（至 ${end}）的免税进口大仪设海关审核，本单位使用无需审核`,
        `Requester ${requesterUnitId} is the owning unit; Art. 12 requires customs approval only for use by other units during supervision (through ${end})`,
      ),
    ]);
  }
  const who = requesterUnitId
    ? { zh: `${requesterUnitId} 非管理单位`, en: `${requesterUnitId} is not the owning unit` }
    : { zh: '申请人无本平台可确认的所属单位，视为其他单位', en: 'a requester with no unit we can vouch for counts as another unit' };
  return decide('approval_required', [
    reason(
      12,
      'customs.approval_required',
      `免税进口（报关单 ${declaration}）处于海关监管期内（${period}）；${who.zh}，须经海关审核同意并办理相关手续后方可使用（第十二条）`,
      `Duty-free import (declaration ${declaration}) is under customs supervision (${periodEn}); ${who.en} and may use it only after customs approval (Art. 12)`,
    ),
    customsRole,
  ]);
}
