/**
 * `@app/search`: the in-memory, policy-aware search engine over instrument
 * records, in Chinese and English, and the replica's wiring of it.
 *
 * The engine (this folder's top level) is pure: no I/O, no framework, no
 * configuration; the caller maps its records to {@link SearchDocument}s,
 * feeds the index and turns {@link SearchQueryError} into a 400. The Nest
 * wiring (index built from PostgreSQL, change feed, HTTP) lives in the
 * `indexing/`, `infrastructure/`, `use-cases/` and `http/` folders.
 */
export { SearchIndex, type SearchIndexOptions, type SearchIndexStats } from './search-index';
export { EXACT_MODEL_BOOST } from './sort-keys';
export { SearchQueryError, SearchDocumentError } from './errors';
export {
  SEARCH_SORTS,
  type FacetBucket,
  type GeoPoint,
  type SearchDocument,
  type SearchFacets,
  type SearchHighlights,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
  type SearchSort,
  type SearchViewer,
  type Visibility,
} from './types';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_RESULT_WINDOW } from './validate-query';
export { MAX_QUERY_CHARS, MAX_QUERY_CLAUSES, Analyzer, type AnalyzerOptions, type ParsedQuery } from './analyzer';
export { DEFAULT_DICTIONARY, DEFAULT_SYNONYMS, parseDictionary, parseSynonymTable, type SynonymGroup, type SynonymTable } from './synonyms';
export { foldText } from './normalize';
export { haversineKm } from './geo';

// Wiring: this replica's index of the catalog and its HTTP search.
export { SearchModule } from './search.module';
export { toDocument } from './indexing/catalog-index.service';
