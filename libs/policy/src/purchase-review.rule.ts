import { decide, formatCny, reason, type Decision } from './decision';

/** Art. 9: a proposed purchase of a single instrument (set) worth 500,000 CNY or more is reviewed; the threshold itself is reviewed. */
export const PURCHASE_REVIEW_THRESHOLD_CNY = 500_000;

export type PurchaseReviewOutcome = 'not_required' | 'review_required';

/**
 * Arts. 9–10: before a unit buys a large instrument with fiscal funds, a
 * purchase worth 500,000 CNY or more goes to the competent department's
 * review, which weighs how the same-category instruments already in the
 * city, the province and the YRD are used and shared (Art. 10); below the
 * threshold no review is needed and the purchase is only recorded.
 */
export function assessPurchaseReview(valueCny: number): Decision<PurchaseReviewOutcome> {
  if (!Number.isFinite(valueCny) || valueCny < 0) throw new RangeError(`assessPurchaseReview: valueCny must be a non-negative number, got ${valueCny}`);
  const value = formatCny(valueCny);
  if (valueCny < PURCHASE_REVIEW_THRESHOLD_CNY) {
    return decide('not_required', [
      reason(
        9,
        'purchase.below_threshold',
        `拟购置仪器单台价值 ${value} 元，低于 50 万元（第九条），无需查重评议，仅予登记`,
        `The proposed instrument's unit value of ${value} CNY is below 500,000 CNY (Art. 9): no purchase review is needed; it is recorded`,
      ),
    ]);
  }
  return decide('review_required', [
    reason(
      9,
      'purchase.review_required',
      `拟购置仪器单台价值 ${value} 元，达到 50 万元及以上（第九条），须经主管部门查重评议后方可购置`,
      `The proposed instrument's unit value of ${value} CNY is 500,000 CNY or more (Art. 9): it may be bought only after the competent department's review`,
    ),
    reason(
      10,
      'purchase.evidence',
      `评议依据同类仪器在本单位、本市、本省及长三角的数量、使用率与共享率（第十条）`,
      `The review weighs the number, utilisation and sharing rate of same-category instruments in the unit, the city, the province and the YRD (Art. 10)`,
    ),
  ]);
}
