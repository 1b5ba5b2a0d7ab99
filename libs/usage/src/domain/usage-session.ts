import { DomainError, chinaDate, isRegion, type FieldViolation, type Region } from '@app/common';

/** Where a session comes from: a booking closed by its owning unit, a partner's feed, the province's feed. */
export type UsageSource = 'booking' | `partner:${string}` | 'province';

export type UsageOutcome = 'completed' | 'no_show';

/**
 * Who used the instrument, as units and regions only: a session never names a
 * person (Art. 17). A natural person (Art. 4) has no unit and is always
 * "another unit" for the owner.
 */
export type UsageRequester = { kind: 'unit'; unitId?: string; region?: Region } | { kind: 'person'; region?: Region };

export interface UsageSessionInput {
  source: UsageSource;
  /** The source's own id of the session (our booking id, a partner's session id): replays are recognised by it. */
  sourceKey: string;
  /** A correction from a feed re-sends the session with a higher version; a lower or equal one changes nothing. */
  version?: number;
  instrumentId: string;
  ownerRegion: Region;
  ownerUnitId?: string;
  categoryCode: string;
  requester: UsageRequester;
  /** Requester's unit ≠ owner's unit (a person, or a unit we cannot vouch for, counts as external). */
  external: boolean;
  outcome: UsageOutcome;
  start?: Date;
  end?: Date;
  /** A no-show's booked start: the day it counts on. */
  scheduledStart?: Date;
  /** Art. 19: the fee actually charged, in fen. */
  feeChargedFen?: number;
  samples?: number;
  bookingId?: string;
  /** The booking's channel (`http`, `partner:<id>`): a partner's feed serves the sessions of its own bookings. */
  bookingChannel?: string;
  recordedBy: string;
}

export interface UsageSession extends Required<
  Pick<UsageSessionInput, 'source' | 'sourceKey' | 'instrumentId' | 'ownerRegion' | 'categoryCode' | 'requester' | 'external' | 'outcome' | 'recordedBy'>
> {
  id: string;
  version: number;
  ownerUnitId?: string;
  start?: Date;
  end?: Date;
  feeChargedFen?: number;
  samples?: number;
  bookingId?: string;
  bookingChannel?: string;
  recordedAt: string;
  feedSeq: string;
}

/** Longest session a source may report: a run longer than a month is a data error, not a measurement. */
export const MAX_SESSION_HOURS = 31 * 24;

/** The checks every source passes, whoever calls: one place, so a feed cannot store what an owner could not. */
export function validateUsageSession(input: UsageSessionInput, now: Date): UsageSessionInput {
  const v: FieldViolation[] = [];
  if (!/^[\x21-\x7e]{1,128}$/.test(input.sourceKey)) v.push({ field: 'sourceKey', message: '1–128 printable ASCII characters' });
  if (input.version !== undefined && !(Number.isSafeInteger(input.version) && input.version >= 1)) v.push({ field: 'version', message: 'a positive integer' });
  if (!isRegion(input.ownerRegion)) v.push({ field: 'ownerRegion', message: 'unknown region' });
  if (input.requester.region !== undefined && !isRegion(input.requester.region)) v.push({ field: 'requester.region', message: 'unknown region' });
  if (!/^\d{2,8}$/.test(input.categoryCode)) v.push({ field: 'categoryCode', message: 'a national category code' });
  if (input.outcome === 'completed') {
    const { start, end } = input;
    if (!(start instanceof Date) || Number.isNaN(start.getTime())) v.push({ field: 'start', message: 'required for a completed session' });
    if (!(end instanceof Date) || Number.isNaN(end.getTime())) v.push({ field: 'end', message: 'required for a completed session' });
    if (start && end && !(end > start)) v.push({ field: 'end', message: 'must be after start' });
    if (start && end && end.getTime() - start.getTime() > MAX_SESSION_HOURS * 3600_000)
      v.push({ field: 'end', message: `a session lasts at most ${MAX_SESSION_HOURS} hours` });
    // Use is reported after it happened; a clock a few minutes ahead is tolerated.
    if (end && end.getTime() > now.getTime() + 5 * 60_000) v.push({ field: 'end', message: 'is in the future: report use after it happened' });
  } else if (input.outcome === 'no_show') {
    if (input.start || input.end) v.push({ field: 'start', message: 'a no-show has no actual times' });
    if (input.feeChargedFen) v.push({ field: 'feeChargedFen', message: 'a no-show is not charged here' });
    if (!(input.scheduledStart instanceof Date) || Number.isNaN(input.scheduledStart.getTime()))
      v.push({ field: 'scheduledStart', message: 'required for a no-show (the booked start)' });
  } else {
    v.push({ field: 'outcome', message: 'completed or no_show' });
  }
  if (input.feeChargedFen !== undefined && !(Number.isSafeInteger(input.feeChargedFen) && input.feeChargedFen >= 0))
    v.push({ field: 'feeChargedFen', message: 'a non-negative whole number of fen' });
  if (input.samples !== undefined && !(Number.isSafeInteger(input.samples) && input.samples >= 0 && input.samples <= 100_000))
    v.push({ field: 'samples', message: 'a whole number 0–100000' });
  if (v.length) throw DomainError.validation(v);
  return input;
}

/** The China day a session counts on: its start, or a no-show's booked start. */
export function sessionDay(input: UsageSessionInput): string {
  return chinaDate((input.start ?? input.scheduledStart)!);
}

/** The fields that make two reports of one session the same report. */
export function sameSession(a: UsageSessionInput, b: UsageSession): boolean {
  return (
    a.instrumentId === b.instrumentId &&
    a.outcome === b.outcome &&
    (a.start?.getTime() ?? null) === (b.start?.getTime() ?? null) &&
    (a.end?.getTime() ?? null) === (b.end?.getTime() ?? null) &&
    (a.feeChargedFen ?? null) === (b.feeChargedFen ?? null) &&
    (a.samples ?? null) === (b.samples ?? null) &&
    a.external === b.external &&
    a.requester.kind === b.requester.kind &&
    (a.requester.kind === 'unit' ? a.requester.unitId : undefined) === (b.requester.kind === 'unit' ? b.requester.unitId : undefined) &&
    (a.requester.region ?? null) === (b.requester.region ?? null)
  );
}
