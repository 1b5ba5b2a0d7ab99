/**
 * The wire contracts, generated from `proto/` (never edited by hand; `npm run
 * proto:check` fails on drift). Import them from here, not from the files.
 */
export * from './generated/yrd/federation/v1/instrument';
export * from './generated/yrd/federation/v1/catalog';
export * from './generated/yrd/federation/v1/booking';
export * from './generated/yrd/federation/v1/usage';
export * from './generated/grpc/health/v1/health';
export * from './generated/yrd/federation/v1/indicator';
