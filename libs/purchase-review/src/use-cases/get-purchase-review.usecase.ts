import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { PurchaseReviewRepository, type PurchaseReview, type PurchaseReviewEvent } from '../infrastructure/purchase-review.repository';
import { UUID } from '../domain/purchase-request';
import { ReviewScope } from './review-scope';

/** One review with its evidence snapshot and its trail, for whoever may see it (else 404). */
@Injectable()
export class GetPurchaseReviewUseCase {
  constructor(
    private readonly scope: ReviewScope,
    private readonly reviews: PurchaseReviewRepository,
  ) {}

  async execute(id: string, principal: Principal): Promise<PurchaseReview & { trail: PurchaseReviewEvent[] }> {
    const review = this.scope.visible(UUID.test(id) ? await this.reviews.findById(id) : undefined, principal, id);
    return { ...review, trail: await this.reviews.trail(review.id) };
  }
}
