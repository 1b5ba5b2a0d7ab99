import { DynamicModule, Global, Module, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { GRPC_SERVER_OPTIONS, GrpcServer, type GrpcServerOptions } from './grpc-server';
import { GrpcCallInterceptor } from './nest/grpc-call.interceptor';
import { GrpcTransportStarter } from './nest/grpc-transport.starter';
import { HealthGrpc } from './health.grpc';

/** The process's gRPC server (started by the app's bootstrap) and the health service; the auth guard comes from the global AuthModule. */
@Global()
@Module({})
export class GrpcModule {
  static forRoot(options: GrpcServerOptions, extra: Provider[] = []): DynamicModule {
    return {
      module: GrpcModule,
      imports: [DiscoveryModule],
      providers: [{ provide: GRPC_SERVER_OPTIONS, useValue: options }, GrpcServer, GrpcCallInterceptor, GrpcTransportStarter, ...extra],
      controllers: [HealthGrpc],
      exports: [GrpcServer, GrpcTransportStarter],
    };
  }
}
