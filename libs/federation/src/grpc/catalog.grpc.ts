import { Injectable } from '@nestjs/common';
import {
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
import { GrpcService, type GrpcCallContext } from '@app/grpc';
import { AcceptPushedChangesUseCase } from '../use-cases/accept-pushed-changes.usecase';
import { ListLocalChangesUseCase } from '../use-cases/list-local-changes.usecase';
import { ServeInstrumentUseCase } from '../use-cases/serve-instrument.usecase';

/** yrd.federation.v1.CatalogService as Jiaxing serves it to its partners. */
@Injectable()
@GrpcService(CatalogServiceService, { auth: 'partner' })
export class CatalogGrpc {
  constructor(
    private readonly changes: ListLocalChangesUseCase,
    private readonly serve: ServeInstrumentUseCase,
    private readonly pushed: AcceptPushedChangesUseCase,
  ) {}

  pushChanges(requests: AsyncIterable<PushChangesRequest>, context: GrpcCallContext): Promise<PushChangesResponse> {
    return this.pushed.execute(requests, context.caller!);
  }

  async *listChanges(request: ListChangesRequest, context: GrpcCallContext): AsyncIterable<ListChangesResponse> {
    yield* this.changes.execute(request, context.caller!, context.signal);
  }

  async getInstrument(request: GetInstrumentRequest): Promise<GetInstrumentResponse> {
    return { instrument: await this.serve.one(request.id) };
  }

  async searchInstruments(request: SearchInstrumentsRequest): Promise<SearchInstrumentsResponse> {
    return this.serve.search(request);
  }
}
