import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { HealthGrpcController } from './grpc/health.grpc';
import { HealthController } from './health.controller';
import { MetricsController, MetricsService } from './metrics';
import { RouteAccessCheck } from './route-access.check';

/** Health (HTTP and gRPC), metrics and the boot-time route check: what every gateway process has. */
@Global()
@Module({
  imports: [DiscoveryModule],
  controllers: [HealthController, MetricsController, HealthGrpcController],
  providers: [MetricsService, RouteAccessCheck],
  exports: [MetricsService],
})
export class PlatformModule {}
