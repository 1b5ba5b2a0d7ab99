import { competentDepartmentOf, SECTORS, type CompetentDepartment } from '@app/catalog';
import type { DepartmentCode, Reason } from '@app/common';

export const EXEMPTION_STATUSES = ['requested', 'approved', 'rejected', 'filed', 'withdrawn'] as const;
export type ExemptionStatus = (typeof EXEMPTION_STATUSES)[number];

/** Still on its way: the unit may withdraw it, and no second one is opened for the instrument. */
export const OPEN_STATUSES: readonly ExemptionStatus[] = ['requested', 'approved'];

export interface ExemptionRequest {
  id: string;
  instrumentId: string;
  /** The instrument's name when the request was made (the department's queue names what it decides on). */
  instrumentName: string;
  unitId: string;
  /** The competent department of the unit's sector (Art. 7), the one that decides. */
  department: CompetentDepartment;
  status: ExemptionStatus;
  grounds: string;
  requestedBy: string;
  requestedAt: string;
  approval?: { by: string; at: string; reference: string; date: string };
  rejection?: { by: string; at: string; reason: string };
  filing?: { by: string; at: string; reference: string; date: string };
  withdrawal?: { by: string; at: string };
  /** What the request means for sharing today, with its article. */
  effect: Reason;
}

export interface TrailEntry {
  fromStatus?: ExemptionStatus;
  toStatus: ExemptionStatus;
  actor: string;
  detail?: string;
  at: string;
  /** The article the step applies: every step of this flow is Art. 11's. */
  article: typeof EXEMPTION_ARTICLE;
}

export const EXEMPTION_ARTICLE = 11;

/** The department a code names (a `department` token speaks for one of these). */
export function departmentByCode(code: string): CompetentDepartment | undefined {
  return SECTORS.map(competentDepartmentOf).find((d) => d.code === (code as DepartmentCode));
}

/** Art. 11: only an approved AND filed exemption takes the instrument out of sharing. */
export function effectOf(status: ExemptionStatus): Reason {
  if (status === 'filed') {
    return {
      article: 11,
      code: 'exemption.in_force',
      message: '经行政主管部门审核同意并报省大仪办备案，该仪器不纳入共享（第十一条）',
      messageEn: 'Approved by the competent department and filed with the provincial office: the instrument is excluded from sharing (Art. 11)',
    };
  }
  if (status === 'requested' || status === 'approved') {
    return {
      article: 11,
      code: 'exemption.pending',
      message: '豁免尚未生效：须经行政主管部门审核同意并报省大仪办备案；在此之前该仪器照常共享（第十一条）',
      messageEn:
        "Not in force yet: an exemption needs the competent department's approval and its filing with the provincial office; until then the instrument is shared as usual (Art. 11)",
    };
  }
  return {
    article: 11,
    code: 'exemption.not_granted',
    message: '未获豁免（已驳回或已撤回），该仪器照常共享（第五条、第十一条）',
    messageEn: 'No exemption (rejected or withdrawn): the instrument is shared as usual (Arts. 5, 11)',
  };
}
