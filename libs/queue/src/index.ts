export * from './job-definitions';
export * from './job-handler.decorator';
export * from './queue.service';
export * from './queue.module';
export { DEFAULT_JOB_OPTIONS } from './job-options';
