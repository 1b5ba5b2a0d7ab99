import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { Clock, DomainError } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { Evaluation } from '../domain/evaluation';
import { evaluate } from '../domain/scoring';
import { EvaluationRepository } from '../infrastructure/evaluation.repository';
import { EvaluationInputs } from './evaluation-inputs';
import { createEvaluationInput } from './evaluation.input';

/**
 * Art. 21–22: computes a year's evaluation now, as a draft, with the weights
 * and thresholds configured today (stored with it). A year is evaluated once it
 * has ended, and not before the measures took effect (Art. 24). A new draft
 * replaces the year's draft; a published year is final (409). A reviewed year
 * is recomputed only when the office reopens it on purpose (`reopen`, else
 * 409): the joint conference's review is not discarded by a second click, and
 * when it is, the superseded review (note, reviewer) stays in the trail.
 */
@Injectable()
export class CreateEvaluationUseCase {
  constructor(
    private readonly inputs: EvaluationInputs,
    private readonly evaluations: EvaluationRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `raw`: a `CreateEvaluationInput`, checked here unless its contract already did; whether its year may be evaluated is judged here. */
  async execute(raw: unknown, principal: Principal): Promise<Evaluation> {
    const { year, reopen } = createEvaluationInput.parse(raw);
    const current = Number(this.clock.today().slice(0, 4));
    const first = Number(this.config.measures.effectiveDate.slice(0, 4));
    if (year < first || year >= current) {
      throw DomainError.validation([
        { field: 'year', message: `a year that has ended, from ${first} (the measures' effective date, Art. 24) to ${current - 1}` },
      ]);
    }
    const { units, instruments, period } = await this.inputs.of(year);
    const config = this.config.evaluation;
    const results = evaluate(units, instruments, config);
    const evaluation: Evaluation = {
      id: randomUUID(),
      year,
      status: 'draft',
      period,
      config,
      participating: units.length,
      createdAt: this.clock.now().toISOString(),
      createdBy: principal.sub,
    };
    const stored = await this.evaluations.replaceDraft(evaluation, results, reopen);
    if (stored.outcome === 'published') {
      throw DomainError.conflict(`the evaluation of ${year} is published and final (Art. 21): it is not recomputed`, { year });
    }
    if (stored.outcome === 'reviewed') {
      throw DomainError.conflict(
        `the evaluation of ${year} was reviewed by ${stored.reviewed.reviewedBy} (Art. 21): recompute it only with reopen: true (the review stays in the trail)`,
        { year, evaluationId: stored.reviewed.id, evaluationStatus: 'reviewed' },
      );
    }
    return evaluation;
  }
}
