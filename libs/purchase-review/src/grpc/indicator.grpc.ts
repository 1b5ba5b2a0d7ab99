import { Injectable } from '@nestjs/common';
import {
  IndicatorServiceControllerMethods,
  IndicatorServiceService,
  type GetCategoryIndicatorsRequest,
  type GetCategoryIndicatorsResponse,
} from '@app/contracts';
import { Partners } from '@app/auth';
import { GrpcRequest, GrpcService } from '@app/grpc';
import { ServeCategoryIndicatorsUseCase } from '../use-cases/serve-category-indicators.usecase';

/** yrd.federation.v1.IndicatorService as Jiaxing serves it: same-category sums over our own instruments, for partners' purchase reviews. */
@Injectable()
@GrpcService(IndicatorServiceService)
@Partners()
@IndicatorServiceControllerMethods()
export class IndicatorGrpc {
  constructor(private readonly serve: ServeCategoryIndicatorsUseCase) {}

  getCategoryIndicators(@GrpcRequest() request: GetCategoryIndicatorsRequest): Promise<GetCategoryIndicatorsResponse> {
    return this.serve.execute(request);
  }
}
