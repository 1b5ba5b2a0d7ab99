import { isOwnStep } from './four-eyes.rule';

describe('isOwnStep', () => {
  it('is the same person when the actor took an earlier step', () => {
    expect(isOwnStep('alice', ['alice'])).toBe(true);
    expect(isOwnStep('alice', ['bob', 'alice'])).toBe(true);
  });

  it('is another person otherwise, and a step nobody took yet counts for nothing', () => {
    expect(isOwnStep('alice', ['bob'])).toBe(false);
    expect(isOwnStep('alice', [undefined, 'bob'])).toBe(false);
    expect(isOwnStep('alice', [])).toBe(false);
  });

  it('fails closed on an empty identity', () => {
    expect(isOwnStep('', [])).toBe(true);
  });
});
