import { Inject, Injectable, Optional } from '@nestjs/common';
import { hasRole, type Principal } from '@app/auth';
import { CATALOG_SOURCES, type CatalogSources } from '@app/catalog';
import { Clock, DomainError } from '@app/common';
import { SearchQueryError } from '../errors';
import { CatalogIndex } from '../indexing/catalog-index.service';
import type { FacetBucket, SearchHit, SearchQuery } from '../types';

/** The engine's query as HTTP and other callers give it: `near` as `lat,lon`, the viewer from the principal. */
export type SearchInstrumentsInput = Omit<SearchQuery, 'near' | 'viewer' | 'region'> & { near?: string; region?: string[] };

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
  constructor(
    private readonly index: CatalogIndex,
    private readonly clock: Clock,
    @Optional() @Inject(CATALOG_SOURCES) private readonly sources?: CatalogSources,
  ) {}

  async execute(input: SearchInstrumentsInput, principal: Principal | undefined) {
    const near = input.near ? parseNear(input.near) : undefined;
    if (input.radiusKm !== undefined && !near) throw DomainError.validation([{ field: 'radiusKm', message: 'needs near=lat,lon' }]);
    if (input.sort === 'distance' && !near) throw DomainError.validation([{ field: 'sort', message: 'distance needs near=lat,lon' }]);
    await this.index.fresh();
    let result;
    try {
      result = this.index.engine.search({ ...input, near, viewer: { unitId: principal?.unitId, seesAll: hasRole(principal, 'admin') } });
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
      sources: this.sources ? await this.sources.statuses() : [{ id: 'local', region: 'jiaxing', status: 'ok', lastSync: this.clock.now().toISOString(), lagSeconds: 0 }],
    };
  }
}

function parseNear(raw: string): { lat: number; lon: number } {
  const [lat, lon] = raw.split(',').map(Number);
  if (!(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) throw DomainError.validation([{ field: 'near', message: 'lat must be within ±90 and lon within ±180' }]);
  return { lat, lon };
}
