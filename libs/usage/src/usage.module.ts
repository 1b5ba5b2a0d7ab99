import { Global, Module } from '@nestjs/common';
import { DEVICE_CREDENTIALS } from '@app/auth';
import { CatalogCoreModule, INSTRUMENT_LAST_USE } from '@app/catalog';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { iotGatewayCredentials } from './auth/iot-gateway-credentials';
import { PowerEventsController } from './http/power-events.controller';
import { PowerEventRepository } from './infrastructure/power-event.repository';
import { UsageReadRepository } from './infrastructure/usage-read.repository';
import { UsageReportRepository } from './infrastructure/usage-report.repository';
import { UsageRollupRepository } from './infrastructure/usage-rollup.repository';
import { UsageSessionRepository } from './infrastructure/usage-session.repository';
import { RollupUsageJob } from './jobs/rollup-usage.job';
import { ChannelSessionsUseCase } from './use-cases/channel-sessions.usecase';
import { IngestPowerEventsUseCase } from './use-cases/ingest-power-events.usecase';
import { LastUseUseCase } from './use-cases/last-use.usecase';
import { RecordUsageSessionUseCase } from './use-cases/record-usage-session.usecase';
import { RollupUsageUseCase } from './use-cases/rollup-usage.usecase';
import { UsagePeriodTotalsUseCase } from './use-cases/usage-period-totals.usecase';
import { SeedUsageUseCase } from './use-cases/seed-usage.usecase';
import { UsageReportUseCase } from './use-cases/usage-report.usecase';

const useCases = [
  ChannelSessionsUseCase,
  RecordUsageSessionUseCase,
  IngestPowerEventsUseCase,
  RollupUsageUseCase,
  LastUseUseCase,
  UsagePeriodTotalsUseCase,
  UsageReportUseCase,
  SeedUsageUseCase,
];

/**
 * Usage use-cases and their storage, without transport. Global so the
 * catalog's instrument view finds INSTRUMENT_LAST_USE (Art. 15), and the auth
 * guard the IoT gateways' tokens (DEVICE_CREDENTIALS), without depending on this lib.
 */
@Global()
@Module({
  imports: [CatalogCoreModule],
  providers: [
    UsageSessionRepository,
    PowerEventRepository,
    UsageRollupRepository,
    UsageReadRepository,
    UsageReportRepository,
    ...useCases,
    { provide: INSTRUMENT_LAST_USE, useExisting: LastUseUseCase },
    { provide: DEVICE_CREDENTIALS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => iotGatewayCredentials(config.usage.iotGateways) },
  ],
  exports: [...useCases, INSTRUMENT_LAST_USE, DEVICE_CREDENTIALS],
})
export class UsageCoreModule {}

/** The rollup job; registered wherever the usage queue is consumed or declared. */
@Module({
  imports: [UsageCoreModule],
  providers: [RollupUsageJob],
})
export class UsageJobsModule {}

/** Usage over HTTP: IoT gateways reporting power-on intervals. */
@Module({
  imports: [UsageCoreModule],
  controllers: [PowerEventsController],
})
export class UsageHttpModule {}
