export * from './domain/report-period';
export * from './domain/report-table';
export * from './export/write-report';
export * from './use-cases/cross-region-report.usecase';
export * from './use-cases/indicators.usecase';
export { MonitoringModule } from './monitoring.module';
