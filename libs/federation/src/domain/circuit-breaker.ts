/**
 * Per-source circuit breaker, as pure state transitions: after `threshold`
 * consecutive failures the source is left alone for a cool-down that doubles
 * with each further failure (capped), so a dead partner costs one probe per
 * cool-down instead of a retry storm.
 */
export interface BreakerPolicy {
  threshold: number;
  baseCooldownMs: number;
  maxCooldownMs: number;
}

export const DEFAULT_BREAKER: BreakerPolicy = { threshold: 3, baseCooldownMs: 10_000, maxCooldownMs: 5 * 60_000 };

export interface BreakerState {
  consecutiveFailures: number;
  openUntil?: Date;
}

export function isOpen(state: BreakerState, now: Date): boolean {
  return state.openUntil !== undefined && state.openUntil.getTime() > now.getTime();
}

/**
 * `random` spreads the cool-downs (±20 %) so replicas and sources that failed
 * together do not all come back at the same instant.
 */
export function afterFailure(state: BreakerState, now: Date, policy: BreakerPolicy = DEFAULT_BREAKER, random: () => number = Math.random): BreakerState {
  const failures = state.consecutiveFailures + 1;
  if (failures < policy.threshold) return { consecutiveFailures: failures };
  const cooldown = Math.min(policy.maxCooldownMs, policy.baseCooldownMs * 2 ** (failures - policy.threshold)) * (0.8 + 0.4 * random());
  return { consecutiveFailures: failures, openUntil: new Date(now.getTime() + cooldown) };
}

export function afterSuccess(): BreakerState {
  return { consecutiveFailures: 0 };
}

export interface SyncFailure {
  /** What the source shows as `lastError`. */
  reason: string;
  transient: boolean;
  retryAfterMs?: number;
}

/**
 * The breaker after a failure: transient failures open it after the usual
 * threshold (the scheduled runs are the retries, the cool-down doubling gives
 * the exponential backoff); a permanent one opens it at once, so a broken
 * contract or a refused token costs one probe per cool-down, not one call per
 * interval. A `Retry-After` from the province keeps it open at least that long.
 */
export function breakerAfter(current: BreakerState, failure: SyncFailure, now: Date): BreakerState {
  const base = failure.transient ? current : { consecutiveFailures: Math.max(current.consecutiveFailures, DEFAULT_BREAKER.threshold - 1) };
  const next = afterFailure(base, now);
  if (failure.retryAfterMs !== undefined) {
    const until = new Date(now.getTime() + failure.retryAfterMs);
    if (!next.openUntil || next.openUntil.getTime() < until.getTime()) return { ...next, openUntil: until };
  }
  return next;
}
