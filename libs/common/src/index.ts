export * from './domain-error';
export * from './reason';
export * from './region';
