/**
 * `@app/compliance`: the duties of Jiaxing's units under the measures (Arts.
 * 13-15, 24): the daily scan and its reminders, idle offers, the competent
 * departments' quarterly reports. Owns `compliance_reminders` and
 * `compliance_idle_offers` (migration 0019).
 */
export * from './domain/duties';
export * from './domain/quarterly-report';
export * from './jobs/compliance.queue';
export * from './use-cases/scan-duties.usecase';
export * from './use-cases/list-reminders.usecase';
export * from './use-cases/reminder-acknowledgements.usecase';
export * from './use-cases/acknowledge-reminder.usecase';
export * from './use-cases/compliance-overview.usecase';
export * from './use-cases/instrument-duties.usecase';
export * from './use-cases/quarterly-report.usecase';
export * from './use-cases/offer-idle-instrument.usecase';
export * from './use-cases/list-idle-offers.usecase';
export * from './use-cases/withdraw-idle-offer.usecase';
export type { Reminder, UnitScope } from './infrastructure/reminder.repository';
export type { IdleOffer, IdleOfferKind } from './infrastructure/idle-offer.repository';
export { ComplianceCoreModule, ComplianceHttpModule, ComplianceJobsModule } from './compliance.module';
