/**
 * `@app/evaluation`: the annual evaluation of Jiaxing's units (Arts. 21–23):
 * indicators normalised within each instrument category, weights and grades
 * from configuration, draft → reviewed → published (immutable). Owns
 * `evaluations`, `evaluation_results` (migration 0023) and the append-only
 * `evaluation_trail` (0027); docs/evaluation.md.
 */
export * from './domain/scoring';
export * from './domain/evaluation';
export * from './export/evaluation-table';
export * from './export/evaluation-html';
export * from './use-cases/create-evaluation.usecase';
export * from './use-cases/review-evaluation.usecase';
export * from './use-cases/publish-evaluation.usecase';
export * from './use-cases/list-evaluations.usecase';
export * from './use-cases/get-evaluation.usecase';
export * from './use-cases/evaluation-trail.usecase';
export { EvaluationModule } from './evaluation.module';
