import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { DomainError } from '@app/common';
import type { Evaluation, StoredResult } from '../domain/evaluation';
import { EvaluationRepository } from '../infrastructure/evaluation.repository';
import { evaluationAudience } from './evaluation-access';

export interface EvaluationReport extends Evaluation {
  /** The results the caller may read, in rank order. */
  results: StoredResult[];
  /** Art. 23: the units graded 差, to rectify (of the results shown). */
  rectification: { unitId: string; unitName: string; total: number; rank: number }[];
}

/**
 * One evaluation with the results the caller may read: an unpublished one is
 * an admin's only (to anyone else it does not exist); a department gets its
 * sector's units, a unit admin its own unit.
 */
@Injectable()
export class GetEvaluationUseCase {
  constructor(private readonly evaluations: EvaluationRepository) {}

  async execute(id: string, principal: Principal): Promise<EvaluationReport> {
    const audience = evaluationAudience(principal);
    const evaluation = await this.evaluations.find(id);
    if (!evaluation || (audience.publishedOnly && evaluation.status !== 'published')) throw DomainError.notFound(`evaluation ${id}`);
    const results = await this.evaluations.results(id, audience.results);
    return {
      ...evaluation,
      results,
      rectification: results.filter((r) => r.grade === '差').map((r) => ({ unitId: r.unitId, unitName: r.unitName, total: r.total, rank: r.rank })),
    };
  }
}
