/**
 * A stand-in for a port (a repository or another lib's use-case) whose every method is a
 * `jest.fn()` made on first use: a spec says only what the use-case under test may call and what
 * it answers, and asserts what was (or, as often, was not) written.
 */
export function mockOf<T extends object>(answers: Partial<{ [K in keyof T]: T[K] }> = {}): jest.Mocked<T> {
  const made = new Map<PropertyKey, jest.Mock>();
  return new Proxy({} as jest.Mocked<T>, {
    get(_target, key) {
      if (key === 'then') return undefined; // not a thenable: `await mock` must not call a method
      if (!made.has(key)) {
        const given = (answers as Record<PropertyKey, unknown>)[key];
        made.set(key, typeof given === 'function' ? jest.fn(given as (...args: unknown[]) => unknown) : jest.fn());
      }
      return made.get(key);
    },
  });
}
