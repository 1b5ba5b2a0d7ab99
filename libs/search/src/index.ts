/**
 * `@app/search`: the in-memory, policy-aware search engine over instrument
 * records, in Chinese and English, and the replica's wiring of it.
 *
 * The engine (`engine/`) is pure: no I/O, no framework, no
 * configuration; the caller maps its records to {@link SearchDocument}s,
 * feeds the index and turns {@link SearchQueryError} into a 400. The Nest
 * wiring (index built from PostgreSQL, change feed, HTTP) lives in the
 * `indexing/`, `infrastructure/`, `use-cases/` and `http/` folders.
 */
export { SearchIndex, type SearchIndexOptions, type SearchIndexStats } from './engine/search-index';
export { EXACT_MODEL_BOOST } from './engine/sort-keys';
export { SearchQueryError, SearchDocumentError } from './engine/errors';
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
} from './engine/types';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_RESULT_WINDOW } from './engine/validate-query';
export { MAX_QUERY_CHARS, MAX_QUERY_CLAUSES, Analyzer, type AnalyzerOptions, type ParsedQuery } from './engine/analyzer';
export { DEFAULT_DICTIONARY, DEFAULT_SYNONYMS, parseDictionary, parseSynonymTable, type SynonymGroup, type SynonymTable } from './engine/synonyms';
export { foldText } from './engine/normalize';
export { haversineKm } from './engine/geo';

// Wiring: this replica's index of the catalog and its HTTP search.
export { SearchModule } from './search.module';
export { toDocument } from './indexing/catalog-index.service';
