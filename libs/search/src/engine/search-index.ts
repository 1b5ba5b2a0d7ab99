import { Analyzer, MAX_QUERY_CHARS, type ParsedQuery } from './analyzer';
import { encodeCursor, fingerprint } from './cursor';
import { DocumentColumns } from './document-columns';
import { DocumentFilter } from './document-filter';
import { SearchQueryError } from './errors';
import { countFacets } from './facets';
import { chordSquaredToKm } from './geo';
import { highlight } from './highlight';
import { FreshnessOrder } from './freshness-order';
import { IdOrder } from './id-order';
import { FIELD, FIELD_COUNT, InvertedIndex, type FieldTerms } from './inverted-index';
import { keptCandidates, rankKept, rankRelevant, type RankingScratch } from './relevance-ranking';
import { QueryEvaluator } from './query-evaluator';
import { QueryPlanner, type QueryPlan } from './query-plan';
import { cutPage, type Page } from './result-page';
import { hitScore, sortKeys } from './sort-keys';
import { SharedTexts } from './shared-texts';
import { selectFirst } from './top-k';
import { DEFAULT_DICTIONARY, DEFAULT_SYNONYMS, type SynonymTable } from './synonyms';
import type { SearchDocument, SearchFacets, SearchHit, SearchQuery, SearchResult, SearchSort } from './types';
import { validateDocument } from './validate-document';
import { validateQuery, type ValidQuery } from './validate-query';

/**
 * Replaced/removed documents leave dead ordinals (and the words only they used); past this many,
 * and more dead than alive, the index is rebuilt compactly. Small, so that a small catalog edited
 * all day stays small: each replaced version held ~1.2 KB until the rebuild, and a floor of 50,000
 * let a 218-document catalog's index grow by ~60 MB. Rebuilding costs one insert per live
 * document, paid after at least as many changes: amortised O(1) per change whatever the floor.
 */
const AUTO_COMPACT_MIN_DEAD = 1_024;
/** Distinct field texts whose analysis is remembered (catalogs repeat names, makers and descriptions). */
const TERM_CACHE_LIMIT = 50_000;
/** Recent query texts whose analysis is remembered (it depends on the analyzer only, never on the documents). */
const PARSE_CACHE_LIMIT = 1024;

export interface SearchIndexOptions {
  /** Synonym table; default the bundled one, `null` for none. */
  synonyms?: SynonymTable | null;
  /** CJK segmentation dictionary; default the bundled one. */
  dictionary?: readonly string[];
}

export interface SearchIndexStats {
  documents: number;
  /** Ordinals in use, including those of replaced or removed documents awaiting compaction. */
  ordinals: number;
  terms: number;
  postings: number;
}

const NO_TEXT: ParsedQuery = { clauses: [], modelKeys: [], truncated: false };
const EMPTY_IDS = new Int32Array(0);

interface Ranking extends Page {
  total: number;
  facets: SearchFacets;
}

/** One generation of the index; compaction builds a new one from the live documents. */
class Generation {
  readonly columns = new DocumentColumns();
  readonly index = new InvertedIndex();
  readonly byId = new Map<string, number>();
  readonly order = new IdOrder(this.columns.ids);
  readonly freshness = new FreshnessOrder(this.columns);
  readonly evaluator = new QueryEvaluator(this.index, () => this.columns.alive);
  dead = 0;
  all = new Int32Array(0);
  keys = new Float64Array(0);
}

/**
 * In-memory search engine over {@link SearchDocument}s: pure (no I/O, no
 * clock, no framework), synchronous, for one process. Feed it every document
 * with {@link upsert} and follow changes with {@link upsert}/{@link remove};
 * results always reflect exactly the current documents.
 */
export class SearchIndex {
  private readonly analyzer: Analyzer;
  private gen = new Generation();
  private readonly termCache = new Map<string, Int32Array>();
  private readonly parseCache = new Map<string, ParsedQuery>();
  private readonly texts = new SharedTexts();
  private changes = 0;

  constructor(options: SearchIndexOptions = {}) {
    this.analyzer = new Analyzer({
      dictionary: options.dictionary ?? DEFAULT_DICTIONARY,
      synonyms: options.synonyms === undefined ? DEFAULT_SYNONYMS : options.synonyms,
    });
  }

  /** A new index holding `docs`. */
  static from(docs: Iterable<SearchDocument>, options?: SearchIndexOptions): SearchIndex {
    const index = new SearchIndex(options);
    for (const doc of docs) index.upsert(doc);
    index.trim();
    return index;
  }

  get size(): number {
    return this.gen.byId.size;
  }

  /** Live documents everyone may find: the only size that may leave the process (Art. 2, 11). */
  get publicSize(): number {
    const { alive, isPublic, count } = this.gen.columns;
    let n = 0;
    for (let ord = 0; ord < count; ord++) if (alive[ord] === 1 && isPublic[ord] === 1) n++;
    return n;
  }

  /** Changes with every upsert and removal: a result computed at one version holds until the next. */
  get version(): number {
    return this.changes;
  }

  has(id: string): boolean {
    return this.gen.byId.has(id);
  }

  get(id: string): SearchDocument | undefined {
    const ord = this.gen.byId.get(id);
    return ord === undefined ? undefined : this.gen.columns.docs[ord];
  }

  /** Adds or replaces (by id) a document. Throws {@link SearchDocumentError} for a malformed one, leaving the index unchanged. */
  upsert(doc: SearchDocument): void {
    validateDocument(doc);
    const previous = this.gen.byId.get(doc.id);
    if (previous !== undefined) this.retire(previous);
    this.insert(this.texts.document(doc));
    this.changes++;
    this.compactIfWorthIt();
  }

  /** Removes a document; false if there was none with this id. */
  remove(id: string): boolean {
    const ord = this.gen.byId.get(id);
    if (ord === undefined) return false;
    this.retire(ord);
    this.gen.byId.delete(id);
    this.changes++;
    this.compactIfWorthIt();
    return true;
  }

  /** Rebuilds the index from the live documents, dropping everything replaced or removed. Runs by itself when worthwhile. */
  compact(): void {
    const { columns } = this.gen;
    const live: SearchDocument[] = [];
    for (let ord = 0; ord < columns.count; ord++) if (columns.alive[ord] === 1) live.push(columns.docs[ord]!);
    this.gen = new Generation();
    this.termCache.clear();
    for (const doc of live) this.insert(doc);
    this.trim();
  }

  /**
   * Gives back the room growable arrays keep for more documents (after
   * doubling, up to half of each: ~40 MB at 200,000 documents). Worth it
   * once a bulk load is over; later changes grow them again as needed.
   */
  trim(): void {
    this.gen.index.trim(this.gen.columns.count);
    this.gen.columns.trim();
  }

  stats(): SearchIndexStats {
    const { columns, index } = this.gen;
    return {
      documents: this.size,
      ordinals: columns.count,
      terms: index.terms.size,
      postings: index.postings.reduce((sum, list) => sum + list.length, 0),
    };
  }

  /** Runs a query. Throws {@link SearchQueryError} (and nothing else) for a query it cannot answer. */
  search(query: SearchQuery): SearchResult {
    const v = validateQuery(query);
    const { columns, index, evaluator } = this.gen;
    const parsed = v.q.trim() === '' ? NO_TEXT : this.parse(v.q);
    const hasText = parsed.clauses.length > 0;
    const sort: SearchSort = v.sort ?? (hasText ? 'relevance' : 'freshness');
    if (sort === 'distance' && v.near === null) throw new SearchQueryError('sort=distance needs near', 'sort');
    const queryPrint = fingerprint([
      v.q.slice(0, MAX_QUERY_CHARS),
      v.region,
      v.city,
      v.category,
      v.unitId,
      v.serviceMode,
      v.customsGated,
      v.feeMax,
      v.near,
      v.radiusKm,
      sort,
      v.viewerUnitId,
      v.seesAll,
    ]);
    if (v.cursor && (v.cursor.sort !== sort || v.cursor.query !== queryPrint)) {
      throw new SearchQueryError('cursor belongs to a different search; start again from the first page', 'cursor');
    }
    const scope = { seesAll: v.seesAll, unit: v.viewerUnitId === null ? -1 : columns.units.find(v.viewerUnitId) };
    const plan = new QueryPlanner(index, columns, scope).plan(parsed);
    index.refreshNormalisation(columns.count);

    const filter = new DocumentFilter(columns, v);
    const listed =
      !hasText && sort === 'freshness' && !v.cursor && filter.cellsOnly ? this.listNewest(filter, plan, v) : this.rank(hasText, plan, sort, filter, v);
    const { entries, more, total, facets } = listed;
    const last = entries[entries.length - 1];
    // Hits of one family share names: highlight each distinct text once.
    const marked = new Map<string, string | undefined>();
    const mark = (text: string | undefined) => {
      if (!text) return undefined;
      if (!marked.has(text)) marked.set(text, highlight(this.analyzer, text, plan.highlightTerms));
      return marked.get(text);
    };
    return {
      items: entries.map(({ ord }) => this.hit(ord, hitScore(ord, evaluator.score, plan, columns), filter, mark)),
      total,
      facets,
      sort,
      page: v.cursor ? null : v.page,
      pageSize: v.pageSize,
      nextCursor: more && last ? encodeCursor({ sort, key: Number.isFinite(last.key) ? last.key : null, id: columns.ids[last.ord], query: queryPrint }) : null,
      ignoredTerms: plan.ignored,
      truncated: parsed.truncated,
    };
  }

  /** Every match scored or keyed, counted into the facets, and the page cut from them. */
  private rank(hasText: boolean, plan: QueryPlan, sort: SearchSort, filter: DocumentFilter, v: ValidQuery): Ranking {
    const gen = this.gen;
    const { columns, evaluator } = gen;
    if (hasText && sort === 'relevance' && plan.clauses.length > 0 && !v.cursor) {
      const kept = plan.clauses.length === 1 ? evaluator.kept(plan.clauses[0], columns.count) : undefined;
      const ranked = kept && rankKept(kept, plan, filter, columns, gen.index, gen.order, v, this.keptScratch(keptCandidates(kept, plan, gen.index)));
      return ranked || rankRelevant(plan, evaluator, filter, columns, gen.index, gen.order, v);
    }
    let ords: Int32Array;
    let total: number;
    if (hasText) {
      const matched = plan.clauses.length > 0 ? evaluator.evaluate(plan.clauses, columns.count) : { ords: EMPTY_IDS, count: 0 };
      ords = matched.ords;
      total = filter.keep(ords, matched.count, ords);
    } else {
      ords = this.ordinalBuffer();
      total = filter.keep(null, columns.count, ords);
    }
    // Facets first: cutting the page reorders the candidates in place.
    const facets =
      !hasText && filter.policyOnly ? columns.visibleCounts(filter.seesAll, filter.viewerUnit).toFacets(columns) : countFacets(columns, ords, total);
    if (gen.keys.length < total) gen.keys = new Float64Array(Math.max(16, total * 2));
    sortKeys(sort, ords, total, evaluator.score, plan, columns, filter, gen.keys);
    gen.order.refresh(columns.count, columns.alive);
    return { ...cutPage(gen.keys, ords, total, gen.order, v), total, facets };
  }

  /**
   * A listing (no text) newest first, filtered on cell values only: total
   * and facets from the per-cell counts, the page from a walk of the
   * documents in freshness order that stops once it holds the page (plus
   * the documents added since that order was last brought up to date).
   * Exactly what {@link rank} answers, without reading every document.
   */
  private listNewest(filter: DocumentFilter, plan: QueryPlan, v: ValidQuery): Ranking {
    const gen = this.gen;
    const { columns, freshness } = gen;
    const { counts, total } = columns.cells.visible(columns, filter.passingCells, filter.seesAll, filter.viewerUnit);
    freshness.refresh();
    const need = v.page * v.pageSize;
    const ords = this.ordinalBuffer();
    const { ranked, through } = freshness;
    let n = 0;
    for (let i = 0; i < ranked.length && n < need; i++) if (filter.matches(ranked[i])) ords[n++] = ranked[i];
    for (let d = through; d < columns.count; d++) if (filter.matches(d)) ords[n++] = d;
    if (gen.keys.length < n) gen.keys = new Float64Array(Math.max(16, n * 2));
    sortKeys('freshness', ords, n, gen.evaluator.score, plan, columns, filter, gen.keys);
    gen.order.refresh(columns.count, columns.alive);
    const first = selectFirst(gen.keys, ords, n, need, gen.order);
    return { entries: first.slice((v.page - 1) * v.pageSize), more: total > need, total, facets: counts.toFacets(columns) };
  }

  /** Analysed query, from a small most-recently-used cache: popular searches repeat, and analysis allocates. */
  private parse(q: string): ParsedQuery {
    let parsed = this.parseCache.get(q);
    if (parsed) this.parseCache.delete(q);
    else {
      parsed = this.analyzer.parseQuery(q);
      if (this.parseCache.size >= PARSE_CACHE_LIMIT) this.parseCache.delete(this.parseCache.keys().next().value!);
    }
    this.parseCache.set(q, parsed);
    return parsed;
  }

  private hit(ord: number, score: number, filter: DocumentFilter, mark: (text: string | undefined) => string | undefined): SearchHit {
    const doc = this.gen.columns.docs[ord]!;
    const hit: SearchHit = { id: doc.id, score: Math.round(score * 1e6) / 1e6, highlights: {}, document: doc };
    const chord2 = filter.chord2(ord);
    if (!Number.isNaN(chord2)) hit.distanceKm = Math.round(chordSquaredToKm(chord2) * 1000) / 1000;
    for (const field of ['name', 'nameEn', 'model'] as const) {
      const marked = mark(doc[field]);
      if (marked !== undefined) hit.highlights[field] = marked;
    }
    return hit;
  }

  /** The reused candidate buffers, room for `size`. */
  private keptScratch(size: number): RankingScratch {
    const gen = this.gen;
    if (gen.keys.length < size) gen.keys = new Float64Array(Math.max(16, size * 2));
    const ords = this.ordinalBuffer();
    return { score: gen.evaluator.score, keys: gen.keys, ords: ords.length >= size ? ords : (gen.all = new Int32Array(size * 2)) };
  }

  private ordinalBuffer(): Int32Array {
    const gen = this.gen;
    if (gen.all.length < gen.columns.count) gen.all = new Int32Array(Math.max(16, gen.columns.count * 2));
    return gen.all;
  }

  private insert(doc: SearchDocument): void {
    const gen = this.gen;
    const modelKey = doc.model ? this.analyzer.modelKey(doc.model) : '';
    const modelTerm = modelKey ? gen.index.termId(modelKey) : -1;
    const ord = gen.columns.add(doc, modelTerm);
    gen.index.add(ord, this.fieldTerms(doc, modelTerm), doc.visibility === 'public');
    gen.byId.set(doc.id, ord);
  }

  private retire(ord: number): void {
    const gen = this.gen;
    const doc = gen.columns.docs[ord]!;
    gen.columns.retire(ord);
    gen.index.retire(ord, this.fieldTerms(doc, gen.columns.modelKey[ord]), doc.visibility === 'public', gen.columns.alive);
    gen.dead++;
  }

  private compactIfWorthIt(): void {
    if (this.gen.dead >= AUTO_COMPACT_MIN_DEAD && this.gen.dead > this.gen.byId.size) this.compact();
  }

  private fieldTerms(doc: SearchDocument, modelTerm: number): FieldTerms {
    const fields: Int32Array[][] = Array.from({ length: FIELD_COUNT }, () => []);
    fields[FIELD.name].push(this.termIds(doc.name), this.termIds(doc.nameEn));
    const model = this.termIds(doc.model);
    fields[FIELD.model].push(model);
    // The joined designation is what `regulus8100` or an exact-model query finds.
    if (modelTerm >= 0 && !model.includes(modelTerm)) fields[FIELD.model].push(Int32Array.of(modelTerm));
    fields[FIELD.category].push(this.termIds(doc.categoryName));
    fields[FIELD.manufacturer].push(this.termIds(doc.manufacturer));
    fields[FIELD.description].push(this.termIds(doc.description));
    return fields;
  }

  private termIds(text: string | undefined): Int32Array {
    if (!text) return EMPTY_IDS;
    let ids = this.termCache.get(text);
    if (ids === undefined) {
      const index = this.gen.index;
      ids = Int32Array.from(this.analyzer.terms(text), (t) => index.termId(t));
      if (this.termCache.size >= TERM_CACHE_LIMIT) this.termCache.clear();
      this.termCache.set(text, ids);
    }
    return ids;
  }
}
