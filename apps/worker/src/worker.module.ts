import { DynamicModule, Module } from '@nestjs/common';
import { BOOKING_QUEUE, BookingJobsModule } from '@app/booking';
import { CATALOG_QUEUE, CatalogJobsModule } from '@app/catalog';
import { COMPLIANCE_QUEUE, ComplianceJobsModule } from '@app/compliance';
import type { AppConfig } from '@app/config';
import { FEDERATION_QUEUE, FederationModule } from '@app/federation';
import { infrastructureModules } from '@app/platform';
import { USAGE_QUEUE, UsageJobsModule } from '@app/usage';
import { USAGE_FEEDS_QUEUE, UsageFeedsJobsModule } from '@app/usage-feeds';

/** Queue consumers only, no HTTP: scaled separately from the gateway replicas. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ...infrastructureModules({ ...config, runWorkers: true }, [
          CATALOG_QUEUE,
          FEDERATION_QUEUE,
          BOOKING_QUEUE,
          USAGE_QUEUE,
          USAGE_FEEDS_QUEUE,
          COMPLIANCE_QUEUE,
        ]),
        CatalogJobsModule,
        FederationModule,
        BookingJobsModule,
        UsageJobsModule,
        UsageFeedsJobsModule,
        ComplianceJobsModule,
      ],
    };
  }
}
