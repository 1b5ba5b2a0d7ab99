export * from './domain/usage-session';
export * from './domain/power-event';
export * from './jobs/usage.queue';
export * from './use-cases/record-usage-session.usecase';
export * from './use-cases/ingest-power-events.usecase';
export * from './use-cases/rollup-usage.usecase';
export * from './use-cases/usage-report.usecase';
export { UsageCoreModule, UsageJobsModule } from './usage.module';
