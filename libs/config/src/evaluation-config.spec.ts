import { randomBytes } from 'node:crypto';
import { loadConfig } from './app-config';
import { DEFAULT_EVALUATION_GRADES, DEFAULT_EVALUATION_WEIGHTS } from './evaluation-config';

const SECRETS = { AUTH_JWT_SECRET: randomBytes(24).toString('base64url'), BOOKING_PSEUDONYM_KEY: randomBytes(24).toString('base64url') };
const refusal = (name: string) => new RegExp(`^Invalid configuration: ${name} `);

describe('evaluation weights and grades (EVALUATION_WEIGHTS, EVALUATION_GRADES)', () => {
  it('defaults to the documented weights and thresholds', () => {
    expect(loadConfig(SECRETS).evaluation).toEqual({ weights: DEFAULT_EVALUATION_WEIGHTS, grades: DEFAULT_EVALUATION_GRADES });
  });

  it('merges a partial JSON over the defaults', () => {
    const { weights, grades } = loadConfig({
      ...SECRETS,
      EVALUATION_WEIGHTS: '{"dimensions": {"sharing": 0.5}, "indicators": {"operation": {"iotCoverage": 0}}}',
      EVALUATION_GRADES: '{"excellent": 90}',
    }).evaluation;
    expect(weights.dimensions).toEqual({ organisation: 0.3, operation: 0.35, sharing: 0.5 });
    expect(weights.indicators.operation).toEqual({ utilisation: 0.5, effectiveHours: 0.3, iotCoverage: 0 });
    expect(grades).toEqual({ excellent: 90, good: 60, fair: 40 });
  });

  it.each([
    ['not JSON', 'weights'],
    ['an array', '[1]'],
    ['an unknown part', '{"extra": {}}'],
    ['an unknown dimension', '{"dimensions": {"fun": 1}}'],
    ['an unknown indicator', '{"indicators": {"sharing": {"likes": 1}}}'],
    ['a negative weight', '{"dimensions": {"sharing": -1}}'],
    ['a weight as text', '{"dimensions": {"sharing": "1"}}'],
    ['a group of zeros', '{"dimensions": {"organisation": 0, "operation": 0, "sharing": 0}}'],
  ])('stops start-up on %s in EVALUATION_WEIGHTS', (_case, value) => {
    expect(() => loadConfig({ ...SECRETS, EVALUATION_WEIGHTS: value })).toThrow(refusal('EVALUATION_WEIGHTS'));
  });

  it.each(['{"excellent": 50, "good": 60}', '{"fair": 101}', '{"poor": 10}', '80'])('stops start-up on EVALUATION_GRADES=%s', (value) => {
    expect(() => loadConfig({ ...SECRETS, EVALUATION_GRADES: value })).toThrow(refusal('EVALUATION_GRADES'));
  });
});
