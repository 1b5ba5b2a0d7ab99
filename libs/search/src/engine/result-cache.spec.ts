import type { AnswerScope } from './answer-scope';
import { ResultCache, type AnswerValidity } from './result-cache';

/** The replica's rule reduced to its inputs: the version now, the floor, and which older versions are recent enough. */
class Validity implements AnswerValidity {
  version = 1;
  floor = 0;
  recent = new Set<number>();
  /** Scopes no change has concerned so far. */
  untouched = new Set<AnswerScope>();
  /** The versions each scope was checked from. */
  readonly checkedFrom: number[] = [];
  withinStaleness(version: number): boolean {
    return this.recent.has(version);
  }
  unaffected(scope: AnswerScope, version: number): boolean {
    this.checkedFrom.push(version);
    return this.untouched.has(scope);
  }
}

const scope = () => ({}) as AnswerScope;

describe('ResultCache', () => {
  it('answers a repeated question from the cache while the index stands still', () => {
    const cache = new ResultCache<string>(10, new Validity());
    expect(cache.get('sem')).toBeUndefined();
    cache.set(1, 'sem', 'answer');
    expect(cache.get('sem')).toBe('answer');
    expect({ hits: cache.hits, misses: cache.misses }).toEqual({ hits: 1, misses: 1 });
  });

  it('serves an answer that missed ordinary changes only while it is recent enough', () => {
    const validity = new Validity();
    const cache = new ResultCache<string>(10, validity);
    cache.set(1, 'sem', 'before');
    validity.version = 2;
    validity.recent.add(1);
    expect(cache.get('sem')).toBe('before');
    validity.recent.clear();
    expect(cache.get('sem')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('serves an answer through changes that do not concern it, each change checked once, and drops it at one that does', () => {
    const validity = new Validity();
    const cache = new ResultCache<string>(10, validity);
    const sem = scope();
    validity.untouched.add(sem);
    cache.set(1, 'sem', 'answer', sem);
    validity.version = 3;
    expect(cache.lookup('sem')).toMatchObject({ value: 'answer', version: 3 });
    validity.version = 5;
    expect(cache.get('sem')).toBe('answer');
    expect(validity.checkedFrom).toEqual([1, 3]);
    validity.untouched.delete(sem);
    validity.version = 6;
    expect(cache.get('sem')).toBeUndefined();
  });

  it('serves an answer a change concerns only while it is recent enough, without checking it again', () => {
    const validity = new Validity();
    const cache = new ResultCache<string>(10, validity);
    cache.set(1, 'sem', 'before', scope());
    validity.version = 2;
    validity.recent.add(1);
    expect(cache.get('sem')).toBe('before');
    expect(cache.get('sem')).toBe('before');
    expect(validity.checkedFrom).toEqual([1]);
    validity.recent.clear();
    expect(cache.get('sem')).toBeUndefined();
  });

  it('forgets every answer once the floor moves, however recent', () => {
    const validity = new Validity();
    const cache = new ResultCache<string>(10, validity);
    const sem = scope();
    validity.untouched.add(sem);
    cache.set(1, 'sem', 'before', sem);
    cache.set(1, 'tem', 'before');
    validity.version = validity.floor = 2;
    validity.recent.add(1);
    expect(cache.size).toBe(0);
    expect(cache.get('sem')).toBeUndefined();
    // An answer computed before the floor must not come back either.
    cache.set(1, 'tem', 'stale');
    expect(cache.get('tem')).toBeUndefined();
  });

  it('forgets every answer at any change when no staleness is allowed', () => {
    const validity = new Validity();
    const cache = new ResultCache<string>(10, validity);
    cache.set(1, 'sem', 'before');
    validity.version = 2;
    expect(cache.get('sem')).toBeUndefined();
    cache.set(1, 'tem', 'stale');
    expect(cache.get('tem')).toBeUndefined();
    cache.set(2, 'sem', 'current');
    expect(cache.get('sem')).toBe('current');
  });

  it('drops the least recently used answer first when full', () => {
    const cache = new ResultCache<string>(2, new Validity());
    cache.set(1, 'a', 'A');
    cache.set(1, 'b', 'B');
    cache.get('a');
    cache.set(1, 'c', 'C');
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    expect(cache.get('c')).toBe('C');
    expect(cache.size).toBe(2);
  });

  it('counts each look-up by outcome, and the entries the floor or the room dropped (the churn figures)', () => {
    const validity = new Validity();
    const cache = new ResultCache<string>(2, validity);
    const sem = scope();
    validity.untouched.add(sem);
    cache.get('sem');
    cache.set(1, 'sem', 'A', sem);
    cache.set(1, 'tem', 'B', scope());
    cache.get('sem');
    validity.version = 2;
    cache.get('sem');
    validity.recent.add(1);
    cache.get('tem');
    validity.recent.clear();
    cache.get('tem');
    cache.set(2, 'a', 'C');
    cache.set(2, 'b', 'D');
    validity.floor = validity.version = 3;
    cache.get('a');
    expect(cache.outcomes).toEqual({ current: 1, unaffected: 1, stale: 1, absent: 2, expired: 1, cleared: 2, evicted: 1, declined: 0 });
  });

  it('keeps nothing with a capacity of 0', () => {
    const cache = new ResultCache<string>(0, new Validity());
    cache.set(1, 'a', 'A');
    expect(cache.get('a')).toBeUndefined();
  });

  describe('admission from the second ask', () => {
    it('keeps an answer only once its question was computed before, counting the first as declined', () => {
      const cache = new ResultCache<string>(10, new Validity(), 'repeat');
      cache.set(1, 'sem', 'first');
      expect(cache.get('sem')).toBeUndefined();
      cache.set(1, 'sem', 'second');
      expect(cache.get('sem')).toBe('second');
      expect(cache.outcomes).toMatchObject({ declined: 1, current: 1 });
    });

    it('keeps the popular answers through a stream of questions each asked once', () => {
      const cache = new ResultCache<string>(2, new Validity(), 'repeat');
      for (const key of ['a', 'b']) {
        cache.set(1, key, key);
        cache.set(1, key, key);
      }
      for (let i = 0; i < 1_000; i++) cache.set(1, `once-${i}`, 'noise');
      expect(cache.get('a')).toBe('a');
      expect(cache.get('b')).toBe('b');
      expect(cache.size).toBe(2);
      expect(cache.outcomes).toMatchObject({ declined: 1_002, evicted: 0 });
    });

    it('remembers a bounded number of first asks, the oldest forgotten first', () => {
      // Room for 2 answers remembers 8 first asks.
      const cache = new ResultCache<string>(2, new Validity(), 'repeat');
      cache.set(1, 'old', 'A');
      for (let i = 0; i < 8; i++) cache.set(1, `once-${i}`, 'noise');
      cache.set(1, 'old', 'A');
      expect(cache.get('old')).toBeUndefined();
      cache.set(1, 'once-7', 'B');
      expect(cache.get('once-7')).toBe('B');
    });

    it('keeps at once again an answer still kept, or asked again after it expired', () => {
      const validity = new Validity();
      const cache = new ResultCache<string>(10, validity, 'repeat');
      cache.set(1, 'sem', 'A');
      cache.set(1, 'sem', 'B');
      validity.version = 2;
      expect(cache.get('sem')).toBeUndefined();
      cache.set(2, 'sem', 'C');
      expect(cache.get('sem')).toBe('C');
    });
  });
});
