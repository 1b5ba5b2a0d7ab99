import { afterFailure, afterSuccess, breakerAfter, isOpen } from './circuit-breaker';

const t0 = new Date('2026-11-29T00:00:00Z');
const policy = { threshold: 3, baseCooldownMs: 1_000, maxCooldownMs: 4_000 };

describe('circuit breaker', () => {
  it('stays closed below the threshold and opens at it', () => {
    let s = afterFailure({ consecutiveFailures: 0 }, t0, policy, () => 0.5);
    s = afterFailure(s, t0, policy, () => 0.5);
    expect(isOpen(s, t0)).toBe(false);
    s = afterFailure(s, t0, policy, () => 0.5);
    expect(isOpen(s, t0)).toBe(true);
    expect(isOpen(s, new Date(t0.getTime() + 1_000))).toBe(false);
  });

  it('doubles the cool-down with further failures, up to the cap', () => {
    let s: { consecutiveFailures: number; openUntil?: Date } = { consecutiveFailures: 2 };
    const cooldowns = [];
    for (let i = 0; i < 5; i++) {
      s = afterFailure(s, t0, policy, () => 0.5);
      cooldowns.push(s.openUntil!.getTime() - t0.getTime());
    }
    expect(cooldowns).toEqual([1_000, 2_000, 4_000, 4_000, 4_000]);
  });

  it('spreads the cool-down by ±20 % so sources that failed together do not retry together', () => {
    const at = (r: number) => afterFailure({ consecutiveFailures: 2 }, t0, policy, () => r).openUntil!.getTime() - t0.getTime();
    expect(at(0)).toBe(800);
    expect(at(1)).toBe(1_200);
  });

  it('opens at once on a permanent failure (a refused token will not fix itself)', () => {
    const next = breakerAfter({ consecutiveFailures: 0 }, { reason: 'gRPC 16: unknown token', transient: false }, t0);
    expect(isOpen(next, t0)).toBe(true);
    expect(isOpen(breakerAfter({ consecutiveFailures: 0 }, { reason: 'gRPC 14', transient: true }, t0), t0)).toBe(false);
  });

  it('closes after a success', () => {
    expect(isOpen(afterSuccess(), t0)).toBe(false);
  });
});
