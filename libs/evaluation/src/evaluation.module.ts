import { Module } from '@nestjs/common';
import { CatalogCoreModule } from '@app/catalog';
import { ComplianceCoreModule } from '@app/compliance';
import { UsageCoreModule } from '@app/usage';
import { EvaluationsController } from './http/evaluations.controller';
import { EvaluationRepository } from './infrastructure/evaluation.repository';
import { CreateEvaluationUseCase } from './use-cases/create-evaluation.usecase';
import { EvaluationInputs } from './use-cases/evaluation-inputs';
import { EvaluationTrailUseCase } from './use-cases/evaluation-trail.usecase';
import { GetEvaluationUseCase } from './use-cases/get-evaluation.usecase';
import { ListEvaluationsUseCase } from './use-cases/list-evaluations.usecase';
import { PublishEvaluationUseCase } from './use-cases/publish-evaluation.usecase';
import { ReviewEvaluationUseCase } from './use-cases/review-evaluation.usecase';

const useCases = [
  CreateEvaluationUseCase,
  ReviewEvaluationUseCase,
  PublishEvaluationUseCase,
  ListEvaluationsUseCase,
  GetEvaluationUseCase,
  EvaluationTrailUseCase,
];

/** The annual evaluation of units (Arts. 21–23): owns `evaluations` and `evaluation_results` (migration 0023) and `evaluation_trail` (0027). */
@Module({
  imports: [CatalogCoreModule, UsageCoreModule, ComplianceCoreModule],
  providers: [EvaluationRepository, EvaluationInputs, ...useCases],
  controllers: [EvaluationsController],
  exports: useCases,
})
export class EvaluationModule {}
