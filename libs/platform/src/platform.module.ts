import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { RateLimitModule } from '@app/rate-limit';
import { HealthController } from './health.controller';
import { MetricsController, MetricsService } from './metrics';
import { RouteAccessCheck } from './route-access.check';

/** Health, metrics, rate limits and the boot-time route check: what every HTTP app of ours has. */
@Global()
@Module({
  imports: [DiscoveryModule, RateLimitModule],
  controllers: [HealthController, MetricsController],
  providers: [MetricsService, RouteAccessCheck],
  exports: [MetricsService],
})
export class PlatformModule {}
