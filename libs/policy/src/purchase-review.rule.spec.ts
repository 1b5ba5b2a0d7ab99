import { assessPurchaseReview, PURCHASE_REVIEW_THRESHOLD_CNY } from './purchase-review.rule';

describe('assessPurchaseReview (Art. 9)', () => {
  it('records a purchase below 500,000 CNY without review, and reviews one at the threshold or above', () => {
    expect(PURCHASE_REVIEW_THRESHOLD_CNY).toBe(500_000);
    expect(assessPurchaseReview(499_999)).toMatchObject({ outcome: 'not_required', reasons: [{ article: 9, code: 'purchase.below_threshold' }] });
    expect(assessPurchaseReview(499_999.99).outcome).toBe('not_required');
    expect(assessPurchaseReview(500_000)).toMatchObject({ outcome: 'review_required', reasons: [{ article: 9 }, { article: 10 }] });
    expect(assessPurchaseReview(12_000_000).outcome).toBe('review_required');
  });

  it('refuses a value that is not a non-negative number', () => {
    expect(() => assessPurchaseReview(-1)).toThrow(RangeError);
    expect(() => assessPurchaseReview(Number.NaN)).toThrow(RangeError);
  });
});
