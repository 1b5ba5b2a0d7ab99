/**
 * What decides whether an answer computed at one index version may still be
 * served now (the replica's rules: indexing/answer-validity.ts).
 */
export interface AnswerValidity {
  /** The index version answers are computed at now. */
  readonly version: number;
  /** Answers computed before this version are never served: it moves with every change that hides an instrument from someone. */
  readonly floor: number;
  /** Whether an answer computed at `version` (at least {@link floor}, older than {@link version}) is still recent enough to serve. */
  withinStaleness(version: number): boolean;
}

interface Entry<V> {
  version: number;
  value: V;
}

/**
 * Answers already computed, least recently used first out. Search traffic
 * repeats itself (the same popular queries, the same first pages). Checking
 * which kept answers a change affects costs more than it saves, so instead an
 * answer outlives ordinary changes only for as long as {@link AnswerValidity}
 * allows, and a change that hides something empties the cache outright.
 */
export class ResultCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  /** The validity floor this cache was last emptied for. */
  private floor: number;
  hits = 0;
  misses = 0;

  constructor(
    private readonly capacity: number,
    private readonly validity: AnswerValidity,
  ) {
    this.floor = validity.floor;
  }

  get size(): number {
    this.sync();
    return this.entries.size;
  }

  get(key: string): V | undefined {
    this.sync();
    const entry = this.entries.get(key);
    if (entry === undefined || !this.servable(entry.version)) {
      if (entry) this.entries.delete(key);
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Map keeps insertion order: re-inserting makes this the most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value`, computed at index `version`, unless it could not be served anyway. */
  set(version: number, key: string, value: V): void {
    this.sync();
    if (this.capacity <= 0 || !this.servable(version)) return;
    this.entries.delete(key);
    this.entries.set(key, { version, value });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** Empties the cache once the floor has moved: nothing kept from before it may be served again, so nothing need stay. */
  private sync(): void {
    if (this.validity.floor <= this.floor) return;
    this.entries.clear();
    this.floor = this.validity.floor;
  }

  private servable(version: number): boolean {
    return version >= this.floor && (version >= this.validity.version || this.validity.withinStaleness(version));
  }
}
