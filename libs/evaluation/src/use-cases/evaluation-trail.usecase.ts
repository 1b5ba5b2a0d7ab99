import { Injectable } from '@nestjs/common';
import type { EvaluationTrailEntry } from '../domain/evaluation';
import { EvaluationRepository } from '../infrastructure/evaluation.repository';

/** The office's record of a year's evaluations (Arts. 21–23): every step, including reviews a recomputation superseded. */
@Injectable()
export class EvaluationTrailUseCase {
  constructor(private readonly evaluations: EvaluationRepository) {}

  execute(year: number): Promise<EvaluationTrailEntry[]> {
    return this.evaluations.trail(year);
  }
}
