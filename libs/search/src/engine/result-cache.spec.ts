import { ResultCache } from './result-cache';

describe('ResultCache', () => {
  it('answers a repeated question from the cache while the index stands still', () => {
    const cache = new ResultCache<string>(10);
    expect(cache.get(1, 'sem')).toBeUndefined();
    cache.set(1, 'sem', 'answer');
    expect(cache.get(1, 'sem')).toBe('answer');
    expect({ hits: cache.hits, misses: cache.misses }).toEqual({ hits: 1, misses: 1 });
  });

  it('forgets every answer once the index has changed', () => {
    const cache = new ResultCache<string>(10);
    cache.set(1, 'sem', 'before');
    cache.set(1, 'tem', 'before');
    expect(cache.get(2, 'sem')).toBeUndefined();
    expect(cache.size).toBe(0);
    // An answer computed before the change must not come back either.
    expect(cache.get(1, 'tem')).toBeUndefined();
    expect(cache.get(2, 'tem')).toBeUndefined();
  });

  it('never keeps an answer computed before a change it has already seen', () => {
    const cache = new ResultCache<string>(10);
    cache.set(2, 'sem', 'current');
    cache.set(1, 'tem', 'stale');
    expect(cache.get(2, 'tem')).toBeUndefined();
    expect(cache.get(2, 'sem')).toBe('current');
  });

  it('drops the least recently used answer first when full', () => {
    const cache = new ResultCache<string>(2);
    cache.set(1, 'a', 'A');
    cache.set(1, 'b', 'B');
    cache.get(1, 'a');
    cache.set(1, 'c', 'C');
    expect(cache.get(1, 'b')).toBeUndefined();
    expect(cache.get(1, 'a')).toBe('A');
    expect(cache.get(1, 'c')).toBe('C');
    expect(cache.size).toBe(2);
  });

  it('keeps nothing with a capacity of 0', () => {
    const cache = new ResultCache<string>(0);
    cache.set(1, 'a', 'A');
    expect(cache.get(1, 'a')).toBeUndefined();
  });
});
