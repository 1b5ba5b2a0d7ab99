import { Module } from '@nestjs/common';
import { CatalogCoreModule } from '@app/catalog';
import { ExemptionsController } from './http/exemptions.controller';
import { ExemptionRepository } from './infrastructure/exemption.repository';
import { ApproveExemptionUseCase } from './use-cases/approve-exemption.usecase';
import { ExemptionAccess } from './use-cases/exemption-access';
import { FileExemptionUseCase } from './use-cases/file-exemption.usecase';
import { GetExemptionUseCase } from './use-cases/get-exemption.usecase';
import { ListExemptionsUseCase } from './use-cases/list-exemptions.usecase';
import { RejectExemptionUseCase } from './use-cases/reject-exemption.usecase';
import { RequestExemptionUseCase } from './use-cases/request-exemption.usecase';
import { WithdrawExemptionUseCase } from './use-cases/withdraw-exemption.usecase';

const useCases = [
  RequestExemptionUseCase,
  ListExemptionsUseCase,
  GetExemptionUseCase,
  ApproveExemptionUseCase,
  RejectExemptionUseCase,
  FileExemptionUseCase,
  WithdrawExemptionUseCase,
];

/** Exemption use-cases and their storage, without transport. */
@Module({
  imports: [CatalogCoreModule],
  providers: [ExemptionRepository, ExemptionAccess, ...useCases],
  exports: useCases,
})
export class ExemptionsCoreModule {}

@Module({
  imports: [ExemptionsCoreModule],
  controllers: [ExemptionsController],
})
export class ExemptionsHttpModule {}
