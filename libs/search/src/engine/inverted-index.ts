import { Interner, ensureCapacity, trimmed, withRoom } from './columns';
import { FuzzyVocabulary } from './fuzzy';
import { charCount, isCjkOnly } from './lexicon';
import { FIELD_BITS, FIELD_TF_MAX, PostingList } from './postings';

/** Indexed fields, in packing order. nameEn is indexed as part of the name. */
export const FIELD = { name: 0, model: 1, category: 2, manufacturer: 3, description: 4 } as const;
export const FIELD_COUNT = 5;

/** BM25F field weights: name > model > category > manufacturer > description. */
export const FIELD_WEIGHTS: readonly number[] = [4, 3, 2, 1.5, 1];
const K1 = 1.2;
const B = 0.75;
/** Length normalisation is refreshed when an average field length drifts this much. */
const AVERAGE_DRIFT = 0.05;
/** Default share of public documents added or retired after which the idf statistics are taken again. */
export const DEFAULT_STATISTICS_DRIFT = 0.05;

/** Staged postings per chunk: a bulk load's entries go into fixed chunks, never into arrays copied as they double. */
const STAGE_BITS = 20;
const STAGE_CHUNK = 1 << STAGE_BITS;

/** Term ids of one document, per field (the name field holds name and nameEn). */
export type FieldTerms = readonly (readonly Int32Array[])[];

/**
 * Term → postings, with document frequencies and BM25F length normalisation.
 *
 * Document frequencies and average lengths count public documents only, so
 * scores (and which words exist for typo correction) never depend on
 * confidential records: nothing about them can be inferred from a public
 * answer.
 *
 * Scores use the statistics of an epoch, not the live counts: idf reads the
 * document frequencies and public count as they were when the epoch was
 * taken, and it is taken again once a set share of public documents has
 * been added or retired since (as the length normalisation already was,
 * once the average lengths drift). So a change moves the score of no
 * document but its own, and a kept answer it does not match stays exact
 * until the next epoch ({@link statistics}).
 */
export class InvertedIndex {
  readonly terms = new Interner();
  readonly postings: PostingList[] = [];
  dfAll = new Int32Array(1024);
  dfPublic = new Int32Array(1024);
  /** Documents retired so far: kept clause matches drop theirs when it moves. */
  retired = 0;
  /** Bumped whenever every posting's weight is recomputed. */
  normalisation = 0;
  /** Bumped with every new epoch of the scoring statistics (idf or normalisation): kept scores hold while it stands. */
  statistics = 0;
  /**
   * Bumped by a change that makes a term findable or unfindable by someone
   * (its public frequency leaves or reaches 0 over the change, or a unit-only
   * document carrying a word no public one has comes or goes): query plans
   * (ignored words, typo corrections, character expansions) may then differ.
   */
  vocabulary = 0;
  /** Terms whose public frequency reached or left 0 during the change being applied, with whether they were findable before it. */
  private readonly crossed = new Map<number, boolean>();
  /** The change being applied touched a word only unit-only documents carry. */
  private unitOnlyTouched = false;
  /** Public document frequencies and count of the current epoch: what idf reads. */
  private epochDf = new Int32Array(0);
  private epochPublicDocs = 0;
  /** Public documents added or retired since the epoch was taken. */
  private drift = 0;
  readonly fuzzy = new FuzzyVocabulary();
  private readonly byChar = new Map<string, number[]>();

  /** Per ordinal × field: token count, and weight / length normalisation. */
  private fieldLength = new Uint16Array(16 * FIELD_COUNT);
  fieldFactor = new Float32Array(16 * FIELD_COUNT);
  private readonly lengthSum = new Float64Array(FIELD_COUNT);
  private readonly averageUsed = new Float64Array(FIELD_COUNT);
  publicDocs = 0;

  /** A bulk load's postings, waiting for {@link finishLoad}. */
  private staged?: StagedPostings;

  /** `statisticsDrift`: share of public documents changed after which idf's statistics are taken again (0: every change). */
  constructor(private readonly statisticsDrift = DEFAULT_STATISTICS_DRIFT) {}

  private seen = new Int32Array(1024);
  private packed = new Uint16Array(1024);
  private epoch = 0;
  private readonly touched: number[] = [];

  termId(term: string): number {
    const known = this.terms.find(term);
    if (known >= 0) return known;
    const id = this.terms.intern(term);
    this.postings.push(new PostingList());
    this.dfAll = ensureCapacity(this.dfAll, id + 1);
    this.dfPublic = ensureCapacity(this.dfPublic, id + 1);
    this.seen = ensureCapacity(this.seen, id + 1);
    this.packed = ensureCapacity(this.packed, id + 1);
    this.fuzzy.add(id, term);
    // Unigrams and bigrams by character: a one-character query matches any of them.
    if (isCjkOnly(term) && charCount(term) <= 2) {
      for (const ch of term) {
        const list = this.byChar.get(ch);
        if (list) list.push(id);
        else this.byChar.set(ch, [id]);
      }
    }
    return id;
  }

  /** Unigram and bigram terms containing a CJK character. */
  termsWithChar(ch: string): readonly number[] {
    return this.byChar.get(ch) ?? [];
  }

  add(ord: number, fields: FieldTerms, isPublic: boolean): void {
    this.fieldLength = ensureCapacity(this.fieldLength, (ord + 1) * FIELD_COUNT);
    this.fieldFactor = ensureCapacity(this.fieldFactor, (ord + 1) * FIELD_COUNT);
    this.collect(ord, fields);
    this.setFactors(ord);
    for (const t of this.touched) {
      this.postings[t].push(ord, this.packed[t], this.termFrequencyScore(this.packed[t], ord));
      this.dfAll[t]++;
      if (isPublic) this.dfPublic[t]++;
      this.noteCrossing(t, isPublic, false);
    }
    if (isPublic) {
      this.countLengths(ord, 1);
      this.drift++;
    }
    // Keeping up while documents arrive costs little (averages settle, so re-weightings become rare),
    // and spares the first query after a bulk load from re-weighting everything.
    this.refreshNormalisation(ord + 1);
  }

  /**
   * Bulk load into an empty index: takes a document's lengths and terms
   * like {@link add}, but keeps its postings aside until {@link finishLoad}
   * writes every list once, at its final size, and every weight once.
   * Ordinals must come in order from 0.
   */
  stage(ord: number, fields: FieldTerms, isPublic: boolean): void {
    this.fieldLength = ensureCapacity(this.fieldLength, (ord + 1) * FIELD_COUNT);
    this.fieldFactor = ensureCapacity(this.fieldFactor, (ord + 1) * FIELD_COUNT);
    this.collect(ord, fields);
    const staged = (this.staged ??= new StagedPostings());
    for (const t of this.touched) staged.push(t, this.packed[t]);
    staged.end(ord);
    if (isPublic) this.countLengths(ord, 1);
    // The averages {@link add} would have settled on, document after document: scores come out the same either way.
    this.settleAverages();
  }

  /** Forgets a staged document (replaced within the same bulk load) whose ordinal is already marked dead. */
  unstage(ord: number, wasPublic: boolean): void {
    if (wasPublic) this.countLengths(ord, -1);
    this.retired++;
  }

  /** Writes the staged postings of the documents still alive: exact-size lists (plus {@link trimmed}'s room), no doubling garbage. */
  finishLoad(alive: Uint8Array, isPublic: Uint8Array): void {
    const staged = this.staged;
    if (!staged) return;
    this.staged = undefined;
    const ordinals = staged.ordinals;
    const { dfAll, dfPublic } = this;
    const { terms, packed, ends } = staged;
    // Two passes over every staged entry (tens of millions at 1,000,000 documents): plain loops over
    // the chunks, no call per entry (a visitor per entry was a tenth of the gateway's build).
    for (let ord = 0, k = 0; ord < ordinals; ord++) {
      const end = ends[ord];
      if (alive[ord] === 0) {
        k = end;
        continue;
      }
      const counted = isPublic[ord] === 1;
      for (; k < end; k++) {
        const t = terms[k >>> STAGE_BITS][k & (STAGE_CHUNK - 1)];
        dfAll[t]++;
        if (counted) dfPublic[t]++;
      }
    }
    for (let t = 0; t < this.postings.length; t++) this.postings[t] = new PostingList(withRoom(dfAll[t]));
    for (let ord = 0; ord < ordinals; ord++) this.setFactors(ord);
    const { postings } = this;
    for (let ord = 0, k = 0; ord < ordinals; ord++) {
      const end = ends[ord];
      if (alive[ord] === 0) {
        k = end;
        continue;
      }
      for (; k < end; k++) {
        const chunk = k >>> STAGE_BITS;
        const at = k & (STAGE_CHUNK - 1);
        const tf = packed[chunk][at];
        const list = postings[terms[chunk][at]];
        const n = list.length++;
        list.docs[n] = ord;
        list.tfs[n] = tf;
        list.weights[n] = this.termFrequencyScore(tf, ord);
      }
    }
    this.fieldLength = trimmed(this.fieldLength, ordinals * FIELD_COUNT);
    this.fieldFactor = trimmed(this.fieldFactor, ordinals * FIELD_COUNT);
  }

  /** Forgets a document whose ordinal is already marked dead in `alive`. */
  retire(ord: number, fields: FieldTerms, wasPublic: boolean, alive: Uint8Array): void {
    this.collect(ord, fields);
    for (const t of this.touched) {
      this.dfAll[t]--;
      if (wasPublic) this.dfPublic[t]--;
      this.noteCrossing(t, wasPublic, true);
      const list = this.postings[t];
      list.dead++;
      // Amortised O(1) per removal: a list is rewritten once half of it is dead.
      if (list.dead * 2 > list.length) list.compact(alive);
    }
    if (wasPublic) {
      this.countLengths(ord, -1);
      this.drift++;
    }
    this.retired++;
  }

  /**
   * Ends a change (a document's old version retired, its new one added):
   * {@link vocabulary} moves if a word became findable or unfindable by
   * anyone. A record rewritten with its own unique words (a model number)
   * leaves every word as findable as before.
   */
  settleVocabulary(): void {
    let moved = this.unitOnlyTouched;
    for (const [t, before] of this.crossed) if (this.dfPublic[t] > 0 !== before) moved = true;
    if (moved) this.vocabulary++;
    this.crossed.clear();
    this.unitOnlyTouched = false;
  }

  private noteCrossing(t: number, isPublic: boolean, retiring: boolean): void {
    const df = this.dfPublic[t];
    // Who may find a word only unit-only documents carry depends on their units: not tracked, any such touch counts.
    if (!isPublic) {
      if (df === 0) this.unitOnlyTouched = true;
    } else if (df === (retiring ? 0 : 1) && !this.crossed.has(t)) this.crossed.set(t, retiring);
  }

  /** The distinct term ids of the document last added or retired, ascending. */
  lastTerms(): Int32Array {
    return Int32Array.from(this.touched).sort();
  }

  /** The distinct terms of the document last added or retired, unsorted: valid until the next change. */
  get lastTouched(): readonly number[] {
    return this.touched;
  }

  /**
   * Takes the idf statistics again once enough public documents changed since
   * the last epoch (`force`: now), and the normalisation if it drifted.
   */
  refreshStatistics(ordinals: number, force = false): void {
    this.refreshNormalisation(ordinals);
    if (!force && this.drift <= this.statisticsDrift * this.epochPublicDocs) return;
    this.drift = 0;
    if (this.epochPublicDocs === this.publicDocs && equalPrefix(this.epochDf, this.dfPublic, this.terms.size)) return;
    this.epochDf = this.dfPublic.slice(0, this.terms.size);
    this.epochPublicDocs = this.publicDocs;
    this.statistics++;
  }

  /** Gives back the room kept for growth: the posting lists' and the per-ordinal lengths' (`ordinals` in use). */
  trim(ordinals: number): void {
    for (const list of this.postings) list.trim();
    this.fieldLength = trimmed(this.fieldLength, ordinals * FIELD_COUNT);
    this.fieldFactor = trimmed(this.fieldFactor, ordinals * FIELD_COUNT);
  }

  /** Of the current epoch: a term new since then counts as in no document. */
  idf(t: number): number {
    const df = t < this.epochDf.length ? this.epochDf[t] : 0;
    return Math.log(1 + (this.epochPublicDocs - df + 0.5) / (df + 0.5));
  }

  /** BM25F of a document's packed term frequencies, before idf. */
  private termFrequencyScore(packedTf: number, d: number): number {
    let packed = packedTf;
    let tf = 0;
    let at = d * FIELD_COUNT;
    while (packed !== 0) {
      const count = packed & FIELD_TF_MAX;
      if (count !== 0) tf += count * this.fieldFactor[at];
      packed >>>= FIELD_BITS;
      at++;
    }
    return (tf * (K1 + 1)) / (tf + K1);
  }

  /**
   * Recomputes length normalisation, and with it every posting's weight, when
   * the average field lengths have drifted (after a bulk load, or much churn):
   * O(postings), rare.
   */
  refreshNormalisation(ordinals: number): void {
    if (!this.settleAverages()) return;
    this.normalisation++;
    this.statistics++;
    for (let ord = 0; ord < ordinals; ord++) this.setFactors(ord);
    for (const list of this.postings) {
      for (let k = 0; k < list.length; k++) list.weights[k] = this.termFrequencyScore(list.tfs[k], list.docs[k]);
    }
  }

  /** Takes the current average field lengths as the ones scores use if they have drifted; true if they had. */
  private settleAverages(): boolean {
    if (this.publicDocs === 0) return false;
    let drifted = false;
    for (let f = 0; f < FIELD_COUNT; f++) {
      const now = this.averageLength(f);
      if (Math.abs(now - this.averageUsed[f]) > AVERAGE_DRIFT * Math.max(1, this.averageUsed[f])) drifted = true;
    }
    if (!drifted) return false;
    for (let f = 0; f < FIELD_COUNT; f++) this.averageUsed[f] = this.averageLength(f);
    return true;
  }

  private averageLength(f: number): number {
    return this.publicDocs > 0 ? this.lengthSum[f] / this.publicDocs : 0;
  }

  private setFactors(ord: number): void {
    for (let f = 0; f < FIELD_COUNT; f++) {
      const at = ord * FIELD_COUNT + f;
      const average = Math.max(1, this.averageUsed[f]);
      this.fieldFactor[at] = FIELD_WEIGHTS[f] / (1 - B + (B * this.fieldLength[at]) / average);
    }
  }

  private countLengths(ord: number, sign: 1 | -1): void {
    for (let f = 0; f < FIELD_COUNT; f++) this.lengthSum[f] += sign * this.fieldLength[ord * FIELD_COUNT + f];
    this.publicDocs += sign;
  }

  /** Distinct terms of a document into `touched`, their packed per-field frequencies into `packed`, lengths into `fieldLength`. */
  private collect(ord: number, fields: FieldTerms): void {
    const epoch = ++this.epoch;
    this.touched.length = 0;
    for (let f = 0; f < FIELD_COUNT; f++) {
      const shift = f * FIELD_BITS;
      let length = 0;
      for (const ids of fields[f]) {
        length += ids.length;
        for (let i = 0; i < ids.length; i++) {
          const t = ids[i];
          if (this.seen[t] !== epoch) {
            this.seen[t] = epoch;
            this.packed[t] = 0;
            this.touched.push(t);
          }
          if (((this.packed[t] >>> shift) & FIELD_TF_MAX) < FIELD_TF_MAX) this.packed[t] += 1 << shift;
        }
      }
      this.fieldLength[ord * FIELD_COUNT + f] = Math.min(length, 0xffff);
    }
  }
}

/** A bulk load's postings in ordinal order: (term, packed frequencies) entries in fixed chunks, and where each ordinal's entries end. */
class StagedPostings {
  /** Chunks of {@link STAGE_CHUNK} entries: term ids, and their packed frequencies. */
  readonly terms: Int32Array[] = [];
  readonly packed: Uint16Array[] = [];
  private size = 0;
  /** Where each ordinal's entries end. */
  ends = new Int32Array(1024);
  ordinals = 0;

  push(term: number, packed: number): void {
    const at = this.size & (STAGE_CHUNK - 1);
    if (at === 0) {
      this.terms.push(new Int32Array(STAGE_CHUNK));
      this.packed.push(new Uint16Array(STAGE_CHUNK));
    }
    this.terms[this.terms.length - 1][at] = term;
    this.packed[this.packed.length - 1][at] = packed;
    this.size++;
  }

  /** Closes ordinal `ord`'s entries. */
  end(ord: number): void {
    if (ord !== this.ordinals) throw new Error(`staged ordinal ${ord} out of order (expected ${this.ordinals})`);
    this.ends = ensureCapacity(this.ends, ord + 1);
    this.ends[ord] = this.size;
    this.ordinals++;
  }
}

function equalPrefix(a: Int32Array, b: Int32Array, length: number): boolean {
  if (a.length !== length) return false;
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return false;
  return true;
}
