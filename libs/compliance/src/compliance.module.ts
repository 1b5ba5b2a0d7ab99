import { Module } from '@nestjs/common';
import { CatalogCoreModule } from '@app/catalog';
import { UsageCoreModule } from '@app/usage';
import { ComplianceController } from './http/compliance.controller';
import { IdleOffersController } from './http/idle-offers.controller';
import { IdleOfferRepository } from './infrastructure/idle-offer.repository';
import { ReminderRepository } from './infrastructure/reminder.repository';
import { ScanDutiesJob } from './jobs/scan-duties.job';
import { AcknowledgeReminderUseCase } from './use-cases/acknowledge-reminder.usecase';
import { ComplianceOverviewUseCase } from './use-cases/compliance-overview.usecase';
import { ComplianceScope } from './use-cases/compliance-scope';
import { InstrumentDutiesUseCase } from './use-cases/instrument-duties.usecase';
import { ListIdleOffersUseCase } from './use-cases/list-idle-offers.usecase';
import { ListRemindersUseCase } from './use-cases/list-reminders.usecase';
import { OfferIdleInstrumentUseCase } from './use-cases/offer-idle-instrument.usecase';
import { QuarterlyReportUseCase } from './use-cases/quarterly-report.usecase';
import { ReminderAcknowledgementsUseCase } from './use-cases/reminder-acknowledgements.usecase';
import { ScanDutiesUseCase } from './use-cases/scan-duties.usecase';
import { WithdrawIdleOfferUseCase } from './use-cases/withdraw-idle-offer.usecase';

const useCases = [
  ScanDutiesUseCase,
  ListRemindersUseCase,
  AcknowledgeReminderUseCase,
  ComplianceOverviewUseCase,
  InstrumentDutiesUseCase,
  QuarterlyReportUseCase,
  OfferIdleInstrumentUseCase,
  ListIdleOffersUseCase,
  WithdrawIdleOfferUseCase,
  ReminderAcknowledgementsUseCase,
];

/** Compliance use-cases and their storage, without transport. */
@Module({
  imports: [CatalogCoreModule, UsageCoreModule],
  providers: [ReminderRepository, IdleOfferRepository, ComplianceScope, ...useCases],
  exports: useCases,
})
export class ComplianceCoreModule {}

@Module({
  imports: [ComplianceCoreModule],
  controllers: [ComplianceController, IdleOffersController],
})
export class ComplianceHttpModule {}

/** The daily duty scan; registered wherever the compliance queue is consumed or declared. */
@Module({
  imports: [ComplianceCoreModule],
  providers: [ScanDutiesJob],
})
export class ComplianceJobsModule {}
