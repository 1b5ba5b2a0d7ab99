export * from './domain/wire-mapping';
export * from './domain/change-cursor';
export * from './jobs/federation.queue';
export * from './use-cases/list-sources.usecase';
export * from './use-cases/pull-source.usecase';
export { PushProvinceUseCase } from './province/push-province.usecase';
export { FederationModule } from './federation.module';
