import { Module } from '@nestjs/common';
import { CatalogCoreModule } from '@app/catalog';
import { PowerEventRepository } from './infrastructure/power-event.repository';
import { UsageReportRepository } from './infrastructure/usage-report.repository';
import { UsageRollupRepository } from './infrastructure/usage-rollup.repository';
import { UsageSessionRepository } from './infrastructure/usage-session.repository';
import { RollupUsageJob } from './jobs/rollup-usage.job';
import { IngestPowerEventsUseCase } from './use-cases/ingest-power-events.usecase';
import { RecordUsageSessionUseCase } from './use-cases/record-usage-session.usecase';
import { RollupUsageUseCase } from './use-cases/rollup-usage.usecase';
import { UsageReportUseCase } from './use-cases/usage-report.usecase';

const useCases = [RecordUsageSessionUseCase, IngestPowerEventsUseCase, RollupUsageUseCase, UsageReportUseCase];

/** Usage use-cases and their storage, without transport. */
@Module({
  imports: [CatalogCoreModule],
  providers: [UsageSessionRepository, PowerEventRepository, UsageRollupRepository, UsageReportRepository, ...useCases],
  exports: useCases,
})
export class UsageCoreModule {}

/** The rollup job; registered wherever the usage queue is consumed or declared. */
@Module({
  imports: [UsageCoreModule],
  providers: [RollupUsageJob],
})
export class UsageJobsModule {}
