import { DynamicModule, Module } from '@nestjs/common';
import { BOOKING_QUEUE, BookingJobsModule, BookingModule } from '@app/booking';
import { CATALOG_QUEUE, CatalogHttpModule, CatalogJobsModule } from '@app/catalog';
import { COMPLIANCE_QUEUE, ComplianceHttpModule, ComplianceJobsModule } from '@app/compliance';
import type { AppConfig } from '@app/config';
import { ExemptionsHttpModule } from '@app/exemptions';
import { EvaluationModule } from '@app/evaluation';
import { FEDERATION_QUEUE, FederationModule } from '@app/federation';
import { GRPC_ADMISSION, GrpcModule } from '@app/grpc';
import { MonitoringModule } from '@app/monitoring';
import { PurchaseReviewModule } from '@app/purchase-review';
import { PlatformModule, infrastructureModules, type InfrastructureOverrides } from '@app/platform';
import { RateLimiter, partnerCallLimit } from '@app/rate-limit';
import { SearchModule } from '@app/search';
import { USAGE_QUEUE, UsageHttpModule, UsageJobsModule } from '@app/usage';
import { USAGE_FEEDS_QUEUE, UsageFeedsJobsModule, UsageFeedsModule } from '@app/usage-feeds';
import { DemoModule } from './demo/demo.module';

/** Every queue of this deployment; a handler for each of their jobs must exist at boot. */
export const QUEUES = [CATALOG_QUEUE, FEDERATION_QUEUE, BOOKING_QUEUE, USAGE_QUEUE, USAGE_FEEDS_QUEUE, COMPLIANCE_QUEUE];

@Module({})
export class GatewayModule {
  static forRoot(config: AppConfig, overrides: InfrastructureOverrides = {}): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ...infrastructureModules(config, QUEUES, overrides),
        GrpcModule.forRoot({ host: config.host, port: config.grpcPort, tls: config.grpcTls, limits: config.grpcLimits }, [
          { provide: GRPC_ADMISSION, useFactory: partnerCallLimit, inject: [RateLimiter] },
        ]),
        PlatformModule,
        CatalogHttpModule,
        SearchModule,
        CatalogJobsModule,
        FederationModule,
        BookingModule,
        BookingJobsModule,
        UsageHttpModule,
        UsageJobsModule,
        ComplianceHttpModule,
        ComplianceJobsModule,
        ExemptionsHttpModule,
        UsageFeedsModule,
        UsageFeedsJobsModule,
        MonitoringModule,
        EvaluationModule,
        PurchaseReviewModule,
        DemoModule,
      ],
    };
  }
}
