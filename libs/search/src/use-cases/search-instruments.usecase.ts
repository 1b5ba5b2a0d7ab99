import { Inject, Injectable, Optional } from '@nestjs/common';
import { hasRole, type Principal } from '@app/auth';
import { CATALOG_SOURCES, localSourceStatus, type CatalogSources } from '@app/catalog';
import { Clock, DomainError } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { SearchQueryError } from '../engine/errors';
import { CatalogIndex } from '../indexing/catalog-index.service';
import type { AnswerScope } from '../engine/answer-scope';
import { ResultCache, type AnswerValidity } from '../engine/result-cache';
import type { FacetBucket, SearchDocument, SearchHit, SearchResult } from '../engine/types';
import { searchInstrumentsInput, type SearchInstrumentsInput } from './search-instruments.input';

/**
 * A facet's buckets as `{ value: count }`, in the buckets' order. Values are free text (a city may be
 * `__proto__`), so the object has no prototype whose setters would swallow a bucket.
 */
function counts(buckets: FacetBucket[]): Record<string, number> {
  const out = Object.create(null) as Record<string, number>;
  for (const b of buckets) out[b.value] = b.count;
  return out;
}

/** One hit as every caller sees it: the document's public fields, then what the query made of it (in {@link presentHit}'s order). */
export type PresentedHit = Pick<
  SearchDocument,
  'id' | 'name' | 'nameEn' | 'model' | 'manufacturer' | 'categoryCode' | 'categoryName' | 'region' | 'city' | 'unitId' | 'serviceModes' | 'customsGated'
> & {
  fee?: { unit: string; internalPriceCny: number | undefined; externalPriceCny: number | undefined };
  distanceKm?: number;
  highlights: SearchHit['highlights'];
  score: number;
};

/**
 * Optional fields assigned in place rather than spread in from a temporary
 * object each: a question nobody asked before presents every hit of its
 * page, and the spreads took about half of what presenting a page cost.
 * The members keep their order (it is the JSON's).
 */
function presentHit(hit: SearchHit): PresentedHit {
  const d = hit.document;
  const out = { id: d.id, name: d.name } as PresentedHit;
  if (d.nameEn) out.nameEn = d.nameEn;
  if (d.model) out.model = d.model;
  if (d.manufacturer) out.manufacturer = d.manufacturer;
  out.categoryCode = d.categoryCode;
  if (d.categoryName) out.categoryName = d.categoryName;
  out.region = d.region;
  out.city = d.city;
  out.unitId = d.unitId;
  out.serviceModes = d.serviceModes;
  if (d.feeUnit) out.fee = { unit: d.feeUnit, internalPriceCny: d.feeInternalCny, externalPriceCny: d.feeExternalCny };
  out.customsGated = d.customsGated;
  if (hit.distanceKm !== undefined) out.distanceKm = Math.round(hit.distanceKm * 100) / 100;
  out.highlights = hit.highlights;
  out.score = Math.round(hit.score * 1000) / 1000;
  return out;
}

/**
 * One search over every federated catalog, from this replica's in-memory
 * index. Confidential and exempted instruments are found only by their own
 * unit (and admins), and never counted for anyone else (Art. 2, 11). The
 * answer says how fresh each source is, so a user knows when a region's data
 * may be stale.
 */
@Injectable()
export class SearchInstrumentsUseCase {
  readonly input = searchInstrumentsInput;
  /** Answers by every field that shapes them and the viewer, kept while {@link validity} allows. */
  private readonly cache: ResultCache<SearchAnswer>;
  /**
   * Answers computed by the engine (not served from {@link cache}), and the CPU ms they took: what a dropped answer costs.
   * The CPU only with SEARCH_CACHE_METRICS, the one place it is shown: reading it costs two getrusage calls an answer,
   * about 2 % of a gateway's CPU under questions nobody asked before.
   */
  readonly computed = { answers: 0, cpuMs: 0 };
  private readonly measureCpu: boolean;

  constructor(
    private readonly index: CatalogIndex,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
    @Optional() @Inject(CATALOG_SOURCES) private readonly sources?: CatalogSources,
  ) {
    // Kept from a question's second ask: most are asked once, and their answers would only push the popular ones out.
    this.cache = new ResultCache(config.search.resultCacheSize, index.answers, 'repeat');
    this.measureCpu = config.search.cacheMetrics === true;
  }

  async execute(input: SearchInstrumentsInput, principal: Principal | undefined) {
    const { answer } = await this.answer(input, principal);
    return { ...answer, sources: await this.sourceStatuses() };
  }

  /**
   * The answer without its sources, and the index version it was computed
   * at (the index may move on while the caller awaits). Equal questions get
   * the very same object while it is kept, so a caller may keep what it
   * derives from one (its bytes) beside it, with the answer's scope (which
   * changes concern it).
   */
  async answer(raw: SearchInstrumentsInput, principal: Principal | undefined): Promise<{ answer: SearchAnswer; version: number; scope?: AnswerScope }> {
    const input = searchInstrumentsInput.parse(raw);
    await this.index.fresh();
    const viewer = { unitId: principal?.unitId, seesAll: hasRole(principal, 'admin') };
    // The viewer is part of the key: what a unit may see of its own excluded instruments is not what the public sees.
    const key = cacheKey(input, viewer.seesAll ? '*' : (viewer.unitId ?? ''));
    const kept = this.cache.lookup(key);
    if (kept) return { answer: kept.value, version: kept.version, scope: kept.scope };
    const version = this.index.engine.version;
    const cpu = this.measureCpu ? process.cpuUsage() : undefined;
    const { answer, scope } = this.compute(input, viewer);
    if (cpu) {
      const used = process.cpuUsage(cpu);
      this.computed.cpuMs += (used.user + used.system) / 1000;
    }
    this.computed.answers++;
    this.cache.set(version, key, answer, scope);
    return { answer, version, scope };
  }

  /** Look-ups of kept answers by outcome (ResultCache.outcomes): for /metrics. */
  get keptAnswers(): Readonly<ResultCache<SearchAnswer>['outcomes']> {
    return this.cache.outcomes;
  }

  /** Which answers computed at earlier index versions may still be served (SEARCH_CACHE_MAX_STALE_MS). */
  get validity(): AnswerValidity {
    return this.index.answers;
  }

  /** Waits only while the index is first being built: a repeat needs no newer index than its first answer had. */
  async built(): Promise<void> {
    if (!this.index.current) await this.index.fresh();
  }

  /** Not cached with the answer: their lag moves while the index stands still. */
  async sourceStatuses() {
    return this.sources ? this.sources.statuses() : [localSourceStatus(this.clock.now())];
  }

  private compute(input: SearchInstrumentsInput, viewer: { unitId?: string; seesAll: boolean }) {
    const near = input.near ? parseNear(input.near) : undefined;
    let answered;
    try {
      answered = this.index.engine.answer({ ...input, near, viewer });
    } catch (error) {
      if (error instanceof SearchQueryError) throw DomainError.validation([{ field: error.field ?? 'q', message: error.message }]);
      throw error;
    }
    return { answer: present(answered.result), scope: answered.scope };
  }
}

/** One page of a search as every caller sees it, before the sources' freshness is added. */
export type SearchAnswer = ReturnType<typeof present>;

function present(result: SearchResult) {
  return {
    items: result.items.map(presentHit),
    total: result.total,
    page: result.page,
    pageSize: result.pageSize,
    sort: result.sort,
    ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
    ...(result.ignoredTerms.length ? { ignoredTerms: result.ignoredTerms } : {}),
    ...(result.truncated ? { truncated: true } : {}),
    facets: {
      region: counts(result.facets.region),
      categoryClass: counts(result.facets.categoryClass),
      category: counts(result.facets.category),
      city: counts(result.facets.city),
      serviceMode: counts(result.facets.serviceMode),
      customsGated: counts(result.facets.customsGated),
    },
  };
}

/**
 * Every field that shapes an answer, in a fixed order, so equal questions
 * share one entry; the mapped type makes a new query field a compile error
 * here until it is part of the key.
 */
function cacheKey(input: SearchInstrumentsInput, viewer: string): string {
  const fields: { [K in keyof Required<SearchInstrumentsInput>]: SearchInstrumentsInput[K] } = {
    q: input.q,
    region: input.region,
    city: input.city,
    category: input.category,
    unitId: input.unitId,
    serviceMode: input.serviceMode,
    customsGated: input.customsGated,
    feeMax: input.feeMax,
    near: input.near,
    radiusKm: input.radiusKm,
    sort: input.sort,
    page: input.page,
    pageSize: input.pageSize,
    cursor: input.cursor,
  };
  return JSON.stringify([viewer, fields]);
}

/** `lat,lon`, within range: the contract checked it. */
function parseNear(raw: string): { lat: number; lon: number } {
  const [lat, lon] = raw.split(',').map(Number);
  return { lat, lon };
}
