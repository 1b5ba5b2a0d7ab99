export * from './principal';
export * from './auth.decorators';
export * from './jwt-verifier';
export * from './auth.guard';
export * from './mint-token';
export * from './auth.module';
export * from './scrape-token';
