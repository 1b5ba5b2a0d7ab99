import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { GetUnitUseCase, competentDepartmentOf, type ManagementUnit } from '@app/catalog';
import { DomainError } from '@app/common';
import { isOwnStep } from '@app/policy';
import type { PurchaseReview, ReviewFilter } from '../infrastructure/purchase-review.repository';

/**
 * Who acts on purchase reviews: a Jiaxing unit's admin submits and reads its
 * unit's; the competent department of the unit's sector (Art. 7, the
 * catalog's mapping) reads and decides its sector's; an admin reads all.
 * Someone else's review is 404 (as a missing one: its existence is not
 * another unit's or department's business); other roles are refused at the
 * route (403).
 */
@Injectable()
export class ReviewScope {
  constructor(private readonly units: GetUnitUseCase) {}

  /** The caller's own Jiaxing unit, as a unit admin; 403 otherwise (a partner's unit buys through its own platform). */
  async submittingUnit(principal: Principal): Promise<ManagementUnit> {
    const unit = principal.roles.includes('unit_admin') && principal.unitId ? await this.units.execute(principal.unitId) : undefined;
    if (!unit || unit.region !== 'jiaxing') throw DomainError.forbidden('a purchase review is requested by the admin of a Jiaxing unit');
    return unit;
  }

  departmentOf(unit: ManagementUnit): string {
    return competentDepartmentOf(unit.sector).code;
  }

  filter(principal: Principal): ReviewFilter {
    if (principal.roles.includes('admin')) return { all: true };
    if (principal.roles.includes('department') && principal.department) return { departmentCode: principal.department };
    if (principal.roles.includes('unit_admin') && principal.unitId) return { unitId: principal.unitId };
    throw DomainError.forbidden("purchase reviews are read by the unit's admins, the competent department and admins");
  }

  /**
   * The review, if the caller decides it: as the competent department of the
   * unit's sector, whatever other role (admin, unit admin) the token also
   * holds; 404 otherwise, as for a review the caller cannot see; 403 to
   * whoever submitted it.
   */
  decidable(review: PurchaseReview | undefined, principal: Principal, id: string): PurchaseReview {
    if (!review || !principal.roles.includes('department') || review.departmentCode !== principal.department)
      throw DomainError.notFound(`purchase review ${id}`);
    // Four eyes (Art. 10): the unit's admin who submitted it may also be its sector's department, and must not decide it.
    if (isOwnStep(principal.sub, [review.submittedBy])) throw DomainError.forbidden(`purchase review ${id}: whoever submitted it does not decide it (Art. 10)`);
    return review;
  }

  /** The review, if the caller may see it; 404 otherwise. */
  visible(review: PurchaseReview | undefined, principal: Principal, id: string): PurchaseReview {
    const f = this.filter(principal);
    const sees = review && ('all' in f || ('departmentCode' in f ? review.departmentCode === f.departmentCode : review.unitId === f.unitId));
    if (!sees) throw DomainError.notFound(`purchase review ${id}`);
    return review;
  }
}
