import { Injectable } from '@nestjs/common';
import type { EvaluationTrailEntry } from '../domain/evaluation';
import { EvaluationRepository } from '../infrastructure/evaluation.repository';
import { evaluationYearInput } from './evaluation.input';

/** The office's record of a year's evaluations (Arts. 21–23): every step, including reviews a recomputation superseded. */
@Injectable()
export class EvaluationTrailUseCase {
  constructor(private readonly evaluations: EvaluationRepository) {}

  execute(raw: unknown): Promise<EvaluationTrailEntry[]> {
    return this.evaluations.trail(evaluationYearInput.parse(raw).year);
  }
}
