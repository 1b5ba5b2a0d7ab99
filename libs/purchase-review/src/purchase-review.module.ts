import { Module } from '@nestjs/common';
import { CatalogCoreModule } from '@app/catalog';
import { ComplianceCoreModule } from '@app/compliance';
import { UsageCoreModule } from '@app/usage';
import { PartnerIndicatorClients } from './clients/partner-indicator.client';
import { IndicatorGrpc } from './grpc/indicator.grpc';
import { PurchaseReviewsController } from './http/purchase-reviews.controller';
import { PurchaseReviewRepository } from './infrastructure/purchase-review.repository';
import { DecidePurchaseReviewUseCase } from './use-cases/decide-purchase-review.usecase';
import { GatherEvidenceUseCase } from './use-cases/gather-evidence.usecase';
import { GetPurchaseReviewUseCase } from './use-cases/get-purchase-review.usecase';
import { ListPurchaseReviewsUseCase } from './use-cases/list-purchase-reviews.usecase';
import { LocalCategoryUseUseCase } from './use-cases/local-category-use.usecase';
import { PartnerEvidenceUseCase } from './use-cases/partner-evidence.usecase';
import { ReviewScope } from './use-cases/review-scope';
import { ServeCategoryIndicatorsUseCase } from './use-cases/serve-category-indicators.usecase';
import { SubmitPurchaseReviewUseCase } from './use-cases/submit-purchase-review.usecase';

const useCases = [
  SubmitPurchaseReviewUseCase,
  DecidePurchaseReviewUseCase,
  GetPurchaseReviewUseCase,
  ListPurchaseReviewsUseCase,
  GatherEvidenceUseCase,
  ServeCategoryIndicatorsUseCase,
];

/** Purchase-review use-cases and their storage, without transport. */
@Module({
  imports: [CatalogCoreModule, UsageCoreModule, ComplianceCoreModule],
  providers: [PurchaseReviewRepository, ReviewScope, PartnerIndicatorClients, LocalCategoryUseUseCase, PartnerEvidenceUseCase, ...useCases],
  exports: useCases,
})
export class PurchaseReviewCoreModule {}

/** The HTTP routes and IndicatorService for partners: the gateway. */
@Module({
  imports: [PurchaseReviewCoreModule],
  // gRPC services are controllers: Nest routes calls only to controllers' handlers.
  controllers: [PurchaseReviewsController, IndicatorGrpc],
})
export class PurchaseReviewModule {}
