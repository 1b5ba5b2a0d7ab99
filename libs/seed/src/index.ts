/**
 * @app/seed — deterministic, realistic instrument catalogs for the demo,
 * the partner-node simulators, benchmarks and tests. Pure data generation:
 * no I/O, no clock, no Math.random; loading into the database is the catalog
 * library's SeedCatalogUseCase.
 */
export {
  DEFAULT_AS_OF,
  DEFAULT_SEED,
  SEED_RATES,
  generateCatalog,
  generateInstruments,
  generateUnits,
  type GenerateCatalogOptions,
  type GeneratedCatalog,
} from './generate-catalog';
export {
  USAGE_SEED_RECORDER,
  demoRequesterSub,
  generateUsage,
  type GenerateUsageOptions,
  type GeneratedUsage,
  type PowerEventBatch,
  type UsageCatalog,
} from './generate-usage';
export { INSTRUMENT_FAMILIES, type InstrumentFamily, type MakerLine, type FeeScale } from './instrument-families';
export { Rng, hashString } from './prng';
export { REGION_SEEDS, regionBounds, type RegionSeed, type UnitSeed, type CitySite } from './management-units';
