export * from './grpc-call-context';
export * from './grpc-call.interceptor';
export * from './grpc-error.filter';
export * from './grpc-transport.starter';
export * from './grpc-transport.strategy';
