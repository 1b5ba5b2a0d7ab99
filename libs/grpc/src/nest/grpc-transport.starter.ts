import { Inject, Injectable, type INestApplication } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { AuthGuard } from '@app/auth';
import type { ServiceDefinition } from '@grpc/grpc-js';
import { GRPC_SERVER_OPTIONS, type GrpcServerOptions } from '../grpc-server';
import { GRPC_SERVICE, type GrpcServiceMetadata } from '../grpc-service.decorator';
import { GrpcCallInterceptor } from './grpc-call.interceptor';
import { GrpcErrorFilter } from './grpc-error.filter';
import { GrpcTransport } from './grpc-transport.strategy';

/**
 * Connects the gRPC transport to an app: every `@GrpcService` controller is
 * served through @app/auth's guard (the same one as every HTTP route, which
 * Nest's APP_GUARD does not install on a connected microservice), the call
 * interceptor and the error filter, which apply to gRPC calls only (HTTP
 * keeps its own filter).
 */
@Injectable()
export class GrpcTransportStarter {
  constructor(
    @Inject(GRPC_SERVER_OPTIONS) private readonly options: GrpcServerOptions,
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly guard: AuthGuard,
    private readonly interceptor: GrpcCallInterceptor,
  ) {}

  /** Starts serving; the port bound (the configured one, or the one the OS chose for port 0). */
  async start(app: INestApplication): Promise<number> {
    const transport = new GrpcTransport(this.options, this.definitions());
    // Initialisation deferred, so the enhancers below exist when Nest builds each handler's pipeline.
    const microservice = app.connectMicroservice({ strategy: transport }, { deferInitialization: true });
    microservice.useGlobalGuards(this.guard);
    microservice.useGlobalInterceptors(this.interceptor);
    microservice.useGlobalFilters(new GrpcErrorFilter());
    const nest = microservice as unknown as { registerListeners(): void; setIsInitialized(v: boolean): void; setIsInitHookCalled(v: boolean): void };
    nest.registerListeners();
    nest.setIsInitialized(true);
    // The app has run its lifecycle hooks already; listen() must not run them twice.
    nest.setIsInitHookCalled(true);
    await microservice.listen();
    return transport.port!;
  }

  /** Every method of each served definition has its handler, or the boot fails (Nest would answer UNIMPLEMENTED). */
  private definitions(): ServiceDefinition[] {
    const definitions: ServiceDefinition[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      if (wrapper.metatype && this.reflector.get(GRPC_SERVICE, wrapper.metatype as never))
        throw new Error(`${wrapper.name} is a @GrpcService: list it among its module's controllers, not its providers`);
    }
    for (const wrapper of this.discovery.getControllers()) {
      const meta = wrapper.metatype && this.reflector.get<GrpcServiceMetadata | undefined>(GRPC_SERVICE, wrapper.metatype as never);
      if (!meta) continue;
      for (const [name, method] of Object.entries(meta.definition)) {
        if (typeof (wrapper.instance as Record<string, unknown>)[name] !== 'function') throw new Error(`${wrapper.name} does not implement ${method.path}`);
        if (method.requestStream && method.responseStream) throw new Error(`${method.path}: bidirectional streaming is not supported`);
      }
      definitions.push(meta.definition);
    }
    return definitions;
  }
}

/** Serves the app's gRPC services (its `GrpcModule`); the port bound. */
export function startGrpc(app: INestApplication): Promise<number> {
  return app.get(GrpcTransportStarter).start(app);
}
