import { Module } from '@nestjs/common';
import { InstrumentsController } from './http/instruments.controller';
import { UnitsController } from './http/units.controller';
import { ImportRunRepository } from './infrastructure/import-run.repository';
import { InstrumentFeedRepository } from './infrastructure/instrument-feed.repository';
import { InstrumentRepository } from './infrastructure/instrument.repository';
import { PartnerRecordRepository } from './infrastructure/partner-record.repository';
import { UnitRepository } from './infrastructure/unit.repository';
import { ReclassifyJob } from './jobs/reclassify.job';
import { ApplyExemptionUseCase } from './use-cases/apply-exemption.usecase';
import { BookableInstrumentUseCase } from './use-cases/bookable-instrument.usecase';
import { DeleteInstrumentUseCase } from './use-cases/delete-instrument.usecase';
import { GetInstrumentUseCase } from './use-cases/get-instrument.usecase';
import { InstrumentDutyFactsUseCase } from './use-cases/instrument-duty-facts.usecase';
import { InstrumentFactsUseCase } from './use-cases/instrument-facts.usecase';
import { InstrumentCensusUseCase } from './use-cases/instrument-census.usecase';
import { InstrumentFeedUseCase } from './use-cases/instrument-feed.usecase';
import { InstrumentOwnerUseCase } from './use-cases/instrument-owner.usecase';
import { InstrumentsByIdsUseCase } from './use-cases/instruments-by-ids.usecase';
import { ImportInstrumentsUseCase } from './use-cases/import-instruments.usecase';
import { GetUnitUseCase } from './use-cases/get-unit.usecase';
import { ListUnitsUseCase } from './use-cases/list-units.usecase';
import { PartnerFeedUseCase } from './use-cases/partner-feed.usecase';
import { PartnerRecordsUseCase } from './use-cases/partner-records.usecase';
import { ReclassifyInstrumentsUseCase } from './use-cases/reclassify-instruments.usecase';
import { RegisterInstrumentUseCase } from './use-cases/register-instrument.usecase';
import { SeedCatalogUseCase } from './use-cases/seed-catalog.usecase';
import { UpdateInstrumentUseCase } from './use-cases/update-instrument.usecase';

const useCases = [
  RegisterInstrumentUseCase,
  UpdateInstrumentUseCase,
  DeleteInstrumentUseCase,
  GetInstrumentUseCase,
  BookableInstrumentUseCase,
  InstrumentOwnerUseCase,
  InstrumentFactsUseCase,
  InstrumentDutyFactsUseCase,
  InstrumentCensusUseCase,
  ImportInstrumentsUseCase,
  ListUnitsUseCase,
  GetUnitUseCase,
  ReclassifyInstrumentsUseCase,
  SeedCatalogUseCase,
  ApplyExemptionUseCase,
  PartnerRecordsUseCase,
  PartnerFeedUseCase,
  InstrumentsByIdsUseCase,
  InstrumentFeedUseCase,
];

/** The catalog use-cases and their storage, without transport: workers and gRPC import this. */
@Module({
  providers: [InstrumentRepository, UnitRepository, ImportRunRepository, PartnerRecordRepository, InstrumentFeedRepository, ...useCases],
  exports: useCases,
})
export class CatalogCoreModule {}

/** Catalog over HTTP, plus its job handlers (registered wherever the core runs). */
@Module({
  imports: [CatalogCoreModule],
  controllers: [InstrumentsController, UnitsController],
})
export class CatalogHttpModule {}

@Module({
  imports: [CatalogCoreModule],
  providers: [ReclassifyJob],
})
export class CatalogJobsModule {}
