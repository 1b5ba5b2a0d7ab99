import { randomBytes } from 'node:crypto';

/**
 * Made up once per test process: the suites run on secrets nobody else knows,
 * never on the demo's published ones, and nothing real-looking is committed.
 */
export const TEST_SECRETS: Readonly<Record<'AUTH_JWT_SECRET' | 'BOOKING_PSEUDONYM_KEY', string>> = {
  AUTH_JWT_SECRET: randomBytes(32).toString('base64url'),
  BOOKING_PSEUDONYM_KEY: randomBytes(32).toString('base64url'),
};
