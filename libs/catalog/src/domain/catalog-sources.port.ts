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

/**
 * Our own catalog: current by definition. To the second, like partners' lags, so an answer that
 * carries the statuses changes once a second rather than on every request.
 */
export function localSourceStatus(now: Date): CatalogSourceStatus {
  return { id: 'local', region: 'jiaxing', status: 'ok', lastSync: new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString(), lagSeconds: 0 };
}

export interface CatalogSources {
  statuses(): Promise<CatalogSourceStatus[]>;
}

export const CATALOG_SOURCES = Symbol('CATALOG_SOURCES');
