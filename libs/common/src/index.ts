export * from './domain-error';
export * from './reason';
export * from './region';
export * from './clock';
export * from './canonical-json';
export * from './dates';
export * from './department';
