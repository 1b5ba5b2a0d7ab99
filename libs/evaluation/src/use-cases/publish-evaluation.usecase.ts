import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { Clock, DomainError } from '@app/common';
import type { Evaluation } from '../domain/evaluation';
import { EvaluationRepository } from '../infrastructure/evaluation.repository';

/** Art. 21: a reviewed evaluation is published; from then on the database refuses any change to it. */
@Injectable()
export class PublishEvaluationUseCase {
  constructor(
    private readonly evaluations: EvaluationRepository,
    private readonly clock: Clock,
  ) {}

  async execute(id: string, principal: Principal): Promise<Evaluation> {
    const found = await this.evaluations.find(id);
    if (!found) throw DomainError.notFound(`evaluation ${id}`);
    const moved = await this.evaluations.transition(id, 'reviewed', 'published', principal.sub, this.clock.now());
    if (moved === 'gone') {
      throw DomainError.conflict(`evaluation ${id} was replaced by a recomputation of ${found.year} meanwhile (Art. 21): see the year's trail`, {
        year: found.year,
      });
    }
    if (moved === 'changed') {
      const now = (await this.evaluations.find(id)) ?? found;
      throw DomainError.conflict(`evaluation ${id} is ${now.status}: only a reviewed evaluation is published`, { evaluationStatus: now.status });
    }
    return (await this.evaluations.find(id))!;
  }
}
