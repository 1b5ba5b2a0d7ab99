import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { PurchaseReviewRepository, type PurchaseReview, type PurchaseReviewStatus } from '../infrastructure/purchase-review.repository';
import { ReviewScope } from './review-scope';

/** The queue: newest first, of the caller's scope (department: its sector; unit admin: its unit; admin: all), optionally of one status. */
@Injectable()
export class ListPurchaseReviewsUseCase {
  constructor(
    private readonly scope: ReviewScope,
    private readonly reviews: PurchaseReviewRepository,
  ) {}

  execute(principal: Principal, query: { status?: string; limit?: string }): Promise<PurchaseReview[]> {
    const limit = query.limit ? Number(query.limit) : 100;
    return this.reviews.list(this.scope.filter(principal), query.status as PurchaseReviewStatus | undefined, Math.max(1, Math.min(500, limit)));
  }
}
