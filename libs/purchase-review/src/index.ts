/**
 * `@app/purchase-review`: Arts. 9–10, the review of a unit's proposed purchase
 * of a large instrument (500,000 CNY and above) by the competent department,
 * on evidence of how the same-category instruments of the unit, the city, the
 * province and the YRD partners are used (the partners' through federation:
 * yrd.federation.v1.IndicatorService, which it also serves for Jiaxing). Owns
 * `purchase_reviews` and `purchase_review_events` (migration 0024).
 */
export * from './domain/evidence';
export * from './domain/purchase-request';
export { renderReviewPage } from './domain/review-page';
export type { PurchaseReview, PurchaseReviewEvent, PurchaseReviewStatus } from './infrastructure/purchase-review.repository';
export * from './use-cases/submit-purchase-review.usecase';
export * from './use-cases/decide-purchase-review.usecase';
export * from './use-cases/get-purchase-review.usecase';
export * from './use-cases/list-purchase-reviews.usecase';
export * from './use-cases/gather-evidence.usecase';
export * from './use-cases/serve-category-indicators.usecase';
export { PurchaseReviewCoreModule, PurchaseReviewModule } from './purchase-review.module';
