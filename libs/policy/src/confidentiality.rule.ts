import { isIsoDate, compareDates } from './dates';
import { decide, reason, type Decision } from './decision';
import type { Confidentiality } from './facts';

export type SharingOutcome = 'shared' | 'excluded';

/** One problem with an exemption record, keyed by the instrument field it concerns. */
export interface ExemptionViolation {
  /** Path in the instrument body, e.g. `confidentiality.filingRef`. */
  field: string;
  /** Chinese, citing the article. */
  message: string;
  messageEn: string;
}

const REQUIRED_FIELDS: { key: keyof Confidentiality; zh: string; en: string }[] = [
  { key: 'approvedBy', zh: '审核同意的行政主管部门', en: 'the competent department that approved it' },
  { key: 'approvalRef', zh: '行政主管部门审核同意文号', en: "the competent department's approval reference" },
  { key: 'approvalDate', zh: '行政主管部门审核同意日期', en: "the competent department's approval date" },
  { key: 'filingRef', zh: '报省大仪办备案编号', en: 'the filing reference with the provincial office (省大仪办)' },
  { key: 'filingDate', zh: '报省大仪办备案日期', en: 'the filing date with the provincial office (省大仪办)' },
];

function blank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === '';
}

/**
 * Art. 11: an instrument with special (e.g. confidentiality) requirements may stay
 * out of sharing only after the competent department approves AND the approval
 * is filed with the provincial office. Both must be on record, so for `exempted`
 * every approval and filing field is required, dates must be valid, and the
 * filing cannot precede the approval. Other statuses need nothing: returns [].
 * Meant for write-time validation (the API answers 4xx with these violations).
 */
export function validateExemption(c: Confidentiality): ExemptionViolation[] {
  if (c.status !== 'exempted') return [];
  const violations: ExemptionViolation[] = [];
  for (const { key, zh, en } of REQUIRED_FIELDS) {
    const value = c[key];
    if (blank(value)) {
      violations.push({
        field: `confidentiality.${key}`,
        message: `豁免共享须记录${zh}（第十一条：经行政主管部门审核同意并报省大仪办备案后，方可不纳入共享）`,
        messageEn: `An exemption must record ${en} (Art. 11: exemption needs the competent department's approval and filing with the provincial office)`,
      });
    } else if ((key === 'approvalDate' || key === 'filingDate') && !isIsoDate(value)) {
      violations.push({
        field: `confidentiality.${key}`,
        message: `${zh}须为 YYYY-MM-DD 格式的有效日期，当前为 ${JSON.stringify(value)}（第十一条）`,
        messageEn: `${en} must be a valid YYYY-MM-DD date, got ${JSON.stringify(value)} (Art. 11)`,
      });
    }
  }
  if (isIsoDate(c.approvalDate) && isIsoDate(c.filingDate) && compareDates(c.filingDate, c.approvalDate) < 0) {
    violations.push({
      field: 'confidentiality.filingDate',
      message: `备案日期 ${c.filingDate} 早于审核同意日期 ${c.approvalDate}；须先经行政主管部门审核同意再报省大仪办备案（第十一条）`,
      messageEn: `Filing date ${c.filingDate} precedes approval date ${c.approvalDate}; the approval must come first, then the filing (Art. 11)`,
    });
  }
  return violations;
}

/**
 * Whether the instrument may be shared outside its owning unit.
 * - `confidential` (involves state secrets) is outside the measures (Art. 2).
 * - `exempted` stays out of sharing (Art. 11). An exemption whose record is
 *   incomplete is STILL excluded — fail closed: a paperwork gap must never make
 *   a possibly sensitive instrument public. The gap is reported in the reasons
 *   (and `validateExemption` rejects such records on write).
 * - `none` → shared (Art. 5: non-confidential instruments are opened).
 */
export function assessConfidentiality(c: Confidentiality): Decision<SharingOutcome> {
  switch (c.status) {
    case 'none':
      return decide('shared', [
        reason(
          5,
          'sharing.not_confidential',
          '不涉密且无特殊规定限制，可向社会开放共享（第五条）',
          'Not confidential and not otherwise restricted: may be shared with society (Art. 5)',
        ),
      ]);
    case 'confidential':
      return decide('excluded', [
        reason(
          2,
          'sharing.state_secret',
          '涉及国家秘密，不纳入开放共享（第二条）；不得在管理单位外检索、推送或预约',
          'Involves state secrets: excluded from sharing (Art. 2); never listed, sent or bookable outside the owning unit',
        ),
      ]);
    case 'exempted': {
      const violations = validateExemption(c);
      if (violations.length === 0) {
        return decide('excluded', [
          reason(
            11,
            'sharing.exempted',
            `经${c.approvedBy}审核同意（${c.approvalRef}，${c.approvalDate}）并报省大仪办备案（${c.filingRef}，${c.filingDate}），不纳入共享（第十一条）`,
            `Approved by ${c.approvedBy} (${c.approvalRef}, ${c.approvalDate}) and filed with the provincial office (${c.filingRef}, ${c.filingDate}): excluded from sharing (Art. 11)`,
          ),
        ]);
      }
      const fields = violations.map((v) => v.field).join(', ');
      return decide('excluded', [
        reason(
          11,
          'sharing.exemption_incomplete',
          `申报豁免共享但记录不完整（${fields}）：第十一条要求经行政主管部门审核同意并报省大仪办备案；在补正前按不共享处理`,
          `Exemption claimed but its record is incomplete (${fields}): Art. 11 requires the competent department's approval and filing with the provincial office; treated as excluded until corrected`,
        ),
      ]);
    }
    default: {
      // Unknown status from untyped input: fail closed, like an incomplete exemption.
      const status: unknown = (c as { status: unknown }).status;
      return decide('excluded', [
        reason(
          11,
          'sharing.unknown_status',
          `保密状态 ${JSON.stringify(status)} 无法识别，按不共享处理（第二条、第十一条）`,
          `Unrecognised confidentiality status ${JSON.stringify(status)}: treated as excluded (Arts. 2, 11)`,
        ),
      ]);
    }
  }
}
