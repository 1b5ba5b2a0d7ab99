import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import type { Evaluation } from '../domain/evaluation';
import { EvaluationRepository } from '../infrastructure/evaluation.repository';
import { evaluationAudience } from './evaluation-access';

/** The evaluations a caller may read: every one for admins, the published ones for departments and unit admins. */
@Injectable()
export class ListEvaluationsUseCase {
  constructor(private readonly evaluations: EvaluationRepository) {}

  execute(principal: Principal): Promise<Evaluation[]> {
    return this.evaluations.list(evaluationAudience(principal).publishedOnly);
  }
}
