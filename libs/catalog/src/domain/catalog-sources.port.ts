/**
 * How fresh each catalog in the listing is. The federation lib provides it;
 * the catalog only asks (so the dependency points from federation to catalog).
 */
export interface CatalogSourceStatus {
  id: string;
  region: string;
  status: 'ok' | 'stale' | 'error' | 'paused' | 'pending';
  lastSync?: string;
  lagSeconds?: number;
}

export interface CatalogSources {
  statuses(): Promise<CatalogSourceStatus[]>;
}

export const CATALOG_SOURCES = Symbol('CATALOG_SOURCES');
