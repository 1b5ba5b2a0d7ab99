export * from './rate-limit.store';
export * from './postgres-rate-limit.store';
export * from './redis-rate-limit.store';
export * from './rate-limiter';
export * from './rate-limit.decorator';
export * from './rate-limit.guard';
export * from './rate-limit.module';
