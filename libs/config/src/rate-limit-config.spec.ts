import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig as load } from '@app/config';

const SECRETS = { AUTH_JWT_SECRET: randomBytes(24).toString('base64url'), BOOKING_PSEUDONYM_KEY: randomBytes(24).toString('base64url') };
const loadConfig = (env: Record<string, string>) => load({ ...SECRETS, ...env });

describe('rate limits and booking quotas configuration', () => {
  it('has defaults, and trusts no proxy unless told', () => {
    const { limits } = loadConfig({});
    expect(limits).toEqual({
      trustProxy: [],
      windowMs: 60_000,
      perWindow: { search: 600, availability: 120, metrics: 60, booking: 30, import: 10, review: 10, exemption: 20, evaluation: 5, partner: 6000, iot: 120 },
      booking: { maxActivePerRequester: 10, maxActivePerPartner: 50, maxWindowHours: 72, maxAheadDays: 90 },
    });
  });

  it('reads the proxies whose X-Forwarded-For is believed, and 0 as no limit', () => {
    const { limits } = loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1,loopback', RATE_LIMIT_SEARCH: '0', RATE_LIMIT_WINDOW_SECONDS: '10' });
    expect(limits.trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1', '::1', 'loopback']);
    expect(limits.perWindow.search).toBe(0);
    expect(limits.windowMs).toBe(10_000);
  });

  it.each([
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ RATE_LIMIT_SEARCH: '-1' }, 'RATE_LIMIT_SEARCH'],
    [{ RATE_LIMIT_WINDOW_SECONDS: '0' }, 'RATE_LIMIT_WINDOW_SECONDS'],
    [{ BOOKING_QUOTA_MAX_ACTIVE: '0' }, 'BOOKING_QUOTA_MAX_ACTIVE'],
    [{ BOOKING_QUOTA_MAX_WINDOW_HOURS: 'a day' }, 'BOOKING_QUOTA_MAX_WINDOW_HOURS'],
  ])('%j stops start-up naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${variable} `));
  });
});
