import { Analyzer, MAX_QUERY_CHARS, type ParsedQuery } from './analyzer';
import { AnswerScope, ChangeJournal, type Concern, type PagePosition, type PlanEpochs } from './answer-scope';
import { encodeCursor, fingerprint } from './cursor';
import { DocumentColumns } from './document-columns';
import { DocumentFilter } from './document-filter';
import { SearchQueryError } from './errors';
import { chordSquaredToKm } from './geo';
import { highlight } from './highlight';
import { TermCells, emptyByCells } from './term-cells';
import { TermLeaders } from './term-leaders';
import { ListingOrder, type ListingSort } from './listing-order';
import { IdOrder } from './id-order';
import { FIELD, FIELD_COUNT, InvertedIndex, type FieldTerms } from './inverted-index';
import type { KeptClause } from './clause-match-cache';
import { rankKept, rankRelevant, type KeptRanking, type RankingScratch } from './relevance-ranking';
import { QueryEvaluator, TIE_BREAKER, lowerBound } from './query-evaluator';
import { QueryPlanner, type QueryPlan } from './query-plan';
import { cutPage, type Page } from './result-page';
import { EXACT_MODEL_BOOST, hitScore, sortKeys } from './sort-keys';
import { SharedTexts } from './shared-texts';
import { selectFirst, selectNearest, selectNearestByCity } from './top-k';
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
  /**
   * Share of the public documents added or retired after which idf's
   * statistics are taken again (default 0.05; 0: after every change, scores
   * always from the live counts). Until then a change moves no other
   * document's score, so kept answers it does not concern stay exact.
   */
  statisticsDrift?: number;
}

export interface SearchIndexStats {
  documents: number;
  /** Ordinals in use, including those of replaced or removed documents awaiting compaction. */
  ordinals: number;
  terms: number;
  postings: number;
}

/**
 * A bulk load (see {@link SearchIndex.load}): documents added to it replace
 * the index's whole content when it finishes.
 */
export interface SearchIndexLoad {
  /** Adds (or, for an id already added, replaces) a document. Throws {@link SearchDocumentError} for a malformed one, which is left out. */
  add(doc: SearchDocument): void;
  /** Puts the loaded documents in place of the index's content. */
  finish(): void;
}

const NO_TEXT: ParsedQuery = { clauses: [], modelKeys: [], truncated: false };
const EMPTY_IDS = new Int32Array(0);
const EMPTY_SCORES = new Float64Array(0);

interface Ranking extends Page {
  total: number;
  facets: SearchFacets;
}

/** Documents from which a load keeps the broad synonym families' matches ({@link SearchIndex.keepFamilies}). */
const KEEP_FAMILIES_FROM = 5_000;

/** One generation of the index; compaction builds a new one from the live documents. */
class Generation {
  readonly columns = new DocumentColumns();
  readonly index: InvertedIndex;
  readonly byId = new Map<string, number>();
  readonly order = new IdOrder(this.columns.ids);
  /** The listings' orders, for a page of a listing without reading every document ({@link SearchIndex.listInOrder}). */
  readonly listings: Record<ListingSort, ListingOrder> = {
    freshness: new ListingOrder(this.columns, this.order, 'freshness'),
    fee: new ListingOrder(this.columns, this.order, 'fee'),
  };
  readonly evaluator: QueryEvaluator;
  /** Broad terms' documents per facet cell, kept exact through changes once a question counted them. */
  readonly termCells = new TermCells();
  /** Broad terms' first postings in page order, taken when a question asks for the term alone. */
  readonly termLeaders = new TermLeaders();
  readonly journal: ChangeJournal;
  /** Whether any answer was computed from this generation: until then no kept answer needs its changes journaled. */
  answered = false;
  /** Term ids of field texts already analysed, in this generation's term numbering. */
  readonly termCache = new Map<string, Int32Array>();
  /** Term id of each model text's joined designation (-1 for none): catalogs repeat models too. */
  readonly modelTerms = new Map<string, number>();
  dead = 0;
  all = new Int32Array(0);
  keys = new Float64Array(0);
  /** What a listing walk took (see SearchIndex.walk). */
  walked = new Int32Array(0);
  /** Which ordinals a listing walk may take: those holding the current {@link stamp} (see SearchIndex.markMatches). */
  marks = new Int32Array(0);
  stamp = 0;

  constructor(statisticsDrift: number | undefined, version: number) {
    this.index = new InvertedIndex(statisticsDrift);
    this.evaluator = new QueryEvaluator(this.index, () => this.columns.alive);
    this.journal = new ChangeJournal(version);
  }

  /** Moves whenever a filter value is interned: a filter on a value unknown before matched nothing, and might now. */
  get filterValues(): number {
    const c = this.columns;
    return c.units.size + c.regions.size + c.cities.size + c.categories.size + c.categoryClasses.size + c.serviceModes.size;
  }
}

/**
 * In-memory search engine over {@link SearchDocument}s: pure (no I/O, no
 * clock, no framework), synchronous, for one process. Feed it every document
 * with {@link upsert} and follow changes with {@link upsert}/{@link remove};
 * results always reflect exactly the current documents.
 */
export class SearchIndex {
  private readonly analyzer: Analyzer;
  private readonly statisticsDrift?: number;
  private gen: Generation;
  /** A document's term ids by field, refilled for each document (read at once, before the next one's): no arrays left behind a document. */
  private readonly fields: Int32Array[][] = Array.from({ length: FIELD_COUNT }, () => []);
  private readonly modelOnly = new Int32Array(1);
  private readonly parseCache = new Map<string, ParsedQuery>();
  private readonly texts = new SharedTexts();
  /**
   * How many times {@link unaffected} found a kept answer no longer exact,
   * by cause: plain counts (no log), read by /metrics and the churn figures
   * of bench:search to tell which changes drop the kept answers.
   */
  readonly concerns: Record<Concern, number> = {
    generation: 0,
    statistics: 0,
    vocabulary: 0,
    filterValues: 0,
    journal: 0,
    matches: 0,
    facetCell: 0,
    noPage: 0,
    onPage: 0,
    beforePage: 0,
    ontoPage: 0,
  };
  private changes = 0;
  private compactions = 0;
  /** Every word of every synonym family: what {@link keepFamilies} plans. */
  private readonly familyWords: readonly string[];

  constructor(options: SearchIndexOptions = {}) {
    const synonyms = options.synonyms === undefined ? DEFAULT_SYNONYMS : options.synonyms;
    this.analyzer = new Analyzer({ dictionary: options.dictionary ?? DEFAULT_DICTIONARY, synonyms });
    this.familyWords = synonyms ? [...synonyms.groups.flatMap((g) => g.terms), ...synonyms.spellings.flat()] : [];
    this.statisticsDrift = options.statisticsDrift;
    this.gen = new Generation(this.statisticsDrift, 0);
  }

  /** A new index holding `docs`. */
  static from(docs: Iterable<SearchDocument>, options?: SearchIndexOptions): SearchIndex {
    const index = new SearchIndex(options);
    const load = index.load();
    for (const doc of docs) load.add(doc);
    load.finish();
    return index;
  }

  /**
   * Starts a bulk load: the initial load of many documents, several times
   * faster than as many upserts and without their garbage (each posting list
   * is written once, at its final size, instead of doubling as it grows).
   * Searches answer from the content before the load until {@link
   * SearchIndexLoad.finish}; changes made meanwhile are replaced by the
   * loaded documents.
   */
  load(): SearchIndexLoad {
    const gen = new Generation(this.statisticsDrift, this.changes);
    let added = 0;
    let finished = false;
    let highest: string | undefined;
    return {
      add: (doc) => {
        if (finished) throw new Error('this load has finished');
        validateDocument(doc);
        const modes = gen.columns.modeMask(doc);
        // Above every id loaded so far (the full read comes in id order), it cannot be one of them: no
        // lookup among a million ids for each document (a tenth of the page's indexing at 1,000,000).
        const unseen = highest === undefined || doc.id > highest;
        if (unseen) highest = doc.id;
        this.insert(gen, this.texts.document(doc), true, unseen, modes);
        added++;
      },
      finish: () => {
        if (finished) return;
        finished = true;
        this.install(gen);
        this.changes += Math.max(1, added);
      },
    };
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

  /** Moves with every compaction: scopes of answers from an earlier generation hold all of it in memory. */
  get generation(): number {
    return this.compactions;
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
    return ord === undefined ? undefined : this.gen.columns.document(ord);
  }

  /** Adds or replaces (by id) a document. Throws {@link SearchDocumentError} for a malformed one, leaving the index unchanged. */
  upsert(doc: SearchDocument): void {
    validateDocument(doc);
    const modes = this.gen.columns.modeMask(doc);
    const previous = this.gen.byId.get(doc.id);
    if (previous !== undefined) this.retire(previous);
    this.insert(this.gen, this.texts.document(doc), false, false, modes);
    this.changed();
  }

  /** Removes a document; false if there was none with this id. */
  remove(id: string): boolean {
    const ord = this.gen.byId.get(id);
    if (ord === undefined) return false;
    this.retire(ord);
    this.gen.byId.delete(id);
    this.changed();
    return true;
  }

  /**
   * Whether no change since index `version` concerns an answer computed
   * then with `scope` ({@link answer}): same generation and plan epoch, and
   * none of the document versions retired or added since passes the
   * answer's clauses and filters. Then a search now answers exactly the same.
   */
  unaffected(scope: AnswerScope, version: number): boolean {
    const concern = this.concern(scope, version);
    if (concern === undefined) return true;
    this.concerns[concern]++;
    return false;
  }

  /** Why a search now might not answer as the one that kept `scope` at `version` did (see {@link Concern}); undefined: it answers the same. */
  private concern(scope: AnswerScope, version: number): Concern | undefined {
    const gen = this.gen;
    if (version >= this.changes) return undefined;
    if (scope.generation !== gen) return 'generation';
    const { epochs } = scope;
    if (epochs.statistics !== gen.index.statistics) return 'statistics';
    if (epochs.filterValues !== gen.filterValues) return 'filterValues';
    if (epochs.vocabulary !== gen.index.vocabulary) {
      // A word became findable or unfindable somewhere (a partner's new description brings new words all
      // the time): it concerns only the answers whose query it plans differently (an ignored word now
      // found, a typo corrected to another word, a character matching another bigram). With the same plan
      // and statistics, only the documents changed since can alter the answer: the journal says which.
      if (epochs.replan() !== epochs.plan) return 'vocabulary';
      epochs.vocabulary = gen.index.vocabulary;
    }
    return gen.journal.concern(scope, version);
  }

  /** The statistics epochs and vocabulary moves of the current generation, and the generations so far: what a churn run's figures set beside the concerns. */
  get epochs(): { generation: number; statistics: number; vocabulary: number } {
    const { index } = this.gen;
    return { generation: this.compactions, statistics: index.statistics, vocabulary: index.vocabulary };
  }

  /** Rebuilds the index from the live documents, dropping everything replaced or removed. Runs by itself when worthwhile. */
  compact(): void {
    const { columns } = this.gen;
    const gen = new Generation(this.statisticsDrift, this.changes);
    // The live documents' ids are distinct: none repeats one inserted before it.
    for (let ord = 0; ord < columns.count; ord++) {
      if (columns.alive[ord] === 0) continue;
      const doc = columns.document(ord);
      this.insert(gen, doc, true, true, gen.columns.modeMask(doc));
    }
    this.install(gen);
    // Scores may differ from the old generation's (statistics retaken): nothing kept at this version is current.
    this.changes++;
  }

  /**
   * Gives back the room growable arrays keep for more documents (after
   * doubling, up to half of each: ~40 MB at 200,000 documents). Worth it
   * once a bulk load is over; later changes grow them again as needed.
   */
  trim(): void {
    this.gen.index.trim(this.gen.columns.count);
    this.gen.columns.trim();
    // A bulk load is over: scores from its exact statistics, so answers kept at this version are no longer current.
    this.gen.index.refreshStatistics(this.gen.columns.count, true);
    this.changes++;
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
    return this.answer(query).result;
  }

  /** {@link search}, with the scope of its answer: what {@link unaffected} checks changes against. */
  answer(query: SearchQuery): { result: SearchResult; scope: AnswerScope } {
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

    const filter = new DocumentFilter(columns, v);
    const listed =
      !hasText && (sort === 'freshness' || sort === 'fee') && !v.cursor && (filter.cellsOnly || filter.cellsAndFeeCap)
        ? this.listInOrder(sort, filter, plan, v)
        : this.rank(hasText, plan, sort, filter, v);
    const { entries, more, total, facets } = listed;
    const last = entries[entries.length - 1];
    // Hits of one family share names: highlight each distinct text once.
    const marked = new Map<string, string | undefined>();
    const mark = (text: string | undefined) => {
      if (!text) return undefined;
      if (!marked.has(text)) marked.set(text, highlight(this.analyzer, text, plan.highlightTerms));
      return marked.get(text);
    };
    const clauses = hasText ? (plan.clauses.length > 0 ? plan.clauses.map((c) => c.alternatives.map((alt) => Int32Array.from(alt.terms).sort())) : null) : [];
    const result: SearchResult = {
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
    this.gen.answered = true;
    const position: PagePosition | undefined =
      entries.length === v.pageSize && last
        ? {
            ords: Int32Array.from(entries, (e) => e.ord),
            cutKey: last.key,
            first: !v.cursor && v.page === 1,
            keyBound: this.keyBound(sort, plan, filter),
            sameKey: this.sameKey(sort, plan, filter),
            columns,
          }
        : undefined;
    const gen = this.gen;
    const epochs: PlanEpochs = {
      statistics: index.statistics,
      filterValues: gen.filterValues,
      vocabulary: index.vocabulary,
      plan: planPrint(plan),
      // Only asked while `gen` is still the generation searched (SearchIndex.concern checks it first).
      replan: () => planPrint(new QueryPlanner(gen.index, gen.columns, scope).plan(parsed)),
    };
    return { result, scope: new AnswerScope(gen, epochs, clauses, filter, position) };
  }

  /**
   * Whether two versions of a document certainly sort with the same key:
   * the same column value, or for relevance the same alternatives matched
   * with the same posting weights (the same sums in the same order), and
   * the same exact-model boost. False when a retired version's postings are
   * already compacted away.
   */
  private sameKey(sort: SearchSort, plan: QueryPlan, filter: DocumentFilter): (a: number, aTerms: Int32Array, b: number, bTerms: Int32Array) => boolean {
    const { columns, index } = this.gen;
    const same = (x: number, y: number) => x === y || (Number.isNaN(x) && Number.isNaN(y));
    if (sort === 'distance') return (a, _, b) => same(filter.chord2(a), filter.chord2(b));
    if (sort === 'fee') return (a, _, b) => same(columns.fee[a], columns.fee[b]);
    if (sort === 'freshness') return (a, _, b) => same(columns.updated[a], columns.updated[b]);
    const weightOf = postingWeight(index);
    return (a, aTerms, b, bTerms) => {
      if (plan.modelKeys.has(columns.modelKey[a]) !== plan.modelKeys.has(columns.modelKey[b])) return false;
      for (const clause of plan.clauses) {
        for (const alt of clause.alternatives) {
          const inA = alt.terms.every((t) => hasTerm(aTerms, t));
          if (inA !== alt.terms.every((t) => hasTerm(bTerms, t))) return false;
          // NaN (no posting) never equals: unknown counts as different.
          if (inA && !alt.terms.every((t) => weightOf(t, a) === weightOf(t, b))) return false;
        }
      }
      return true;
    };
  }

  /**
   * A lower bound of a document version's sort key (alive or retired), for
   * telling whether a change lands after a kept page: the column's value, or
   * for relevance its score as the evaluator sums it (each clause its best
   * matching alternative plus {@link TIE_BREAKER} of the others), a little
   * more for the rounding of the evaluator's single-precision sums. -∞ when a
   * retired version's postings are already compacted away. (Summing every
   * alternative whole, as this once did, nearly doubled a synonym family's
   * bound: a partner's rewrite of any family record then seemed to reach
   * every family page, the most common concern under the bench's churn.)
   */
  private keyBound(sort: SearchSort, plan: QueryPlan, filter: DocumentFilter): (ord: number, terms: Int32Array) => number {
    const { columns, index } = this.gen;
    const orLast = (key: number) => (Number.isNaN(key) ? Number.POSITIVE_INFINITY : key);
    if (sort === 'distance') return (ord) => orLast(filter.chord2(ord));
    if (sort === 'fee') return (ord) => orLast(columns.fee[ord]);
    if (sort === 'freshness') return (ord) => orLast(-columns.updated[ord]);
    if (plan.clauses.length === 0) return () => Number.NEGATIVE_INFINITY;
    const weightOf = postingWeight(index);
    return (ord, terms) => {
      let bound = plan.modelKeys.has(columns.modelKey[ord]) ? EXACT_MODEL_BOOST : 0;
      for (const clause of plan.clauses) {
        let best = 0;
        let all = 0;
        for (const alt of clause.alternatives) {
          if (!alt.terms.every((t) => hasTerm(terms, t))) continue;
          let sum = 0;
          for (let i = 0; i < alt.terms.length; i++) {
            const weight = weightOf(alt.terms[i], ord);
            if (Number.isNaN(weight)) return Number.NEGATIVE_INFINITY;
            sum += alt.idf[i] * weight;
          }
          const score = (alt.weight / alt.terms.length) * sum;
          all += score;
          if (score > best) best = score;
        }
        bound += best + TIE_BREAKER * (all - best);
      }
      return -(bound * (1 + 1e-6) + 1e-9);
    };
  }

  /**
   * Every match scored or keyed, counted into the facets, and the page cut
   * from them; a page of text by number nearest first in one pass over the
   * matches (filter, chord, facet cell and heap together).
   */
  private rank(hasText: boolean, plan: QueryPlan, sort: SearchSort, filter: DocumentFilter, v: ValidQuery): Ranking {
    const gen = this.gen;
    const { columns, evaluator } = gen;
    if (hasText && !v.cursor && plan.clauses.length > 0 && emptyByCells(plan, filter, columns, gen.termCells))
      return { entries: [], more: false, total: 0, facets: columns.cells.counted(columns).toFacets(columns) };
    if (hasText && sort === 'relevance' && plan.clauses.length > 0 && !v.cursor) {
      const terms = { cells: gen.termCells, leaders: gen.termLeaders };
      if (plan.clauses.length > 1) {
        const text = evaluator.keptText(plan.clauses, columns.count, filter.policyOnly);
        // Evaluated just now (kept, or too broad to keep): one pass over the matches answers this question; their order and counts pay from the next.
        const ranked = text && !text.now && this.rankKept(text.matches, plan, filter, v);
        return ranked || rankRelevant(plan, evaluator, filter, columns, gen.index, gen.order, v, terms, text?.matches);
      }
      const kept = evaluator.kept(plan.clauses[0], columns.count);
      return (kept && this.rankKept(kept, plan, filter, v)) || rankRelevant(plan, evaluator, filter, columns, gen.index, gen.order, v, terms);
    }
    if (sort === 'distance' && !v.cursor && !hasText && filter.radiusOnCells) {
      const need = v.page * v.pageSize;
      gen.order.refresh(columns.count, columns.alive);
      const { entries, total, counts } = selectNearestByCity(columns, filter, need, gen.order);
      return { entries: entries.slice((v.page - 1) * v.pageSize), more: total > need, total, facets: counts.toFacets(columns) };
    }
    if (sort === 'distance' && !v.cursor) {
      // Without text every document is a candidate: read in ordinal order, no list of them made first.
      const matched = !hasText
        ? { ords: null, scores: null, count: columns.count }
        : plan.clauses.length > 0
          ? evaluator.evaluate(plan.clauses, columns.count, filter.policyOnly ? undefined : filter, true)
          : { ords: EMPTY_IDS, scores: EMPTY_SCORES, count: 0 };
      const need = v.page * v.pageSize;
      gen.order.refresh(columns.count, columns.alive);
      const { entries, total } = selectNearest(
        matched.ords,
        matched.scores,
        evaluator.scores(columns.count),
        matched.count,
        filter,
        { state: columns.state, cellCounts: columns.cells.tallies },
        need,
        gen.order,
      );
      return { entries: entries.slice((v.page - 1) * v.pageSize), more: total > need, total, facets: columns.cells.counted(columns).toFacets(columns) };
    }
    // Facets counted as the matches are kept, but for a listing without filters: its counts are kept per cell.
    const fromCells = !hasText && filter.policyOnly;
    const tallies = fromCells ? null : columns.cells.tallies;
    let ords: Int32Array;
    let total: number;
    if (hasText) {
      const matched =
        plan.clauses.length > 0
          ? evaluator.evaluate(plan.clauses, columns.count, filter.policyOnly ? undefined : filter)
          : { ords: EMPTY_IDS, count: 0, admitted: false };
      ords = matched.ords;
      if (!matched.admitted) total = filter.keep(ords, matched.count, ords, tallies);
      else {
        total = matched.count;
        columns.cells.tallyEach(columns, ords, total);
      }
    } else {
      ords = this.ordinalBuffer();
      total = filter.keep(null, columns.count, ords, tallies);
    }
    const facets = (fromCells ? columns.visibleCounts(filter.seesAll, filter.viewerUnit) : columns.cells.counted(columns)).toFacets(columns);
    if ((sort === 'freshness' || sort === 'fee') && !v.cursor) {
      const walked = this.walkMatches(sort, hasText ? ords : null, total, filter, plan, v);
      if (walked) return { ...walked, total, facets };
    }
    if (gen.keys.length < total) gen.keys = new Float64Array(Math.max(16, total * 2));
    sortKeys(sort, ords, total, evaluator.score, plan, columns, filter, gen.keys);
    gen.order.refresh(columns.count, columns.alive);
    return { ...cutPage(gen.keys, ords, total, gen.order, v), total, facets };
  }

  /**
   * A listing (no text) newest first or cheapest first, filtered on cell
   * values and perhaps a fee cap only: total and facets from the per-cell
   * counts (with a cap, each cell's fees in order), the page from a walk of
   * the documents in that listing's order that stops once it holds the page
   * (plus the documents added since that order was last brought up to date).
   * Newest first under a cap that few documents meet, the walk would read
   * about page × documents / matches positions: every match lies in the
   * cheapest-first order's stretch under the cap, read whole instead when
   * that is shorter. Exactly what {@link rank} answers, without reading every
   * document.
   */
  private listInOrder(sort: ListingSort, filter: DocumentFilter, plan: QueryPlan, v: ValidQuery): Ranking {
    const { columns } = this.gen;
    const { passingCells, seesAll, viewerUnit } = filter;
    const { counts, total, underCap } = filter.cellsOnly
      ? { ...columns.cells.visible(columns, passingCells, seesAll, viewerUnit), underCap: Number.POSITIVE_INFINITY }
      : columns.cells.visibleUnderFee(columns, passingCells, seesAll, viewerUnit, filter.feeCap);
    const need = v.page * v.pageSize;
    const page =
      sort === 'freshness' && total > 0 && need * columns.count > total * underCap
        ? this.underCap(filter, plan, v, total)
        : // Unbounded, a walk always ends with its page.
          this.walk(sort, null, filter, plan, v, total, Number.POSITIVE_INFINITY)!;
    return { ...page, total, facets: counts.toFacets(columns) };
  }

  /**
   * The newest-first page of the `total` documents `filter` passes, read from
   * the cheapest-first order's stretch under `filter`'s fee cap (and the
   * documents added since that order was last brought up to date).
   */
  private underCap(filter: DocumentFilter, plan: QueryPlan, v: ValidQuery, total: number): Page {
    const gen = this.gen;
    const { columns } = gen;
    const listing = gen.listings.fee;
    listing.refresh();
    const { ranked, through } = listing;
    const ords = this.walkBuffer(total);
    const { fee } = columns;
    const cap = filter.feeCap;
    let n = 0;
    // Ascending fees, no fee last: the first above the cap ends the stretch (a retired ordinal keeps its fee and place).
    for (let i = 0; i < ranked.length && fee[ranked[i]] <= cap; i++) if (filter.matches(ranked[i])) ords[n++] = ranked[i];
    for (let d = through; d < columns.count; d++) if (filter.matches(d)) ords[n++] = d;
    return this.firstOf('freshness', ords, n, total, filter, plan, v);
  }

  /** {@link Generation.walked}, with room for `size` ordinals. */
  private walkBuffer(size: number): Int32Array {
    const gen = this.gen;
    if (gen.walked.length < size) gen.walked = new Int32Array(Math.max(16, size * 2));
    return gen.walked;
  }

  /**
   * The page of `total` matches newest first or cheapest first from a walk
   * in that listing's order, once they are counted: the text's matches
   * (`matched`, which it leaves as they are) or, without text, the documents
   * the filter passes. Keying every match and heaping them costs a pass
   * over all of them; the walk reads about page × documents / matches
   * positions. Undefined when that is more than the matches (few of them:
   * keying them costs less), for a text cheapest first, and when the walk
   * gives up.
   */
  private walkMatches(sort: ListingSort, matched: Int32Array | null, total: number, filter: DocumentFilter, plan: QueryPlan, v: ValidQuery): Page | undefined {
    const gen = this.gen;
    const need = v.page * v.pageSize;
    if (total === 0 || need * gen.columns.count > total * total) return undefined;
    // A text names a kind of instrument, and a kind's fees lie together (all dear, say): its matches sit in one stretch
    // of the fee order, and walks gave up often enough to cost more than they saved (1,000,000 documents: 299 → 314 ms
    // over 207 questions). Dates do not follow the kind.
    if (matched !== null && sort === 'fee') return undefined;
    // Matches can still cluster far down the order (a unit's or a region's records all old): past half as many
    // positions as there are matches, the walk gives up for keying them.
    const budget = total / 2;
    if (matched !== null) this.markMatches(matched, total);
    return this.walk(sort, matched === null ? null : gen.marks, filter, plan, v, total, budget);
  }

  /**
   * The first `page × pageSize` of the documents marked in `marks` with its
   * current stamp (see {@link markMatches}), or without marks those `filter`
   * passes (of `total`) in a listing's order: a walk of the ordered documents that
   * stops once it holds them, plus the documents added since that order was
   * last brought up to date, then keyed and cut as {@link rank} cuts a page.
   * Undefined when `budget` positions of the order did not hold them.
   */
  private walk(
    sort: ListingSort,
    marks: Int32Array | null,
    filter: DocumentFilter,
    plan: QueryPlan,
    v: ValidQuery,
    total: number,
    budget: number,
  ): Page | undefined {
    const gen = this.gen;
    const { columns } = gen;
    const listing = gen.listings[sort];
    listing.refresh();
    const need = v.page * v.pageSize;
    const { ranked, through } = listing;
    // Not the ordinal buffer: without text it holds the matches, which keying reads when the walk gives up.
    const ords = this.walkBuffer(need + columns.count - through);
    const end = Math.min(ranked.length, budget);
    // Every match found (fewer than a page): the rest of the order holds none.
    const enough = Math.min(need, total);
    // One loop, no predicate passed in: a call site that met both would stop being inlined.
    const stamp = gen.stamp;
    const passes = (d: number) => (marks !== null ? marks[d] === stamp : filter.matches(d));
    let n = 0;
    let i = 0;
    for (; i < end && n < enough; i++) if (passes(ranked[i])) ords[n++] = ranked[i];
    if (n < enough && i < ranked.length) return undefined;
    if (n < total) for (let d = through; d < columns.count; d++) if (passes(d)) ords[n++] = d;
    return this.firstOf(sort, ords, n, total, filter, plan, v);
  }

  /** The page `v` asks for of `total` matches, among which the `n` in `ords` are the first in `sort`'s order: keyed and cut. */
  private firstOf(sort: ListingSort, ords: Int32Array, n: number, total: number, filter: DocumentFilter, plan: QueryPlan, v: ValidQuery): Page {
    const gen = this.gen;
    const { columns } = gen;
    const need = v.page * v.pageSize;
    if (gen.keys.length < n) gen.keys = new Float64Array(Math.max(16, n * 2));
    sortKeys(sort, ords, n, gen.evaluator.score, plan, columns, filter, gen.keys);
    gen.order.refresh(columns.count, columns.alive);
    const first = selectFirst(gen.keys, ords, n, need, gen.order);
    return { entries: first.slice((v.page - 1) * v.pageSize), more: total > need };
  }

  /** Marks `ords[0..count)` with a new stamp, {@link Generation.stamp}: no other ordinal holds it. */
  private markMatches(ords: Int32Array, count: number): void {
    const gen = this.gen;
    if (gen.marks.length < gen.columns.count) {
      gen.marks = new Int32Array(Math.max(16, gen.columns.count * 2));
      gen.stamp = 0;
    }
    if (gen.stamp === 0x7fffffff) {
      gen.marks.fill(0);
      gen.stamp = 0;
    }
    const stamp = ++gen.stamp;
    const marks = gen.marks;
    for (let i = 0; i < count; i++) marks[ords[i]] = stamp;
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
    const doc = this.gen.columns.document(ord);
    const hit: SearchHit = { id: doc.id, score: Math.round(score * 1e6) / 1e6, highlights: {}, document: doc };
    const chord2 = filter.chord2(ord);
    if (!Number.isNaN(chord2)) hit.distanceKm = Math.round(chordSquaredToKm(chord2) * 1000) / 1000;
    for (const field of ['name', 'nameEn', 'model'] as const) {
      const marked = mark(doc[field]);
      if (marked !== undefined) hit.highlights[field] = marked;
    }
    return hit;
  }

  /** {@link rankKept} of kept matches (a clause's or a text's) against this generation, in the reused buffers. */
  private rankKept(kept: KeptClause, plan: QueryPlan, filter: DocumentFilter, v: ValidQuery): KeptRanking | undefined {
    const gen = this.gen;
    // Exact-model matches and the walked ones are each kept matches, and none is both: room for every kept match is enough.
    return rankKept(kept, plan, filter, gen.columns, gen.order, v, this.keptScratch(kept.count));
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

  /**
   * Adds a document to `gen`, replacing one with its id; `staged`: into a bulk load's generation, whose
   * postings wait for {@link install}, and `unseen`: known to have no earlier version there. `modes` is its
   * {@link DocumentColumns.modeMask}, which callers take before anything changes.
   */
  private insert(gen: Generation, doc: SearchDocument, staged: boolean, unseen: boolean, modes: number): void {
    const isPublic = doc.visibility === 'public';
    const modelTerm = doc.model ? this.modelTerm(gen, doc.model) : -1;
    if (staged && !unseen) {
      const previous = gen.byId.get(doc.id);
      if (previous !== undefined) {
        const wasPublic = gen.columns.isPublic[previous] === 1;
        gen.columns.retire(previous);
        gen.index.unstage(previous, wasPublic);
        gen.dead++;
      }
    }
    const ord = gen.columns.add(doc, modelTerm, modes);
    const fields = this.fieldTerms(gen, doc, modelTerm);
    if (staged) gen.index.stage(ord, fields, isPublic);
    else {
      gen.index.add(ord, fields, isPublic);
      gen.termCells.change(gen.index.lastTouched, ord, gen.columns, 1);
    }
    gen.byId.set(doc.id, ord);
    if (gen.answered) gen.journal.record(this.changes + 1, ord, gen.index.lastTerms(), false);
  }

  /** Writes a bulk load's postings and makes `gen` the one searches read. */
  private install(gen: Generation): void {
    gen.index.finishLoad(gen.columns.alive, gen.columns.isPublic);
    gen.columns.trim();
    // A load is over: scores from its exact statistics.
    gen.index.refreshStatistics(gen.columns.count, true);
    // Part of the load, not of its first listing or tie (hundreds of ms at 200,000 documents).
    gen.order.refresh(gen.columns.count, gen.columns.alive);
    gen.listings.freshness.refresh();
    gen.listings.fee.refresh();
    this.keepFamilies(gen);
    this.gen = gen;
    // Kept answers' scopes hold the old generation: a new one empties the caches (answer-validity.ts).
    this.compactions++;
  }

  /**
   * Keeps the broad synonym families' matches (largest first, as many as the
   * clause cache holds without dropping any), as a public search plans them:
   * a family's first queries then start from its kept matches instead of
   * evaluating it. Each word of a family is a clause of its own (the word
   * typed weighs more than its synonyms); words that plan alike are kept once.
   */
  private keepFamilies(gen: Generation): void {
    // Below this a family's first evaluation costs less than planning every family word at each load (20-60 ms).
    if (gen.columns.count < KEEP_FAMILIES_FROM) return;
    const planner = new QueryPlanner(gen.index, gen.columns, { seesAll: false, unit: -1 });
    const clauses = this.familyWords.map((word) => planner.plan(this.analyzer.parseQuery(word)).clauses).filter((c) => c.length === 1);
    for (const [clause] of clauses.sort(([a], [b]) => b.cost - a.cost)) gen.evaluator.keep(clause, gen.columns.count);
  }

  private retire(ord: number): void {
    const gen = this.gen;
    const doc = gen.columns.document(ord);
    gen.columns.retire(ord);
    gen.index.retire(ord, this.fieldTerms(gen, doc, gen.columns.modelKey[ord]), doc.visibility === 'public', gen.columns.alive);
    gen.termCells.change(gen.index.lastTouched, ord, gen.columns, -1);
    gen.dead++;
    if (gen.answered) gen.journal.record(this.changes + 1, ord, gen.index.lastTerms(), true);
  }

  /** Counts one change, then takes the statistics again if they drifted (never in a search: answers must know their epoch). */
  private changed(): void {
    this.gen.index.settleVocabulary();
    this.changes++;
    this.compactIfWorthIt();
    this.gen.index.refreshStatistics(this.gen.columns.count);
  }

  private compactIfWorthIt(): void {
    if (this.gen.dead >= AUTO_COMPACT_MIN_DEAD && this.gen.dead > this.gen.byId.size) this.compact();
  }

  /** Valid until the next call. */
  private fieldTerms(gen: Generation, doc: SearchDocument, modelTerm: number): FieldTerms {
    const fields = this.fields;
    for (const field of fields) field.length = 0;
    fields[FIELD.name].push(this.termIds(gen, doc.name), this.termIds(gen, doc.nameEn));
    const model = this.termIds(gen, doc.model);
    fields[FIELD.model].push(model);
    // The joined designation is what `regulus8100` or an exact-model query finds.
    if (modelTerm >= 0 && !model.includes(modelTerm)) {
      this.modelOnly[0] = modelTerm;
      fields[FIELD.model].push(this.modelOnly);
    }
    fields[FIELD.category].push(this.termIds(gen, doc.categoryName));
    fields[FIELD.manufacturer].push(this.termIds(gen, doc.manufacturer));
    fields[FIELD.description].push(this.termIds(gen, doc.description));
    return fields;
  }

  private modelTerm(gen: Generation, model: string): number {
    let term = gen.modelTerms.get(model);
    if (term === undefined) {
      const key = this.analyzer.modelKey(model);
      term = key ? gen.index.termId(key) : -1;
      if (gen.modelTerms.size >= TERM_CACHE_LIMIT) gen.modelTerms.clear();
      gen.modelTerms.set(model, term);
    }
    return term;
  }

  private termIds(gen: Generation, text: string | undefined): Int32Array {
    if (!text) return EMPTY_IDS;
    const cache = gen.termCache;
    let ids = cache.get(text);
    if (ids === undefined) {
      const index = gen.index;
      ids = Int32Array.from(this.analyzer.terms(text), (t) => index.termId(t));
      if (cache.size >= TERM_CACHE_LIMIT) cache.clear();
      cache.set(text, ids);
    }
    return ids;
  }
}

/** The posting weight of term `t` in document version `ord`, NaN when it has none (or it was compacted away). */
function postingWeight(index: InvertedIndex): (t: number, ord: number) => number {
  return (t, ord) => {
    const list = index.postings[t];
    const at = lowerBound(list.docs, list.length, ord);
    return at < list.length && list.docs[at] === ord ? list.weights[at] : NaN;
  };
}

function hasTerm(sorted: Int32Array, t: number): boolean {
  const at = lowerBound(sorted, sorted.length, t);
  return at < sorted.length && sorted[at] === t;
}

/**
 * Everything of a plan an answer depends on, in the plan's own order: each
 * clause's label and alternatives (term ids, idf, weight), the ignored words
 * and the exact-model designations. Equal prints plan a query the same.
 */
function planPrint(plan: QueryPlan): string {
  return JSON.stringify([plan.clauses.map((c) => [c.label, c.alternatives.map((a) => [a.terms, a.idf, a.weight])]), plan.ignored, [...plan.modelKeys]]);
}
