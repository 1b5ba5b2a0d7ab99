import { Inject, Injectable, Optional } from '@nestjs/common';
import { hasRole, type Principal } from '@app/auth';
import { CATALOG_SOURCES, localSourceStatus, type CatalogSources } from '@app/catalog';
import { Clock, DomainError } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { SearchQueryError } from '../engine/errors';
import { CatalogIndex } from '../indexing/catalog-index.service';
import { ResultCache } from '../engine/result-cache';
import type { FacetBucket, SearchHit } from '../engine/types';
import { searchInstrumentsInput, type SearchInstrumentsInput } from './search-instruments.input';

/** Source statuses are read at most once a second anyway (ListSourcesUseCase); a quarter of that adds no visible delay. */
const SOURCES_REFRESH_MS = 250;

const counts = (buckets: FacetBucket[]) => Object.fromEntries(buckets.map((b) => [b.value, b.count]));

function present(hit: SearchHit) {
  const d = hit.document;
  return {
    id: d.id,
    name: d.name,
    ...(d.nameEn ? { nameEn: d.nameEn } : {}),
    ...(d.model ? { model: d.model } : {}),
    ...(d.manufacturer ? { manufacturer: d.manufacturer } : {}),
    categoryCode: d.categoryCode,
    ...(d.categoryName ? { categoryName: d.categoryName } : {}),
    region: d.region,
    city: d.city,
    unitId: d.unitId,
    serviceModes: d.serviceModes,
    ...(d.feeUnit ? { fee: { unit: d.feeUnit, internalPriceCny: d.feeInternalCny, externalPriceCny: d.feeExternalCny } } : {}),
    customsGated: d.customsGated,
    ...(hit.distanceKm !== undefined ? { distanceKm: Math.round(hit.distanceKm * 100) / 100 } : {}),
    highlights: hit.highlights,
    score: Math.round(hit.score * 1000) / 1000,
  };
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
  readonly cache: ResultCache<CachedAnswer>;

  constructor(
    private readonly index: CatalogIndex,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
    @Optional() @Inject(CATALOG_SOURCES) private readonly sources?: CatalogSources,
  ) {
    this.cache = new ResultCache(config.search.resultCacheSize);
  }

  async execute(input: SearchInstrumentsInput, principal: Principal | undefined) {
    const { cached } = await this.cached(input, principal);
    return { ...cached.answer, sources: await this.sourceStatuses() };
  }

  /**
   * The same answer as {@link execute}, as the UTF-8 JSON HTTP sends. A search
   * page is 10–15 kB; encoding it once per cached answer rather than once per
   * request is most of what a repeated query costs (docs/benchmarks.md).
   */
  async executeJson(input: SearchInstrumentsInput, principal: Principal | undefined, request?: string): Promise<Buffer> {
    const { cached, version } = await this.cached(input, principal);
    // An anonymous answer can also be found by the request exactly as it came, before any parsing.
    if (request !== undefined && !principal) this.cache.set(version, `request:${request}`, cached);
    return this.withSources(cached);
  }

  /**
   * The answer to an anonymous request already answered at the index's
   * current version, by its raw path and query; undefined if there is none.
   * It was validated and computed when first asked, so a repeat needs neither.
   */
  /** Whether this raw path and query was answered at the index's version (a cheap look, no waiting). */
  isRepeat(request: string): boolean {
    return this.cache.get(this.index.engine.version, `request:${request}`) !== undefined;
  }

  async repeatJson(request: string): Promise<Buffer | undefined> {
    if (!this.index.current) await this.index.fresh();
    const cached = this.cache.get(this.index.engine.version, `request:${request}`);
    return cached && this.withSources(cached);
  }

  /**
   * The answer's bytes followed by the sources'. Sources change about once a
   * second, so the whole body is kept with the answer until they do: a repeat
   * allocates nothing of its size, which keeps the garbage collector (and the
   * latency tail) out of the way at thousands of requests a second.
   */
  private async withSources(cached: CachedAnswer): Promise<Buffer> {
    // Everything but the closing brace, so the sources can follow as the last member.
    cached.json ??= Buffer.from(JSON.stringify(cached.answer).slice(0, -1));
    const sources = await this.sourcesBytes();
    if (cached.body?.sources !== sources) cached.body = { sources, bytes: Buffer.concat([cached.json, sources]) };
    return cached.body.bytes;
  }

  /** The sources member as bytes, recomputed at most every {@link SOURCES_REFRESH_MS} and replaced only when it changed. */
  private async sourcesBytes(): Promise<Buffer> {
    const known = this.sourcesJson;
    if (known && Date.now() - known.at < SOURCES_REFRESH_MS) return known.bytes;
    const text = JSON.stringify(await this.sourceStatuses());
    this.sourcesJson = { at: Date.now(), text, bytes: known?.text === text ? known.bytes : Buffer.from(`,"sources":${text}}`) };
    return this.sourcesJson.bytes;
  }

  private sourcesJson?: { at: number; text: string; bytes: Buffer };

  /** The answer and the index version it holds for (the index may move on while the caller awaits). */
  private async cached(raw: SearchInstrumentsInput, principal: Principal | undefined): Promise<{ cached: CachedAnswer; version: number }> {
    const input = searchInstrumentsInput.parse(raw);
    await this.index.fresh();
    const viewer = { unitId: principal?.unitId, seesAll: hasRole(principal, 'admin') };
    // The viewer is part of the key: what a unit may see of its own excluded instruments is not what the public sees.
    const key = cacheKey(input, viewer.seesAll ? '*' : (viewer.unitId ?? ''));
    const version = this.index.engine.version;
    let cached = this.cache.get(version, key);
    if (!cached) {
      cached = { answer: this.answer(input, viewer) };
      this.cache.set(version, key, cached);
    }
    return { cached, version };
  }

  /** Not cached with the answer: their lag moves while the index stands still. */
  private async sourceStatuses() {
    return this.sources ? this.sources.statuses() : [localSourceStatus(this.clock.now())];
  }

  private answer(input: SearchInstrumentsInput, viewer: { unitId?: string; seesAll: boolean }) {
    const near = input.near ? parseNear(input.near) : undefined;
    let result;
    try {
      result = this.index.engine.search({ ...input, near, viewer });
    } catch (error) {
      if (error instanceof SearchQueryError) throw DomainError.validation([{ field: error.field ?? 'q', message: error.message }]);
      throw error;
    }
    return {
      items: result.items.map(present),
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
}

interface CachedAnswer {
  answer: ReturnType<SearchInstrumentsUseCase['answer']>;
  json?: Buffer;
  /** {@link json} with the sources it was last sent with. */
  body?: { sources: Buffer; bytes: Buffer };
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
