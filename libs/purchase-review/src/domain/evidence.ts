import { addDays, ratedHoursFor, sharingRate, utilisation, type RatedHoursConfig } from '@app/policy';

/** The YRD partners whose figures a review asks for through federation (Art. 10: 长三角). */
export const YRD_PARTNER_REGIONS = ['shanghai', 'jiangsu', 'anhui'] as const;
export type YrdPartnerRegion = (typeof YRD_PARTNER_REGIONS)[number];

/** The figures of one row: instruments of the category and how much they were used and shared (docs/usage.md's definitions). */
export interface EvidenceFigures {
  instrumentCount: number;
  effectiveHours: number;
  externalHours: number;
  ratedHours: number;
  /** effective / rated, 4 decimals; null when nothing was rated. */
  utilisation: number | null;
  /** external / effective, 4 decimals; null when nothing was used. */
  sharingRate: number | null;
}

/** An idle instrument of the category its unit offers for lease or transfer (Art. 15, compliance's open offers). */
export interface IdleOfferEvidence {
  offerId: string;
  instrumentId: string;
  instrumentName: string;
  unitId: string;
  kind: string;
}

export type EvidenceScope = 'unit' | 'city' | 'province' | 'partner';

export interface EvidenceRow {
  scope: EvidenceScope;
  /** The region the row covers (the province row covers jiaxing and zhejiang). */
  region: string;
  label: string;
  labelEn: string;
  unitId?: string;
  /** `local`: our own usage rollups (Jiaxing, and the province's sessions from its feed); `federation`: the partner's IndicatorService. */
  source: 'local' | 'federation';
  status: 'ok' | 'unavailable';
  figures?: EvidenceFigures;
  /** When the figures were true (ok rows): our computation time, or the partner's own as_of. */
  asOf?: string;
  /** When we asked the partner (federation rows). */
  fetchedAt?: string;
  /** Why a partner's figures are missing (a gRPC status name or a check that failed), and when. */
  error?: string;
  errorAt?: string;
  /** Whether an idle instrument of the category is on offer: known for Jiaxing's units only (null: not known through federation). */
  idleOnOffer: boolean | null;
  idleOffers?: IdleOfferEvidence[];
}

export interface Evidence {
  categoryCode: string;
  categoryName: string;
  /**
   * How "same category" is matched: the instruments whose national category
   * code STARTS WITH the requested code, so a sub-class code (`0101`) matches
   * that sub-class only and a class code (`01`) the whole class.
   */
  matching: 'code_prefix';
  /** The period: the 365 complete China days before the submission day. */
  from: string;
  to: string;
  asOf: string;
  rows: EvidenceRow[];
}

/** The 365 complete China days before `today` (today itself is not over yet). */
export function lastYear(today: string): { from: string; to: string } {
  return { from: addDays(today, -365), to: addDays(today, -1) };
}

/** Raw sums of some instruments: how many, their rated hours, their effective and external seconds. */
export interface UseSums {
  instruments: number;
  ratedHours: number;
  effectiveSeconds: number;
  externalSeconds: number;
}

export const NO_USE: UseSums = { instruments: 0, ratedHours: 0, effectiveSeconds: 0, externalSeconds: 0 };

export function addSums(a: UseSums, b: UseSums): UseSums {
  return {
    instruments: a.instruments + b.instruments,
    ratedHours: a.ratedHours + b.ratedHours,
    effectiveSeconds: a.effectiveSeconds + b.effectiveSeconds,
    externalSeconds: a.externalSeconds + b.externalSeconds,
  };
}

/** Rated hours of `count` instruments of one category over the period (Arts. 21–23). */
export function ratedHoursOf(count: number, categoryCode: string, from: string, to: string, config: RatedHoursConfig): number {
  return count * ratedHoursFor(categoryCode, from, to, config);
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/** The row's figures: hours to 4 decimals, ratios from the unrounded hours (policy's utilisation / sharingRate). */
export function figuresOf(s: UseSums): EvidenceFigures {
  return {
    instrumentCount: s.instruments,
    effectiveHours: round4(s.effectiveSeconds / 3600),
    externalHours: round4(s.externalSeconds / 3600),
    ratedHours: round4(s.ratedHours),
    utilisation: utilisation(s.effectiveSeconds / 3600, s.ratedHours),
    sharingRate: sharingRate(s.externalSeconds / 3600, s.effectiveSeconds / 3600),
  };
}

export const REGION_LABELS: Record<string, { label: string; labelEn: string }> = {
  jiaxing: { label: '嘉兴市', labelEn: 'Jiaxing' },
  zhejiang: { label: '浙江省', labelEn: 'Zhejiang' },
  shanghai: { label: '上海市', labelEn: 'Shanghai' },
  jiangsu: { label: '江苏省', labelEn: 'Jiangsu' },
  anhui: { label: '安徽省', labelEn: 'Anhui' },
};
