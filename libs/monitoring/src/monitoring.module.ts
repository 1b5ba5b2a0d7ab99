import { Module } from '@nestjs/common';
import { BookingCoreModule } from '@app/booking';
import { CatalogCoreModule } from '@app/catalog';
import { UsageCoreModule } from '@app/usage';
import { MonitoringController } from './http/monitoring.controller';
import { CrossRegionReportUseCase } from './use-cases/cross-region-report.usecase';
import { IndicatorsUseCase } from './use-cases/indicators.usecase';
import { ReportScopes } from './use-cases/report-inputs';

const useCases = [CrossRegionReportUseCase, IndicatorsUseCase];

/** Monitoring and evaluation reports over the usage rollups and bookings; reads only, owns no table. */
@Module({
  imports: [CatalogCoreModule, UsageCoreModule, BookingCoreModule],
  providers: [ReportScopes, ...useCases],
  controllers: [MonitoringController],
  exports: useCases,
})
export class MonitoringModule {}
