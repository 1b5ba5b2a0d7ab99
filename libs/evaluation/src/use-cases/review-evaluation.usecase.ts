import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { Clock, DomainError } from '@app/common';
import { isOwnStep } from '@app/policy';
import type { Evaluation } from '../domain/evaluation';
import { EvaluationRepository } from '../infrastructure/evaluation.repository';
import { reviewEvaluationInput } from './evaluation.input';

/**
 * A draft is reviewed by the office, with a note saying what was checked; then it may be published.
 * The review is someone else's than the computation's (Art. 21: the office reviews the results): a
 * draft checked by whoever computed it would be published on one person's word.
 */
@Injectable()
export class ReviewEvaluationUseCase {
  constructor(
    private readonly evaluations: EvaluationRepository,
    private readonly clock: Clock,
  ) {}

  /** `raw`: a `ReviewEvaluationInput`, checked here unless its contract already did. */
  async execute(id: string, raw: unknown, principal: Principal): Promise<Evaluation> {
    const { note } = reviewEvaluationInput.parse(raw);
    const found = await this.evaluations.find(id);
    if (!found) throw DomainError.notFound(`evaluation ${id}`);
    if (isOwnStep(principal.sub, [found.createdBy])) throw DomainError.forbidden(`evaluation ${id}: whoever computed it does not review it (Art. 21)`);
    const moved = await this.evaluations.transition(id, 'draft', 'reviewed', principal.sub, this.clock.now(), note);
    if (moved === 'gone') {
      throw DomainError.conflict(`evaluation ${id} was replaced by a recomputation of ${found.year} meanwhile (Art. 21): see the year's trail`, {
        year: found.year,
      });
    }
    if (moved === 'changed') {
      const now = (await this.evaluations.find(id)) ?? found;
      throw DomainError.conflict(`evaluation ${id} is ${now.status}: only a draft is reviewed`, { evaluationStatus: now.status });
    }
    return (await this.evaluations.find(id))!;
  }
}
