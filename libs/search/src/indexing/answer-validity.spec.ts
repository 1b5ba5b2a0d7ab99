import { IndexAnswerValidity } from './answer-validity';

/** An index that only counts changes, and a clock the test moves. */
function setup(maxStaleMs: number) {
  const index = { version: 0, generation: 0, unaffected: () => false };
  const clock = { now: 1_000 };
  const validity = new IndexAnswerValidity(index, maxStaleMs, () => clock.now);
  const change = (n: number, hides = false) => {
    const from = index.version;
    index.version += n;
    validity.applied(from, hides);
  };
  return { index, clock, validity, change };
}

describe('IndexAnswerValidity (SEARCH_CACHE_MAX_STALE_MS)', () => {
  it('lets an answer miss ordinary changes for the bound, counted from the first change it misses', () => {
    const { clock, validity, change } = setup(300);
    // Answer computed at version 0, long before any change: its clock starts with the first one.
    clock.now += 10_000;
    change(2);
    clock.now += 200;
    change(1);
    expect(validity.withinStaleness(0)).toBe(true);
    expect(validity.withinStaleness(2)).toBe(true);
    clock.now += 100;
    // 300 ms since version 0 first missed a change; version 2 missed its first only 100 ms ago.
    expect(validity.withinStaleness(0)).toBe(false);
    expect(validity.withinStaleness(1)).toBe(false);
    expect(validity.withinStaleness(2)).toBe(true);
    clock.now += 200;
    expect(validity.withinStaleness(2)).toBe(false);
    expect(validity.floor).toBe(0);
  });

  it('raises the floor to the version of a change that hides an instrument, in the step that applies it', () => {
    const { validity, change } = setup(300);
    change(3);
    change(2, true);
    expect(validity.floor).toBe(5);
    change(1);
    expect(validity.withinStaleness(5)).toBe(true);
    expect(validity.withinStaleness(4)).toBe(false);
  });

  it('raises the floor when the index compacted itself, so no kept answer holds the old generation', () => {
    const { index, validity, change } = setup(300);
    change(2);
    expect(validity.floor).toBe(0);
    index.generation++;
    change(1);
    expect(validity.floor).toBe(3);
  });

  it('with a bound of 0 raises the floor at every change, as when any change emptied the caches', () => {
    const { validity, change } = setup(0);
    change(1);
    expect(validity.floor).toBe(1);
    change(4);
    expect(validity.floor).toBe(5);
    expect(validity.withinStaleness(4)).toBe(false);
  });

  it('counts why the floor moved: a hiding change, a new generation, a write of this process, any change with no bound', () => {
    const { index, validity, change } = setup(300);
    change(1);
    change(1, true);
    index.generation++;
    change(1, true);
    validity.invalidate();
    expect(validity.raised).toEqual({ hides: 1, generation: 1, ownWrite: 1, everyChange: 0 });
    const unbounded = setup(0);
    unbounded.change(1);
    unbounded.change(1);
    expect(unbounded.validity.raised).toEqual({ hides: 0, generation: 0, ownWrite: 0, everyChange: 2 });
  });

  it('forgets batches older than the bound without losing the newer ones', () => {
    const { clock, validity, change } = setup(300);
    for (let i = 0; i < 100; i++) {
      change(1);
      clock.now += 50;
    }
    // Now is 50 ms after the last change: versions 95..99 first missed one less than 300 ms ago.
    expect(validity.withinStaleness(0)).toBe(false);
    expect(validity.withinStaleness(94)).toBe(false);
    expect(validity.withinStaleness(95)).toBe(true);
    expect(validity.withinStaleness(99)).toBe(true);
  });
});
