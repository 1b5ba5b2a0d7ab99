import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { Clock, DomainError } from '@app/common';
import type { Evaluation } from '../domain/evaluation';
import { EvaluationRepository } from '../infrastructure/evaluation.repository';

export const MAX_REVIEW_NOTE = 2000;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** A draft is reviewed by the office, with a note saying what was checked; then it may be published. */
@Injectable()
export class ReviewEvaluationUseCase {
  constructor(
    private readonly evaluations: EvaluationRepository,
    private readonly clock: Clock,
  ) {}

  async execute(id: string, note: string, principal: Principal): Promise<Evaluation> {
    // PostgreSQL text cannot hold NUL (a 500 before); control characters would also reach the printed page.
    if (note.trim().length === 0 || note.length > MAX_REVIEW_NOTE || CONTROL.test(note)) {
      throw DomainError.validation([{ field: 'note', message: `1–${MAX_REVIEW_NOTE} characters, no control characters (line breaks and tabs are fine)` }]);
    }
    const found = await this.evaluations.find(id);
    if (!found) throw DomainError.notFound(`evaluation ${id}`);
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
