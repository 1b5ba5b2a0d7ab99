import { api, ApiError } from '../../api';
import { t } from '../../i18n';
import type { MessageKey } from '../../messages';
import { session } from '../../session';

/** A reason of the measures as the API gives it: the article it rests on, in both languages. */
export interface Reason {
  article: number;
  code: string;
  message: string;
  messageEn: string;
}

/** One of the unit's instruments as GET /instruments (the search) lists it. */
export interface UnitInstrument {
  id: string;
  name: string;
  nameEn?: string;
  model?: string;
  categoryCode: string;
  categoryName?: string;
  region: string;
  unitId: string;
  customsGated: boolean;
  fee?: { unit: string; internalPriceCny?: number; externalPriceCny?: number };
}

export interface UnitBooking {
  id: string;
  instrumentId: string;
  status: string;
  window: { start: string; end: string };
  purpose: string;
  sampleDescription?: string;
  /** A partner platform's user is known by the platform only (a pseudonym): never who. */
  requester: { kind: 'user'; sub: string; unitId?: string } | { kind: 'partner'; partnerId: string; claimedUnitId?: string };
  requesterSub?: string;
  requesterUnitId?: string;
  reason?: string;
  feeEstimate?: { totalCny?: number; unitPriceCny: number; tariff: string };
  createdAt: string;
}

/**
 * The unit's own instruments: the search filtered to the admin's unit. A signed-in unit member also
 * finds its unit's confidential and exempted instruments there (search.controller), so nothing is missing.
 */
export async function listUnitInstruments(): Promise<UnitInstrument[]> {
  const unitId = session.claims.value?.unitId;
  if (!unitId) return [];
  const answer = await api<{ items: UnitInstrument[] }>('GET', '/instruments', { query: { unitId, region: ['jiaxing'], sort: 'freshness', pageSize: 100 } });
  return answer.items;
}

/** The field-by-field reasons of a 400 (problem+json `violations`), to show next to the title. */
export function violationsOf(error: unknown): { field: string; message: string }[] {
  if (!(error instanceof ApiError)) return [];
  const list = error.body.violations;
  return Array.isArray(list) ? (list as { field: string; message: string }[]) : [];
}

/** `2026-12-01T09:00` in Beijing time (the instruments' own clock) from an ISO instant, for a datetime-local input. */
export function toBeijingInput(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16);
}

/** A datetime-local value read as Beijing time, with its offset, as the API wants it. */
export function fromBeijingInput(value: string): string {
  return `${value}:00+08:00`;
}

/** A message whose key is built from an API value (a status, a kind): the keys exist for every value the API documents. */
export function tr(key: string): string {
  return t(key as MessageKey);
}
