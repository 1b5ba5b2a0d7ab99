import fc from 'fast-check';

/**
 * How hard the properties are driven. Under `npm test` (no variables) every
 * property runs a bounded number of cases from one fixed seed, so the suite is
 * deterministic and short. `npm run fuzz` sets FUZZ_LONG=1: a random seed
 * (or FUZZ_SEED) and many more cases (FUZZ_RUNS); the seed is printed so a
 * failure can be replayed with `FUZZ_SEED=<seed> npm run fuzz`.
 */
const FIXED_SEED = 20261129;
const long = process.env.FUZZ_LONG === '1';
const explicitSeed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
if (explicitSeed !== undefined && !Number.isSafeInteger(explicitSeed)) throw new Error(`FUZZ_SEED must be an integer, got ${process.env.FUZZ_SEED}`);
const explicitRuns = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : undefined;
if (explicitRuns !== undefined && !(Number.isSafeInteger(explicitRuns) && explicitRuns > 0))
  throw new Error(`FUZZ_RUNS must be a positive integer, got ${process.env.FUZZ_RUNS}`);

export const FUZZ_SEED = explicitSeed ?? (long ? Math.floor(Math.random() * 2 ** 31) : FIXED_SEED);
/** Cases per property; a property may scale it (e.g. slow raw-socket cases). */
export const FUZZ_RUNS = explicitRuns ?? (long ? 2_000 : 60);
/** Jest's per-test timeout, generous in long runs. */
export const PROPERTY_TIMEOUT_MS = long || explicitRuns ? Math.max(60_000, FUZZ_RUNS * 500) : 60_000;

if (long || explicitSeed !== undefined || explicitRuns !== undefined) {
  process.stdout.write(`[fuzz] seed=${FUZZ_SEED} runs=${FUZZ_RUNS} (replay: FUZZ_SEED=${FUZZ_SEED} FUZZ_RUNS=${FUZZ_RUNS} npm run fuzz)\n`);
}

/** fast-check parameters: the suite's seed and run count; fast-check's report of a failure carries the seed and path too. */
export function fuzzParams<T>(scale = 1): fc.Parameters<T> {
  return { seed: FUZZ_SEED, numRuns: Math.max(1, Math.round(FUZZ_RUNS * scale)) };
}

/**
 * The properties book thousands of windows up to a year ahead on a few
 * instruments for a few requesters: the booking quotas (tested on their own in
 * booking-quotas.e2e-spec.ts) are opened wide so they do not answer first.
 */
export const FUZZ_GATEWAY_ENV = {
  BOOKING_QUOTA_MAX_AHEAD_DAYS: '366',
  BOOKING_QUOTA_MAX_WINDOW_HOURS: '336',
  BOOKING_QUOTA_MAX_ACTIVE: '1000000',
  BOOKING_QUOTA_MAX_ACTIVE_PER_PARTNER: '1000000',
};
