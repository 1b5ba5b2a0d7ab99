import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { Clock, DomainError } from '@app/common';
import { UUID } from '../domain/purchase-request';
import { decidePurchaseReviewInput, type DecidePurchaseReviewInput } from './decide-purchase-review.input';
import { PurchaseReviewRepository, type PurchaseReview } from '../infrastructure/purchase-review.repository';
import { ReviewScope } from './review-scope';

/**
 * Art. 10: the competent department of the unit's sector approves or rejects
 * a submitted purchase, in writing. Once: a decided review (or one that
 * needed no review) is 409; another department's review is 404.
 */
@Injectable()
export class DecidePurchaseReviewUseCase {
  constructor(
    private readonly scope: ReviewScope,
    private readonly reviews: PurchaseReviewRepository,
    private readonly clock: Clock,
  ) {}

  async execute(id: string, outcome: 'approved' | 'rejected', body: DecidePurchaseReviewInput, principal: Principal): Promise<PurchaseReview> {
    if (!principal.department) throw DomainError.forbidden("a purchase review is decided by the competent department of the unit's sector");
    const { explanation } = decidePurchaseReviewInput.parse(body);
    const review = this.scope.decidable(UUID.test(id) ? await this.reviews.findById(id) : undefined, principal, id);
    const decided = await this.reviews.decide(review.id, outcome, explanation, principal.sub, this.clock.now());
    if (decided) return decided;
    const now = await this.reviews.findById(id);
    throw DomainError.conflict(
      now?.status === 'not_required' ? 'this purchase needed no review (below 500,000 CNY, Art. 9)' : `this purchase review was already ${now?.status}`,
      { reviewStatus: now?.status },
    );
  }
}
