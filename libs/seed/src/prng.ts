/**
 * Small seeded PRNG, no dependencies. Seed catalogs must be byte-identical
 * for the same seed on every machine (demo, benchmarks and partner nodes
 * all regenerate them), so nothing here may touch Math.random or the clock.
 */

// Module-local aliases: under Jest every lookup of a global such as `Math`
// goes through the vm sandbox's interceptor (~100x slower than a local), which
// made a million-record test run take half a minute. Plain Node is unaffected.
const { imul, floor, sqrt, log } = Math;

/** murmur3 finaliser: a bijection on 32-bit integers with good avalanche. */
export function mix32(x: number): number {
  x = imul(x ^ (x >>> 16), 0x85ebca6b);
  x = imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** FNV-1a over UTF-16 code units, then mixed: turns a text key into a seed. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = imul(h, 0x01000193);
  }
  return mix32(h >>> 0);
}

/**
 * mulberry32 with helpers. Re-seedable in place so the generator can give
 * every record its own stream (record i depends only on the base seed and i,
 * hence a prefix of a big catalog equals the small catalog) without
 * allocating a generator per record.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  reseed(seed: number): this {
    this.state = seed >>> 0;
    return this;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return floor(this.next() * n);
  }

  /** Integer in [lo, hi] inclusive. */
  intBetween(lo: number, hi: number): number {
    return lo + floor(this.next() * (hi - lo + 1));
  }

  between(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[floor(this.next() * items.length)];
  }

  /**
   * Standard normal via the Marsaglia polar method: only log and sqrt, whose
   * results V8 computes identically everywhere (no cos/sin, which would be
   * one more libm function the byte-identical promise depends on).
   */
  normal(): number {
    for (;;) {
      const u = this.next() * 2 - 1;
      const v = this.next() * 2 - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) return u * sqrt((-2 * log(s)) / s);
    }
  }
}

/**
 * Weighted choice in O(log n) over a precomputed cumulative table, so picking
 * a family or a unit costs the same for 1,000 or 1,000,000 records.
 */
export class WeightedTable<T> {
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(
    readonly items: readonly T[],
    weights: readonly number[],
  ) {
    if (items.length === 0 || items.length !== weights.length) throw new RangeError('WeightedTable needs one weight per item');
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    weights.forEach((w, i) => {
      if (!(w >= 0)) throw new RangeError(`weight must be >= 0, got ${w}`);
      sum += w;
      this.cumulative[i] = sum;
    });
    if (sum <= 0) throw new RangeError('WeightedTable needs a positive total weight');
    this.total = sum;
  }

  pick(rng: Rng): T {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}
