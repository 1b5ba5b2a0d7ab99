export * from './grpc-errors';
export * from './grpc-service.decorator';
export * from './grpc-server';
export * from './grpc.module';
export * from './nest';
export * from './partner-channel';
export * from './renewing-client';
