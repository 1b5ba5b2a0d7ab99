import type { AnswerScope } from './answer-scope';

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
  /** Whether no change since `version` concerns an answer of this scope: it is then exactly what a search would answer now. */
  unaffected(scope: AnswerScope, version: number): boolean;
}

/** Where {@link ResultCache.set}'s own checks count: not look-ups. */
const SCRATCH_OUTCOMES = { current: 0, unaffected: 0, stale: 0, expired: 0, cleared: 0 };

/**
 * When a computed answer is kept: at once (`first`), or only once its
 * question was computed before (`repeat`), as the gateway keeps them.
 */
export type Admission = 'first' | 'repeat';

/** Questions remembered as asked once, per entry of room: a question repeated within that many others' first asks is kept. */
const SIGHTINGS_PER_ENTRY = 4;

/** A kept answer, and the version it is known to be exact at. */
export interface KeptAnswer<V> {
  version: number;
  value: V;
  /** What changes it depends on; without one, any change concerns it. */
  scope?: AnswerScope;
}

/**
 * Answers already computed, least recently used first out. Search traffic
 * repeats itself (the same popular queries, the same first pages). A kept
 * answer is checked when asked again, against the changes since it was
 * computed (or last checked): while none concerns its scope it is served, and
 * counts as computed now; one that a change concerns may still be served for
 * as long as {@link AnswerValidity} allows ordinary changes to be missed. A
 * change that hides something empties the cache outright.
 */
export class ResultCache<V> {
  private readonly entries = new Map<string, KeptAnswer<V>>();
  /** The validity floor this cache was last emptied for. */
  private floor: number;
  hits = 0;
  misses = 0;
  /**
   * Look-ups and entries by outcome, plain counts for /metrics and the churn
   * figures of bench:search. Served: `current` (no change since it was
   * computed or last checked), `unaffected` (the changes since concern it
   * not), `stale` (one does, within the staleness bound). Not served:
   * `absent` (never kept, or gone), `expired` (a change concerns it and the
   * bound has passed). `cleared`: entries dropped at once because the floor
   * moved (a change that hides something, a write of this process, a new
   * index generation); `evicted`: least recently used out for room;
   * `declined`: answers not kept because their question was asked for the
   * first time (admission `repeat`).
   */
  readonly outcomes = { current: 0, unaffected: 0, stale: 0, absent: 0, expired: 0, cleared: 0, evicted: 0, declined: 0 };
  /**
   * With admission `repeat`: hashes of the questions computed once and not
   * kept, oldest overwritten first. Most questions are asked once; keeping
   * their answers would only evict the popular ones (a stream of distinct
   * questions, innocent or not, empties an LRU) and hold tens of MB for
   * nothing. A collision merely keeps one answer early.
   */
  private readonly sightings?: { ring: Int32Array; next: number; known: Set<number> };

  constructor(
    private readonly capacity: number,
    private readonly validity: AnswerValidity,
    admission: Admission = 'first',
  ) {
    this.floor = validity.floor;
    if (admission === 'repeat' && capacity > 0) this.sightings = { ring: new Int32Array(capacity * SIGHTINGS_PER_ENTRY), next: 0, known: new Set() };
  }

  get size(): number {
    this.sync();
    return this.entries.size;
  }

  get(key: string): V | undefined {
    return this.lookup(key)?.value;
  }

  /** The kept answer under `key` if it may be served, with the version it is exact at (moved up when no change since concerns it). */
  lookup(key: string): KeptAnswer<V> | undefined {
    this.sync();
    const entry = this.entries.get(key);
    if (entry === undefined || !this.servable(entry, true)) {
      if (entry) this.entries.delete(key);
      else this.outcomes.absent++;
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Map keeps insertion order: re-inserting makes this the most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /** Keeps `value`, computed at index `version` with `scope`, unless it could not be served anyway. */
  set(version: number, key: string, value: V, scope?: AnswerScope): void {
    this.sync();
    const entry = { version, value, scope };
    if (this.capacity <= 0 || !this.servable(entry, false)) return;
    if (!this.entries.has(key) && this.firstSighting(key)) {
      this.outcomes.declined++;
      return;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size <= this.capacity) return;
    this.entries.delete(this.entries.keys().next().value as string);
    this.outcomes.evicted++;
  }

  /** Whether `key`'s question is computed for the first time (remembering it if so); never with admission `first`. */
  private firstSighting(key: string): boolean {
    const seen = this.sightings;
    if (seen === undefined) return false;
    const hash = hashOf(key);
    if (seen.known.has(hash)) return false;
    const { ring } = seen;
    // Each remembered hash holds one slot: once the ring is full, the slot about to be reused holds the oldest.
    if (seen.known.size >= ring.length) seen.known.delete(ring[seen.next]);
    ring[seen.next] = hash;
    seen.known.add(hash);
    seen.next = (seen.next + 1) % ring.length;
    return true;
  }

  /** Empties the cache once the floor has moved: nothing kept from before it may be served again, so nothing need stay. */
  private sync(): void {
    if (this.validity.floor <= this.floor) return;
    this.outcomes.cleared += this.entries.size;
    this.entries.clear();
    this.floor = this.validity.floor;
  }

  /** `counted`: a look-up, whose outcome {@link outcomes} counts (not a {@link set}). */
  private servable(entry: KeptAnswer<V>, counted: boolean): boolean {
    const outcomes = counted ? this.outcomes : SCRATCH_OUTCOMES;
    const { version, scope } = entry;
    if (version < this.floor) {
      outcomes.cleared++;
      return false;
    }
    const now = this.validity.version;
    if (version >= now) {
      outcomes.current++;
      return true;
    }
    if (scope !== undefined && this.validity.unaffected(scope, version)) {
      // Each change is checked once per entry: the next look starts from here.
      entry.version = now;
      outcomes.unaffected++;
      return true;
    }
    // A change concerns it: from now on only the staleness bound may keep it, so it is not checked again.
    entry.scope = undefined;
    const within = this.validity.withinStaleness(version);
    if (within) outcomes.stale++;
    else outcomes.expired++;
    return within;
  }
}

/** FNV-1a over the key's UTF-16 code units: 32 bits, so the remembered questions cost a number each. */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h | 0;
}
