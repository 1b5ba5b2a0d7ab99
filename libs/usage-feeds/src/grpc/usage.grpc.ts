import { Injectable } from '@nestjs/common';
import { UsageServiceControllerMethods, UsageServiceService, type ListUsageRequest, type UsageRecord } from '@app/contracts';
import { Partners } from '@app/auth';
import { GrpcContext, GrpcRequest, GrpcService, type GrpcCallContext } from '@app/grpc';
import { ServeUsageUseCase } from '../use-cases/serve-usage.usecase';

/** yrd.federation.v1.UsageService as Jiaxing serves it: each partner, the sessions of its own bookings on our instruments. */
@Injectable()
@GrpcService(UsageServiceService)
@Partners()
@UsageServiceControllerMethods()
export class UsageGrpc {
  constructor(private readonly serve: ServeUsageUseCase) {}

  async *listUsage(@GrpcRequest() request: ListUsageRequest, @GrpcContext() context: GrpcCallContext): AsyncIterable<UsageRecord> {
    for (const record of await this.serve.execute(request, context.caller!.partnerId)) {
      if (context.signal.aborted) return;
      yield record;
    }
  }
}
