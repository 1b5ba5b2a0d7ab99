import { Injectable } from '@nestjs/common';
import {
  CatalogServiceControllerMethods,
  CatalogServiceService,
  type GetInstrumentRequest,
  type GetInstrumentResponse,
  type ListChangesRequest,
  type ListChangesResponse,
  type PushChangesRequest,
  type PushChangesResponse,
  type SearchInstrumentsRequest,
  type SearchInstrumentsResponse,
} from '@app/contracts';
import { Partners } from '@app/auth';
import { GrpcContext, GrpcRequest, GrpcService, type GrpcCallContext } from '@app/grpc';
import { AcceptPushedChangesUseCase } from '../use-cases/accept-pushed-changes.usecase';
import { ListLocalChangesUseCase } from '../use-cases/list-local-changes.usecase';
import { ServeInstrumentUseCase } from '../use-cases/serve-instrument.usecase';

/** yrd.federation.v1.CatalogService as Jiaxing serves it to its partners. */
@Injectable()
@GrpcService(CatalogServiceService)
@Partners()
@CatalogServiceControllerMethods()
export class CatalogGrpc {
  constructor(
    private readonly changes: ListLocalChangesUseCase,
    private readonly serve: ServeInstrumentUseCase,
    private readonly pushed: AcceptPushedChangesUseCase,
  ) {}

  pushChanges(@GrpcRequest() requests: AsyncIterable<PushChangesRequest>, @GrpcContext() context: GrpcCallContext): Promise<PushChangesResponse> {
    return this.pushed.execute(requests, context.caller!);
  }

  async *listChanges(@GrpcRequest() request: ListChangesRequest, @GrpcContext() context: GrpcCallContext): AsyncIterable<ListChangesResponse> {
    yield* this.changes.execute(request, context.caller!, context.signal);
  }

  async getInstrument(@GrpcRequest() request: GetInstrumentRequest): Promise<GetInstrumentResponse> {
    return { instrument: await this.serve.one(request.id) };
  }

  async searchInstruments(@GrpcRequest() request: SearchInstrumentsRequest): Promise<SearchInstrumentsResponse> {
    return this.serve.search(request);
  }
}
