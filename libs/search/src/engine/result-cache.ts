/**
 * Answers already computed at the index's current version, least recently
 * used first out. Search traffic repeats itself (the same popular queries, the
 * same first pages), and an answer is only valid until the index changes, so
 * any change empties the cache rather than tracking which answers it touched.
 * Versions only grow: an answer computed at an older version than the cache
 * has seen is stale and is not kept.
 */
export class ResultCache<V> {
  private readonly entries = new Map<string, V>();
  private version = -1;
  hits = 0;
  misses = 0;

  constructor(private readonly capacity: number) {}

  /** Moves the cache to `version` (emptying it) if that is newer; false if `version` is older than what it holds. */
  private at(version: number): boolean {
    if (version < this.version) return false;
    if (version > this.version) {
      this.entries.clear();
      this.version = version;
    }
    return true;
  }

  get size(): number {
    return this.entries.size;
  }

  get(version: number, key: string): V | undefined {
    if (!this.at(version)) return undefined;
    const value = this.entries.get(key);
    if (value === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Map keeps insertion order: re-inserting makes this the most recently used.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(version: number, key: string, value: V): void {
    if (this.capacity <= 0 || !this.at(version)) return;
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}
