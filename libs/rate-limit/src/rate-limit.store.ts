/** Where a replica counts hits: shared by every replica of a deployment, so a limit holds whichever one a client reaches. */
export interface RateLimitStore {
  /**
   * Counts one hit on `key` in its current fixed window (opened by the first
   * hit, `windowMs` long) and answers the hits so far and when the window ends.
   * `now` is the caller's clock so every store and replica agrees on time.
   */
  hit(key: string, windowMs: number, now: Date): Promise<RateLimitCount>;
  /** Forgets windows that ended before `now`; answers how many. */
  sweep(now: Date): Promise<number>;
  close(): Promise<void>;
}

export interface RateLimitCount {
  hits: number;
  resetsAt: Date;
}

export const RATE_LIMIT_STORE = Symbol('RATE_LIMIT_STORE');
