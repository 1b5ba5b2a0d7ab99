import { ensureCapacity, trimmed } from './columns';

/**
 * Per-field term frequencies packed into 16 bits: 3 bits a field, saturating
 * at 7 (BM25 saturates long before), for the five fields in
 * {@link FIELD_COUNT} order.
 */
export const FIELD_BITS = 3;
export const FIELD_TF_MAX = (1 << FIELD_BITS) - 1;

/**
 * One term's postings: document ordinals in ascending order (documents only
 * ever get new, larger ordinals) with their packed frequencies. Replaced and
 * removed documents stay as dead entries until the list is compacted.
 */
export class PostingList {
  docs: Int32Array;
  tfs: Uint16Array;
  /** BM25F term-frequency part of each entry, precomputed: a query multiplies it by idf and nothing else. */
  weights: Float32Array;
  length = 0;
  /** Entries whose document is no longer alive. */
  dead = 0;

  /** `capacity`: entries it holds before growing (a bulk load knows each list's size up front, and so leaves no outgrown copies behind). */
  constructor(capacity = 4) {
    this.docs = new Int32Array(capacity);
    this.tfs = new Uint16Array(capacity);
    this.weights = new Float32Array(capacity);
  }

  push(ordinal: number, packedTf: number, weight: number): void {
    if (this.length === this.docs.length) {
      this.docs = ensureCapacity(this.docs, this.length + 1);
      this.tfs = ensureCapacity(this.tfs, this.length + 1);
      this.weights = ensureCapacity(this.weights, this.length + 1);
    }
    this.docs[this.length] = ordinal;
    this.tfs[this.length] = packedTf;
    this.weights[this.length] = weight;
    this.length++;
  }

  /** Drops the entries of dead documents, keeping the order. */
  compact(alive: Uint8Array): void {
    let w = 0;
    for (let r = 0; r < this.length; r++) {
      const d = this.docs[r];
      if (alive[d] === 0) continue;
      this.docs[w] = d;
      this.tfs[w] = this.tfs[r];
      this.weights[w] = this.weights[r];
      w++;
    }
    this.length = w;
    this.dead = 0;
    if (this.docs.length > 64 && w * 4 < this.docs.length) {
      this.docs = this.docs.slice(0, Math.max(4, w * 2));
      this.tfs = this.tfs.slice(0, Math.max(4, w * 2));
      this.weights = this.weights.slice(0, Math.max(4, w * 2));
    }
  }

  /** Gives back most of the room kept for growth (up to half of the arrays after doubling). */
  trim(): void {
    this.docs = trimmed(this.docs, this.length);
    this.tfs = trimmed(this.tfs, this.length);
    this.weights = trimmed(this.weights, this.length);
  }
}
