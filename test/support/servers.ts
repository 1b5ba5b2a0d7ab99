import { randomBytes } from 'node:crypto';

/** Set by test/support/global-setup.js after probing the machine's servers. */
export const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = 'redis://127.0.0.1:6379';

export const postgresAvailable = (): boolean => process.env.YRD_TEST_POSTGRES === '1';
export const redisAvailable = (): boolean => process.env.YRD_TEST_REDIS === '1';

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}
