import type { FieldViolation } from '@app/common';

/** One power-on interval as a sensor gateway reports it, after the instrument switched off. */
export interface PowerEventInput {
  eventId: string;
  instrumentId: string;
  start: Date;
  end: Date;
}

/** The gateway that reports, from IOT_GATEWAYS_FILE: it speaks only for the instruments of its units. */
export interface PowerGateway {
  id: string;
  unitIds: readonly string[];
}

export type PowerEventResult =
  | { eventId: string; status: 'accepted' }
  | { eventId: string; status: 'duplicate' }
  | { eventId: string; status: 'rejected'; code: 'VALIDATION_FAILED' | 'NOT_FOUND' | 'CONFLICT'; message: string };

/** A batch larger than this is refused whole (the gateway sends more batches). */
export const MAX_POWER_EVENTS_PER_BATCH = 5_000;
/** A single power-on run longer than this is a sensor fault, not a measurement. */
export const MAX_POWER_ON_HOURS = 31 * 24;
/**
 * How far back an event may start (docs/usage.md): a gateway reports after
 * the instrument switched off, so an older start is a replay or a forged
 * history that would rewrite utilisation already reported.
 */
export const MAX_POWER_EVENT_AGE_DAYS = 90;

/**
 * Checks one event on its own; what is wrong is said per event, so the good ones of a batch are kept.
 * `maxAgeDays` bounds how far back a live gateway may report; only the operator's history backfill
 * (the demo's seeding) passes null.
 */
export function powerEventViolation(e: PowerEventInput, now: Date, maxAgeDays: number | null = MAX_POWER_EVENT_AGE_DAYS): FieldViolation | undefined {
  if (!/^[\x21-\x7e]{1,128}$/.test(e.eventId)) return { field: 'eventId', message: '1–128 printable ASCII characters' };
  if (!(e.end > e.start)) return { field: 'end', message: 'must be after start' };
  if (e.end.getTime() - e.start.getTime() > MAX_POWER_ON_HOURS * 3600_000)
    return { field: 'end', message: `a power-on interval lasts at most ${MAX_POWER_ON_HOURS} hours` };
  if (e.end.getTime() > now.getTime() + 5 * 60_000) return { field: 'end', message: 'is in the future' };
  if (maxAgeDays !== null && e.start.getTime() < now.getTime() - maxAgeDays * 86_400_000)
    return { field: 'start', message: `is more than ${maxAgeDays} days ago` };
  return undefined;
}
