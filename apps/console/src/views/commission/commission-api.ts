import { ApiError, apiUrl } from '../../api';
import { t } from '../../i18n';
import type { MessageKey } from '../../messages';
import { session } from '../../session';

/** A figure resting on too few sessions or bookings comes as null: withheld (docs/monitoring.md). */
export type Figure = number | null;
export interface FlowCell {
  requesterRegion: string;
  ownerRegion: string;
  bookings: Figure;
  confirmedHours: Figure;
  sessions: Figure;
  effectiveHours: Figure;
  feeCny: Figure;
}
export interface TrendRow {
  month: string;
  bookings: Figure;
  confirmedHours: Figure;
  sessions: Figure;
  effectiveHours: Figure;
  externalHours: Figure;
  crossRegionHours: Figure;
  feeCny: Figure;
}
export interface UseRow {
  instruments: number;
  effectiveHours: Figure;
  externalHours: Figure;
  ratedHours: number;
  utilisation: number | null;
  sharingRate: number | null;
  sessions: Figure;
  feeCny: Figure;
}
export interface CategoryRow extends UseRow {
  categoryCode: string;
  categoryName: string | null;
  categoryNameEn: string | null;
}
export interface TopInstrument {
  instrumentId: string;
  ownerRegion: string;
  unitId: string | null;
  categoryCode: string;
  requesterRegions: string;
  sessions: number;
  crossRegionHours: number;
  feeCny: number;
}
export interface SourceRow {
  source: string;
  region: string;
  status: string;
  lastSync: string | null;
  lagSeconds: number | null;
}
export interface CrossRegionReport {
  period: { from: string; to: string };
  matrix: FlowCell[];
  trend: TrendRow[];
  categories: CategoryRow[];
  units: UseRow[];
  crossRegionInstruments: TopInstrument[];
  sources: SourceRow[];
}

/** A message whose key is built from an API value (a region, a status): unknown values show as they are. */
export function tv(key: string, fallback: string): string {
  const text = t(key as MessageKey);
  return text === key ? fallback : text;
}

export const regionName = (region: string) => tv(`commission.region.${region}`, region);

/** A rate (0–1) as a percentage; null (nothing to divide by) as a dash. */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${Math.round(value * 1000) / 10}%`;
}

/**
 * Downloads an export (CSV/XLSX): the API wants the bearer token, which a plain link cannot send,
 * so the file is fetched and handed to the browser as a Blob. A refusal becomes an ApiError like any call.
 */
export async function downloadExport(path: string, query: Record<string, string | undefined>, fallbackName: string): Promise<string> {
  const headers: Record<string, string> = {};
  const token = session.token.value;
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(apiUrl(path, query), { headers });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    throw new ApiError(
      response.status,
      String(body.title ?? response.statusText),
      typeof body.detail === 'string' ? body.detail : undefined,
      typeof body.code === 'string' ? body.code : undefined,
      body,
    );
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
