/** The API's answers as the console reads them (see /api/openapi.json). */
export interface Reason {
  article: number;
  code: string;
  message: string;
  messageEn: string;
}

/** One search hit: the instrument's public fields, flat (GET /api/v1/instruments). */
export interface SearchHit {
  id: string;
  name: string;
  nameEn?: string;
  model?: string;
  manufacturer?: string;
  categoryCode: string;
  categoryName?: string;
  region: string;
  city: string;
  unitId: string;
  serviceModes: string[];
  customsGated: boolean;
  fee?: { unit: string; internalPriceCny: number; externalPriceCny: number };
  score?: number;
  distanceKm?: number;
}

export interface SourceStatus {
  id: string;
  region: string;
  status: 'ok' | 'stale' | 'error' | 'paused' | 'pending';
  lastSync?: string;
  lagSeconds?: number;
}

export interface SearchResult {
  items: SearchHit[];
  total: number;
  page: number | null;
  pageSize: number;
  /** Counts per value over the whole result set, largest first. */
  facets: Record<'region' | 'categoryClass' | 'category' | 'city' | 'serviceMode' | 'customsGated', Record<string, number>>;
  sources: SourceStatus[];
}

export interface Decision {
  outcome: string;
  reasons: Reason[];
}

export interface InstrumentView {
  id: string;
  name: string;
  nameEn?: string;
  model?: string;
  manufacturer?: string;
  countryOfOrigin?: string;
  categoryCode: string;
  region: string;
  city: string;
  unitId: string;
  address?: string;
  description?: string;
  serviceModes: string[];
  fee?: { unit: string; internalPriceCny: number; externalPriceCny: number; setupFeeCny?: number };
  dutyFreeImport?: { declarationNo: string; releaseDate: string; supervisionYears: number };
  requiresOwnerApproval?: boolean;
  customsGated: boolean;
  shareable: boolean;
  policy: {
    asOf: string;
    scope: Decision;
    sharing: Decision;
    customs: Decision;
    customsSupervisionEnds?: string;
    idle: Decision;
  };
}

export interface FeeEstimate {
  tariff: 'internal' | 'external';
  unit: string;
  quantity?: number;
  unitPriceCny: number;
  setupFeeCny: number;
  totalCny?: number;
  reasons: Reason[];
}

export interface AuditEntry {
  from: string | null;
  to: string;
  actor: string;
  reason: string | null;
  at: string;
}

export interface Booking {
  id: string;
  instrumentId: string;
  status: string;
  window: { start: string; end: string };
  purpose: string;
  reason?: string;
  feeEstimate?: FeeEstimate;
  createdAt: string;
  audit?: AuditEntry[];
}

export interface CustomsApproval {
  id: string;
  bookingId: string;
  instrumentId: string;
  instrumentName?: string;
  declarationNo?: string | null;
  supervisionEnds?: string | null;
  ownerUnitId: string;
  requestingUnitId?: string | null;
  window: { start: string; end: string };
  purpose: string;
  requestedAt: string;
  status: string;
  decision?: { outcome: 'approved' | 'rejected'; officer: string; reference: string; reason?: string; decidedAt: string };
  bookingStatus?: string;
}
