import { Injectable } from '@nestjs/common';
import type { Principal, Role } from '@app/auth';
import { DomainError } from '@app/common';
import { isOwnStep } from '@app/policy';
import { departmentByCode, effectOf, type ExemptionRequest } from '../domain/exemption';
import { ExemptionRepository, type ExemptionScope, type StoredExemption } from '../infrastructure/exemption.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Who sees which requests: the joint-conference office (`admin`) all, a
 * competent department those of its sector's units (Art. 7), a unit admin its
 * own unit's. Outside its scope a request does not exist for the caller (404),
 * like a hidden instrument: a department of another sector or another unit
 * learns nothing of it. Anyone else is refused (403).
 */
@Injectable()
export class ExemptionAccess {
  constructor(private readonly requests: ExemptionRepository) {}

  scopeOf(principal: Principal): ExemptionScope {
    if (principal.roles.includes('admin')) return { all: true };
    if (principal.roles.includes('department') && principal.department) return { departmentCode: principal.department };
    if (principal.roles.includes('unit_admin') && principal.unitId) return { unitId: principal.unitId };
    throw DomainError.forbidden("exemptions are read by the unit's admins, its competent department and the joint-conference office");
  }

  /**
   * The scope of one role the caller holds. A step is taken in the scope of
   * the role that takes it: a token that is also the office's (or another
   * sector's department) must not approve, reject or withdraw beyond what the
   * step's own role reaches.
   */
  scopeAs(principal: Principal, role: Role): ExemptionScope {
    if (role === 'admin' && principal.roles.includes('admin')) return { all: true };
    if (role === 'department' && principal.roles.includes('department') && principal.department) return { departmentCode: principal.department };
    if (role === 'unit_admin' && principal.roles.includes('unit_admin') && principal.unitId) return { unitId: principal.unitId };
    throw DomainError.forbidden(`this step is taken as ${role}`);
  }

  /** The request if the caller's scope holds it (that of `as`, for a step), else NOT_FOUND. */
  async load(id: string, principal: Principal, as?: Role): Promise<StoredExemption> {
    const scope = as ? this.scopeAs(principal, as) : this.scopeOf(principal);
    const found = UUID.test(id) ? await this.requests.findById(id) : undefined;
    if (!found || !inScope(scope, found)) throw DomainError.notFound(`exemption request ${id}`);
    return found;
  }
}

function inScope(scope: ExemptionScope, r: StoredExemption): boolean {
  if ('all' in scope) return true;
  return 'departmentCode' in scope ? r.departmentCode === scope.departmentCode : r.unitId === scope.unitId;
}

export function toExemptionView(r: StoredExemption): ExemptionRequest {
  const at = (d: Date | undefined) => d?.toISOString() ?? '';
  const department = departmentByCode(r.departmentCode) ?? {
    code: r.departmentCode as ExemptionRequest['department']['code'],
    name: r.departmentCode,
    nameEn: r.departmentCode,
  };
  return {
    id: r.id,
    instrumentId: r.instrumentId,
    instrumentName: r.instrumentName,
    unitId: r.unitId,
    department,
    status: r.status,
    grounds: r.grounds,
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt.toISOString(),
    ...(r.approvalRef && r.approvalDate ? { approval: { by: r.decidedBy ?? '', at: at(r.decidedAt), reference: r.approvalRef, date: r.approvalDate } } : {}),
    ...(r.rejectReason ? { rejection: { by: r.decidedBy ?? '', at: at(r.decidedAt), reason: r.rejectReason } } : {}),
    ...(r.filingRef && r.filingDate ? { filing: { by: r.filedBy ?? '', at: at(r.filedAt), reference: r.filingRef, date: r.filingDate } } : {}),
    ...(r.withdrawnAt ? { withdrawal: { by: r.withdrawnBy ?? '', at: at(r.withdrawnAt) } } : {}),
    effect: effectOf(r.status),
  };
}

/**
 * Four eyes (Art. 11): the department's decision and the office's filing are
 * another person's than the request (and the filing than the approval), even
 * when one token holds every office. In scope already, so 403 tells nothing new.
 */
export function refuseOwnStep(found: StoredExemption, principal: Principal, step: 'decide' | 'file'): void {
  const earlier = step === 'decide' ? [found.requestedBy] : [found.requestedBy, found.decidedBy];
  if (isOwnStep(principal.sub, earlier)) {
    throw DomainError.forbidden(`exemption request ${found.id}: whoever requested${step === 'file' ? ' or approved' : ''} it does not ${step} it (Art. 11)`);
  }
}

export function notAwaitingDecision(id: string): DomainError {
  return DomainError.conflict(`exemption request ${id} is not awaiting a decision`, { exemptionId: id });
}
