import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { Clock } from '@app/common';
import { assessPurchaseReview } from '@app/policy';
import type { PurchaseRequest } from '../domain/purchase-request';
import { PurchaseReviewRepository, type PurchaseReview } from '../infrastructure/purchase-review.repository';
import { GatherEvidenceUseCase } from './gather-evidence.usecase';
import { ReviewScope } from './review-scope';
import { submitPurchaseReviewInput } from './submit-purchase-review.input';

/**
 * Art. 9: a unit admin proposes a purchase. Below 500,000 CNY it is recorded
 * as `not_required` (no review, no evidence gathered); at or above, it is
 * `submitted` to the competent department of the unit's sector with the Art.
 * 10 evidence computed now and stored with it, and cannot proceed until the
 * department approves it.
 */
@Injectable()
export class SubmitPurchaseReviewUseCase {
  constructor(
    private readonly scope: ReviewScope,
    private readonly evidence: GatherEvidenceUseCase,
    private readonly reviews: PurchaseReviewRepository,
    private readonly clock: Clock,
  ) {}

  async execute(body: PurchaseRequest, principal: Principal): Promise<PurchaseReview> {
    const request = submitPurchaseReviewInput.parse(body);
    const unit = await this.scope.submittingUnit(principal);
    const assessment = assessPurchaseReview(request.valueCny);
    const required = assessment.outcome === 'review_required';
    const evidence = required ? await this.evidence.execute(unit.id, request.categoryCode) : undefined;
    return this.reviews.insert({
      ...request,
      unitId: unit.id,
      departmentCode: this.scope.departmentOf(unit),
      status: required ? 'submitted' : 'not_required',
      reasons: assessment.reasons,
      ...(evidence ? { evidence } : {}),
      submittedBy: principal.sub,
      submittedAt: this.clock.now(),
    });
  }
}
