/** A point in WGS-84 degrees. */
export interface GeoPoint {
  lat: number;
  lon: number;
}

/**
 * `unit`: confidential or exempted (Art. 2, 11); only members of `unitId`
 * (and viewers who see everything) may find it, and it never counts in
 * anybody else's totals or facets.
 */
export type Visibility = 'public' | 'unit';

/** The flat record the engine indexes; the caller maps its instruments to it. Treat as immutable once indexed. */
export interface SearchDocument {
  id: string;
  name: string;
  nameEn?: string;
  model?: string;
  manufacturer?: string;
  /** National classification code (`0101`); filtered by prefix. */
  categoryCode: string;
  /** Display name of the category, searchable with a low weight. */
  categoryName?: string;
  description?: string;
  region: string;
  city: string;
  unitId: string;
  serviceModes: readonly string[];
  customsGated: boolean;
  /** Price per `feeUnit` for users outside the owning unit; `feeMax` filters and `fee` sorts on it. */
  feeExternalCny?: number;
  feeInternalCny?: number;
  feeUnit?: string;
  location?: GeoPoint;
  /** ISO 8601 timestamp of the last change; `freshness` sorts on it. */
  updatedAt: string;
  visibility: Visibility;
}

export const SEARCH_SORTS = ['relevance', 'distance', 'fee', 'freshness'] as const;
/**
 * `relevance`: score descending; `distance`: nearest first (needs `near`);
 * `fee`: cheapest external price first; `freshness`: most recently updated
 * first. Documents without the sort value (no location, no fee) come last;
 * ties are broken by id ascending.
 */
export type SearchSort = (typeof SEARCH_SORTS)[number];

/** Who is asking. Anonymous viewers see public documents only. */
export interface SearchViewer {
  unitId?: string;
  /** Administrators and other roles allowed to see every unit's documents. */
  seesAll?: boolean;
}

export interface SearchQuery {
  /** Free text in Chinese and/or English; absent or blank lists everything that matches the filters. */
  q?: string;
  /** Any of these regions. */
  region?: readonly string[];
  city?: string;
  /** Category code or code prefix (`01`, `0101`). */
  category?: string;
  unitId?: string;
  serviceMode?: string;
  customsGated?: boolean;
  /** Maximum external price; documents without a fee do not match. */
  feeMax?: number;
  /** Reference point: hits carry `distanceKm`, and `distance` sorting becomes possible. */
  near?: GeoPoint;
  /** With `near`: only documents within this great-circle distance. */
  radiusKm?: number;
  /** Default: `relevance` when `q` has searchable terms, else `freshness`. */
  sort?: SearchSort;
  /** 1-based; ignored when `cursor` is given. */
  page?: number;
  /** 1…100, default 20. */
  pageSize?: number;
  /** `nextCursor` of the previous page of the same query: the page starts strictly after it. */
  cursor?: string;
  viewer?: SearchViewer;
}

/** Field text with the matched parts wrapped in `<em>…</em>`; everything else HTML-escaped. */
export interface SearchHighlights {
  name?: string;
  nameEn?: string;
  model?: string;
}

export interface SearchHit {
  id: string;
  /** Relevance score (0 when the query has no text); an exact model match adds {@link EXACT_MODEL_BOOST}. */
  score: number;
  /** Great-circle distance from `near`, km; absent without `near` or without a location. */
  distanceKm?: number;
  /** Only fields with at least one match. */
  highlights: SearchHighlights;
  document: SearchDocument;
}

export interface FacetBucket {
  value: string;
  count: number;
}

/** Counts over the whole result set (text and every filter applied), largest first, then by value. */
export interface SearchFacets {
  region: FacetBucket[];
  /** Two-digit national class (`01`). */
  categoryClass: FacetBucket[];
  /** Full category code. */
  category: FacetBucket[];
  city: FacetBucket[];
  serviceMode: FacetBucket[];
  /** `true` / `false`. */
  customsGated: FacetBucket[];
}

export interface SearchResult {
  items: SearchHit[];
  total: number;
  facets: SearchFacets;
  /** The sort actually applied. */
  sort: SearchSort;
  /** The page number asked for; null when paging by cursor. */
  page: number | null;
  pageSize: number;
  /** Continue strictly after the last item; null when there is nothing after it. */
  nextCursor: string | null;
  /** Query terms that match nothing the viewer may see; they were left out rather than emptying the result. */
  ignoredTerms: string[];
  /** Only the start of a very long query was used. */
  truncated: boolean;
}
