import { Injectable } from '@nestjs/common';
import { IndicatorServiceService, type GetCategoryIndicatorsRequest, type GetCategoryIndicatorsResponse } from '@app/contracts';
import { GrpcService } from '@app/grpc';
import { ServeCategoryIndicatorsUseCase } from '../use-cases/serve-category-indicators.usecase';

/** yrd.federation.v1.IndicatorService as Jiaxing serves it: same-category sums over our own instruments, for partners' purchase reviews. */
@Injectable()
@GrpcService(IndicatorServiceService, { auth: 'partner' })
export class IndicatorGrpc {
  constructor(private readonly serve: ServeCategoryIndicatorsUseCase) {}

  getCategoryIndicators(request: GetCategoryIndicatorsRequest): Promise<GetCategoryIndicatorsResponse> {
    return this.serve.execute(request);
  }
}
