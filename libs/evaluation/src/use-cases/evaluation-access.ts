import type { Principal } from '@app/auth';
import { DomainError } from '@app/common';
import type { ResultFilter } from '../infrastructure/evaluation.repository';

/**
 * Who reads which evaluation results (Art. 21: published after the joint conference's review): the joint-conference office
 * (admin) every evaluation in every state; a competent department the
 * published results of its sector's units; a unit admin its own unit's
 * published result. Anyone else is refused.
 */
export interface EvaluationAudience {
  publishedOnly: boolean;
  results: ResultFilter;
}

export function evaluationAudience(principal: Principal): EvaluationAudience {
  if (principal.roles.includes('admin')) return { publishedOnly: false, results: { all: true } };
  if (principal.roles.includes('department') && principal.department)
    return { publishedOnly: true, results: { all: false, departmentCode: principal.department } };
  if (principal.roles.includes('unit_admin') && principal.unitId) return { publishedOnly: true, results: { all: false, unitId: principal.unitId } };
  throw DomainError.forbidden(
    'evaluations are read by admins, competent departments (their sector, once published) and unit admins (their unit, once published)',
  );
}
