/**
 * `@app/exemptions`: exemptions from sharing as decisions (Art. 11): a unit's
 * request with its grounds, the competent department's approval or rejection,
 * the filing with the provincial office, the unit's withdrawal, every step in
 * an append-only trail. Owns `exemption_requests` and `exemption_trail`
 * (migration 0021); exempts an instrument only through catalog's
 * `ApplyExemptionUseCase` (docs/exemptions.md).
 */
export * from './domain/exemption';
export * from './use-cases/request-exemption.usecase';
export * from './use-cases/list-exemptions.usecase';
export * from './use-cases/get-exemption.usecase';
export * from './use-cases/approve-exemption.usecase';
export * from './use-cases/reject-exemption.usecase';
export * from './use-cases/file-exemption.usecase';
export * from './use-cases/withdraw-exemption.usecase';
export { ExemptionsCoreModule, ExemptionsHttpModule } from './exemptions.module';
