import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { PurchaseReviewRepository, type PurchaseReview } from '../infrastructure/purchase-review.repository';
import { listPurchaseReviewsInput, type ListPurchaseReviewsInput } from './list-purchase-reviews.input';
import { ReviewScope } from './review-scope';

/** The queue: newest first, of the caller's scope (department: its sector; unit admin: its unit; admin: all), optionally of one status. */
@Injectable()
export class ListPurchaseReviewsUseCase {
  constructor(
    private readonly scope: ReviewScope,
    private readonly reviews: PurchaseReviewRepository,
  ) {}

  execute(principal: Principal, raw: ListPurchaseReviewsInput): Promise<PurchaseReview[]> {
    const { status, limit } = listPurchaseReviewsInput.parse(raw);
    return this.reviews.list(this.scope.filter(principal), status, limit);
  }
}
