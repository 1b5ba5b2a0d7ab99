import * as grpc from '@grpc/grpc-js';
import type { GetCategoryIndicatorsRequest, GetCategoryIndicatorsResponse } from '@app/contracts';
import { chinaDayStart, compareDates, isIsoDate, ratedHoursFor, sharingRate, unionSeconds, utilisation, type TimeInterval } from '@app/policy';
import type { PartnerStore } from './partner-store';
import type { UsageSession } from './partner-usage';

/** Use of the partner's instruments by its OWN users (not booked through federation): what most of a platform's hours are. */
export interface OwnUse {
  instrumentId: string;
  start: Date;
  end: Date;
  /** A requester of another unit than the owning one (Art. 12's definition). */
  external: boolean;
}

/** The reference node rates every instrument 1,600 h a year (the national default); a platform may rate categories otherwise. */
const RATED = { ratedHours: 1600, ratedHoursByCategory: {} };
const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * IndicatorService.GetCategoryIndicators over the node's own instruments
 * (indicator.proto): its live, shareable instruments of the category prefix;
 * effective hours = per instrument the union of the completed sessions of
 * other platforms' bookings (every one external) and its own users' use, cut
 * to the period's China days; external hours likewise of the external part.
 * Answers a gRPC status error for a malformed request.
 */
export function categoryIndicators(
  request: GetCategoryIndicatorsRequest,
  store: PartnerStore,
  sessions: readonly UsageSession[],
  ownUse: readonly OwnUse[],
  now: Date,
): GetCategoryIndicatorsResponse | { code: grpc.status; details: string } {
  const { categoryCode, from, to } = request;
  if (!/^\d{2}(\d{2})?$/.test(categoryCode)) return { code: grpc.status.INVALID_ARGUMENT, details: 'category_code: must be 2 or 4 digits' };
  if (!isIsoDate(from) || !isIsoDate(to) || compareDates(from, to) > 0)
    return { code: grpc.status.INVALID_ARGUMENT, details: 'from, to: must be YYYY-MM-DD with from <= to' };
  // Counted between the two dates: from + 365 days is no date for a period in year 9999.
  if (compareDates(to, from) + 1 > 366) return { code: grpc.status.INVALID_ARGUMENT, details: 'to: the period is at most 366 days' };
  const periodStart = chinaDayStart(from).getTime();
  // China days are 24 hours (no daylight saving); the day after 9999-12-31 has no date to start from.
  const periodEnd = chinaDayStart(to).getTime() + 86_400_000;
  const clip = (i: TimeInterval): TimeInterval[] => {
    const start = Math.max(i.start.getTime(), periodStart);
    const end = Math.min(i.end.getTime(), periodEnd);
    return end > start ? [{ start: new Date(start), end: new Date(end) }] : [];
  };
  const instruments = store.shareable().filter((e) => e.stored.instrument.categoryCode.startsWith(categoryCode));
  let rated = 0;
  let effective = 0;
  let external = 0;
  for (const e of instruments) {
    const id = e.stored.instrument.id;
    rated += ratedHoursFor(e.stored.instrument.categoryCode, from, to, RATED);
    const booked = sessions.filter((s) => s.instrumentId === id && s.outcome === 'completed').flatMap((s) => clip({ start: s.start!, end: s.end! }));
    const own = ownUse.filter((u) => u.instrumentId === id);
    const ownExternal = own.filter((u) => u.external).flatMap(clip);
    effective += unionSeconds([...booked, ...own.flatMap(clip)]);
    external += unionSeconds([...booked, ...ownExternal]);
  }
  const effectiveHours = effective / 3600;
  const externalHours = external / 3600;
  const u = utilisation(effectiveHours, rated);
  const s = sharingRate(externalHours, effectiveHours);
  return {
    instrumentCount: instruments.length,
    effectiveHours: round4(effectiveHours),
    externalHours: round4(externalHours),
    ratedHours: round4(rated),
    ...(u !== null ? { utilisation: u } : {}),
    ...(s !== null ? { sharingRate: s } : {}),
    asOf: now,
  };
}
