export * from './app-config';
export * from './config-error';
export * from './config.module';
export * from './partners';
export * from './published-demo-values';
export * from './iot-gateways';
export * from './evaluation-config';
