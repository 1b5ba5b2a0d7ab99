/**
 * Test factories for the use-case unit tier: callers by role, catalog facts, stored records, and
 * `mockOf` for the ports a use-case calls, and test files built part by part (ZIP/XLSX) or read back (CSV). Specs sit beside their use-case
 * (`libs/<lib>/src/use-cases/*.usecase.spec.ts`) and import this as `@test/factories`.
 */
export * from './principal.factory';
export * from './instrument-facts.factory';
export * from './exemption.factory';
export * from './mock';
export * from './zip.factory';
export * from './csv.factory';
