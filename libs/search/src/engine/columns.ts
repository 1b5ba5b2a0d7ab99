/** Growable typed columns and string interning: per-document data as flat arrays indexed by ordinal, not objects. */

type TypedArray = Int32Array | Uint8Array | Uint16Array | Float32Array | Float64Array;

/** `array` if it holds `size` elements, else a copy with room for at least `size` (doubling, so appends stay amortised O(1)). */
export function ensureCapacity<T extends TypedArray>(array: T, size: number, fill?: number): T {
  if (size <= array.length) return array;
  let capacity = Math.max(16, array.length);
  while (capacity < size) capacity *= 2;
  const next = new (array.constructor as new (n: number) => T)(capacity);
  next.set(array);
  if (fill !== undefined) next.fill(fill, array.length);
  return next;
}

/**
 * `array` cut down to `size` elements plus a sixteenth: the room doubling
 * kept goes back, while the first changes after a bulk load still find room
 * (exact cuts made every posting list a change touched copy itself whole on
 * its next entry, minutes of which a gateway paid right after its start).
 */
export function trimmed<T extends TypedArray>(array: T, size: number): T {
  const room = withRoom(size);
  return array.length > room ? (array.slice(0, room) as T) : array;
}

/** `size` plus the room {@link trimmed} leaves. */
export function withRoom(size: number): number {
  return size + (size >> 4) + 4;
}

/** Dense ids for repeated strings (regions, cities, units, terms). */
export class Interner {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [];

  intern(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }

  /** -1 when unknown. */
  find(value: string): number {
    return this.ids.get(value) ?? -1;
  }

  get size(): number {
    return this.values.length;
  }
}
