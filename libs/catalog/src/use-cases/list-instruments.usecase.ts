import { Inject, Injectable, Optional } from '@nestjs/common';
import { Clock } from '@app/common';
import { hasRole, type Principal } from '@app/auth';
import { CATALOG_SOURCES, type CatalogSources } from '../domain/catalog-sources.port';
import { InstrumentRepository } from '../infrastructure/instrument.repository';

export interface ListInstrumentsQuery {
  q?: string;
  region?: string[];
  city?: string;
  category?: string;
  unitId?: string;
  serviceMode?: string;
  customsGated?: boolean;
  feeMax?: number;
  page: number;
  pageSize: number;
}

export interface InstrumentSummary {
  id: string;
  name: string;
  nameEn?: string;
  model?: string;
  manufacturer?: string;
  categoryCode: string;
  region: string;
  city: string;
  unitId: string;
  serviceModes: string[];
  customsGated: boolean;
  fee?: { unit: string; externalPriceCny: number; internalPriceCny: number };
}

/**
 * Catalog listing with filters. The ranked multilingual search engine replaces
 * the matching here (issue #4); the visibility rule stays: excluded
 * instruments appear only to their own unit.
 */
@Injectable()
export class ListInstrumentsUseCase {
  constructor(
    private readonly instruments: InstrumentRepository,
    private readonly clock: Clock,
    @Optional() @Inject(CATALOG_SOURCES) private readonly sources?: CatalogSources,
  ) {}

  async execute(query: ListInstrumentsQuery, principal: Principal | undefined) {
    const result = await this.instruments.list({
      q: query.q?.trim() || undefined,
      regions: query.region,
      city: query.city,
      category: query.category,
      unitId: query.unitId,
      serviceMode: query.serviceMode,
      customsGated: query.customsGated,
      feeMax: query.feeMax,
      viewerUnitId: principal?.unitId,
      seesAll: hasRole(principal, 'admin'),
      offset: (query.page - 1) * query.pageSize,
      limit: query.pageSize,
    });
    return {
      items: result.items.map(({ instrument: i, customsGated }): InstrumentSummary => ({
        id: i.id,
        name: i.name,
        nameEn: i.nameEn,
        model: i.model,
        manufacturer: i.manufacturer,
        categoryCode: i.categoryCode,
        region: i.region,
        city: i.city,
        unitId: i.unitId,
        serviceModes: i.serviceModes,
        customsGated,
        fee: i.fee ? { unit: i.fee.unit, externalPriceCny: i.fee.externalPriceCny, internalPriceCny: i.fee.internalPriceCny } : undefined,
      })),
      total: result.total,
      page: query.page,
      pageSize: query.pageSize,
      facets: result.facets,
      // So a user knows when a region's data may be stale.
      sources: this.sources ? await this.sources.statuses() : [{ id: 'local', region: 'jiaxing', status: 'ok', lastSync: this.clock.now().toISOString(), lagSeconds: 0 }],
    };
  }
}
