import { Global, Injectable, Module, type INestApplication, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test, type TestingModule } from '@nestjs/testing';
import * as grpc from '@grpc/grpc-js';
import {
  CatalogServiceClient,
  CatalogServiceControllerMethods,
  CatalogServiceService,
  type GetInstrumentResponse,
  type ListChangesResponse,
  type PushChangesRequest,
  type PushChangesResponse,
  type SearchInstrumentsResponse,
} from '@app/contracts';
import { AuthModule, PARTNER_CREDENTIALS, Partners, Public } from '@app/auth';
import {
  GRPC_ADMISSION,
  GRPC_SERVER_OPTIONS,
  GrpcCallInterceptor,
  GrpcContext,
  GrpcRequest,
  GrpcServer,
  GrpcService,
  GrpcTransportStarter,
  type GrpcCallContext,
  type GrpcLimits,
} from '@app/grpc';

/**
 * The process's gRPC server on loopback with a stand-in CatalogService whose
 * calls never finish by themselves: what the server bounds (deadlines,
 * connections, message sizes) is the server's doing, whatever the handler.
 */
@Injectable()
@GrpcService(CatalogServiceService)
@Public()
@CatalogServiceControllerMethods()
class NeverEndingCatalog {
  aborted = 0;

  private untilAborted(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) =>
      signal.addEventListener('abort', () => {
        this.aborted += 1;
        resolve();
      }),
    );
  }

  async getInstrument(@GrpcRequest() _request: unknown, @GrpcContext() context: GrpcCallContext): Promise<GetInstrumentResponse> {
    await this.untilAborted(context.signal);
    return { instrument: undefined };
  }

  async *listChanges(@GrpcRequest() _request: unknown, @GrpcContext() context: GrpcCallContext): AsyncIterable<ListChangesResponse> {
    await this.untilAborted(context.signal);
    yield* [];
  }

  async searchInstruments(): Promise<SearchInstrumentsResponse> {
    return { instruments: [], nextPageToken: '', total: '0' };
  }

  async pushChanges(@GrpcRequest() requests: AsyncIterable<PushChangesRequest>): Promise<PushChangesResponse> {
    for await (const _ of requests);
    return { applied: '0', unchanged: '0', droppedConfidential: '0', rejections: [], committedCursor: '' };
  }
}

const SECRET = 'a-test-secret-that-is-long-enough-000';

const LIMITS: GrpcLimits = {
  maxConnections: 1,
  maxConcurrentStreams: 10,
  maxMessageBytes: 64 * 1024,
  maxConnectionAgeMs: 60_000,
  maxConnectionIdleMs: 60_000,
  unaryDeadlineMs: 300,
  streamDeadlineMs: 300,
  healthIntervalMs: 60_000,
  maxHealthWatchers: 1,
};

/** Each server the contract can be served by: our grpc-js server, and Nest's transport with our pipeline. */
type Start = (
  options: object,
  service?: new (...args: never[]) => object,
  extra?: Provider[],
) => Promise<{ module: TestingModule; port: number; close(): Promise<void> }>;
const SERVERS: Record<string, Start> = {
  'grpc-js server': async (options, service = NeverEndingCatalog, extra = []) => {
    const module = await Test.createTestingModule({
      imports: [DiscoveryModule, AuthModule.forRoot({ secret: SECRET }), OnePartner],
      providers: [{ provide: GRPC_SERVER_OPTIONS, useValue: options }, GrpcServer, service, ...extra],
    }).compile();
    await module.init();
    return { module, port: await module.get(GrpcServer).start(), close: () => module.close() };
  },
  'Nest transport': async (options, service = NeverEndingCatalog, extra = []) => {
    const module = await Test.createTestingModule({
      imports: [DiscoveryModule, AuthModule.forRoot({ secret: SECRET }), OnePartner],
      controllers: [service],
      providers: [{ provide: GRPC_SERVER_OPTIONS, useValue: options }, GrpcCallInterceptor, GrpcTransportStarter, ...extra],
    }).compile();
    const app: INestApplication = module.createNestApplication(new FastifyAdapter(), { logger: false });
    await app.init();
    return { module, port: await module.get(GrpcTransportStarter).start(app), close: () => app.close() };
  },
};

describe.each(Object.keys(SERVERS))('gRPC server limits (libs/grpc): %s', (server) => {
  let module: TestingModule;
  let close: () => Promise<void>;
  let address: string;
  const clients: CatalogServiceClient[] = [];
  /** A client on its own connection (grpc-js shares connections between clients by default). */
  const connect = () => {
    const client = new CatalogServiceClient(address, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 });
    clients.push(client);
    return client;
  };
  const soon = () => ({ deadline: Date.now() + 10_000 });

  beforeAll(async () => {
    const started = await SERVERS[server]({ host: '127.0.0.1', port: 0, limits: LIMITS });
    module = started.module;
    close = started.close;
    address = `127.0.0.1:${started.port}`;
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await close?.();
  });

  it('ends a unary call at the server-side deadline with DEADLINE_EXCEEDED and stops its work', async () => {
    const catalog = module.get(NeverEndingCatalog);
    const before = catalog.aborted;
    const error = await new Promise<grpc.ServiceError>((resolve) =>
      connect().getInstrument({ id: 'jiaxing:X' }, new grpc.Metadata(), soon(), (e) => resolve(e!)),
    );
    expect(error).toMatchObject({ code: grpc.status.DEADLINE_EXCEEDED, details: expect.stringMatching(/server's deadline of 300 ms/) });
    expect(catalog.aborted).toBe(before + 1);
  });

  it('ends a streaming call at the server-side deadline with DEADLINE_EXCEEDED', async () => {
    const error = await new Promise<grpc.ServiceError>((resolve) => {
      const call = clients[0].listChanges({ cursor: '', maxChanges: 0 }, soon());
      call.on('data', () => undefined);
      call.on('error', resolve);
    });
    expect(error).toMatchObject({ code: grpc.status.DEADLINE_EXCEEDED, details: expect.stringMatching(/server's deadline/) });
  });

  it('ends a client stream that never closes at the server-side deadline', async () => {
    const error = await new Promise<grpc.ServiceError>((resolve) => clients[0].pushChanges(soon(), (e) => resolve(e!)));
    expect(error).toMatchObject({ code: grpc.status.DEADLINE_EXCEEDED, details: expect.stringMatching(/server's deadline/) });
  });

  it('refuses a message larger than the limit with RESOURCE_EXHAUSTED', async () => {
    const error = await new Promise<grpc.ServiceError>((resolve) =>
      clients[0].searchInstruments(
        { query: 'x'.repeat(100 * 1024), regions: [], categoryPrefix: '', pageSize: 0, pageToken: '' },
        new grpc.Metadata(),
        soon(),
        (e) => resolve(e!),
      ),
    );
    expect(error.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
  });

  it('accepts no more connections than the limit', async () => {
    const search = (client: CatalogServiceClient) =>
      new Promise<grpc.ServiceError | null>((resolve) =>
        client.searchInstruments({ query: '', regions: [], categoryPrefix: '', pageSize: 0, pageToken: '' }, new grpc.Metadata(), soon(), (e) => resolve(e)),
      );
    // The first client's connection is open (it made the calls above).
    expect(await search(clients[0])).toBeNull();
    const refused = await search(connect());
    expect(refused?.code).toBe(grpc.status.UNAVAILABLE);
  });
});

/** The partners registry, as federation plugs it into the auth guard: from a global module. */
@Global()
@Module({
  providers: [
    {
      provide: PARTNER_CREDENTIALS,
      useValue: (token: string) => (token === 'partner-token' ? { kind: 'partner', partnerId: 'shanghai', region: 'shanghai' } : undefined),
    },
  ],
  exports: [PARTNER_CREDENTIALS],
})
class OnePartner {}

/** Counts what a partner pushes; every partner call waits a moment for its admission, as a rate-limit store round trip does. */
@Injectable()
@GrpcService(CatalogServiceService)
@Partners()
@CatalogServiceControllerMethods()
class CountingCatalog {
  async getInstrument(): Promise<GetInstrumentResponse> {
    return { instrument: undefined };
  }

  async *listChanges(): AsyncIterable<ListChangesResponse> {
    yield* [];
  }

  async searchInstruments(): Promise<SearchInstrumentsResponse> {
    return { instruments: [], nextPageToken: '', total: '0' };
  }

  async pushChanges(@GrpcRequest() requests: AsyncIterable<PushChangesRequest>): Promise<PushChangesResponse> {
    let count = 0;
    let last = '';
    for await (const request of requests) {
      count += 1;
      last = request.change?.cursor ?? '';
    }
    return { applied: String(count), unchanged: '0', droppedConfidential: '0', rejections: [], committedCursor: last };
  }
}

describe.each(Object.keys(SERVERS))('gRPC client streams (libs/grpc): %s', (server) => {
  let close: () => Promise<void>;
  let client: CatalogServiceClient;

  beforeAll(async () => {
    const extra: Provider[] = [{ provide: GRPC_ADMISSION, useValue: () => new Promise((resolve) => setTimeout(resolve, 100)) }];
    const started = await SERVERS[server](
      { host: '127.0.0.1', port: 0, limits: { ...LIMITS, maxConnections: 10, unaryDeadlineMs: 5_000, streamDeadlineMs: 5_000 } },
      CountingCatalog,
      extra,
    );
    close = started.close;
    client = new CatalogServiceClient(`127.0.0.1:${started.port}`, grpc.credentials.createInsecure());
  });
  afterAll(async () => {
    client?.close();
    await close?.();
  });

  const push = (count: number) =>
    new Promise<PushChangesResponse>((resolve, reject) => {
      const metadata = new grpc.Metadata();
      metadata.set('authorization', 'Bearer partner-token');
      const call = client.pushChanges(metadata, { deadline: Date.now() + 10_000 }, (e, r) => (e ? reject(e) : resolve(r!)));
      for (let i = 1; i <= count; i++)
        call.write({
          change: {
            instrumentId: `shanghai:SH-${i}`,
            version: '1',
            cursor: `c${i}`,
            kind: { $case: 'tombstone', tombstone: { instrumentId: `shanghai:SH-${i}`, version: '1' } },
          },
        });
      call.end();
    });

  // Nest's transport drops the messages of a client stream that ends while an async guard or interceptor still runs.
  it('reads a whole client stream that ended before its admission was decided, in order', async () => {
    expect(await push(1)).toMatchObject({ applied: '1', committedCursor: 'c1' });
    expect(await push(500)).toMatchObject({ applied: '500', committedCursor: 'c500' });
  });
});
