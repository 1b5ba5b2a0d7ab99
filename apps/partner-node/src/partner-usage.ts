import { randomUUID } from 'node:crypto';

export type UsageOutcomeKind = 'completed' | 'no_show';

/** What the owning unit says happened in a booked window. */
export interface UsageFacts {
  outcome: UsageOutcomeKind;
  /** Set for `completed` (start < end), absent for `no_show`. */
  start?: Date;
  end?: Date;
  feeChargedFen: number;
  samples: number;
}

/** The booking a session belongs to, as the node holds it. */
export interface UsageBooking {
  bookingId: string;
  instrumentId: string;
  /** Which calling platform made the booking (derived from its token). */
  caller: string;
  /** The key that platform sent in CreateBooking: how it finds its own booking. */
  idempotencyKey: string;
}

export interface UsageSession extends UsageBooking, UsageFacts {
  sessionId: string;
  version: number;
  /** Position in the recording order; a correction takes a new, later one. */
  seq: number;
}

/**
 * A partner platform's record of how its instruments were used in the
 * windows other platforms booked: one session per booking, corrected in
 * place with a greater version. Every record or correction takes the next
 * sequence number, which is the order UsageService.ListUsage follows (like
 * the catalog's change feed, compacted: a session sits only at its latest
 * position). A real platform keeps this in its database.
 */
export class PartnerUsageLedger {
  private readonly byBooking = new Map<string, UsageSession>();
  private seq = 0;

  /** The position of the latest record (0 when none). */
  get lastSeq(): number {
    return this.seq;
  }

  has(bookingId: string): boolean {
    return this.byBooking.has(bookingId);
  }

  get(bookingId: string): UsageSession | undefined {
    return this.byBooking.get(bookingId);
  }

  /**
   * Records the session of a booking, or corrects it (same session id, version
   * + 1, a new position). Facts identical to the held ones change nothing, so
   * saying the same thing twice sends nothing new to the booking platform.
   */
  record(booking: UsageBooking, facts: UsageFacts): UsageSession {
    const checked = checkFacts(facts);
    const held = this.byBooking.get(booking.bookingId);
    if (held && sameFacts(held, checked)) return held;
    const session: UsageSession = {
      ...booking,
      ...checked,
      sessionId: held?.sessionId ?? randomUUID(),
      version: (held?.version ?? 0) + 1,
      seq: ++this.seq,
    };
    this.byBooking.set(booking.bookingId, session);
    return session;
  }

  /** The caller's sessions recorded after `afterSeq`, in recording order, at most `limit`. */
  after(caller: string, afterSeq: number, limit: number): UsageSession[] {
    return [...this.byBooking.values()]
      .filter((s) => s.caller === caller && s.seq > afterSeq)
      .sort((a, b) => a.seq - b.seq)
      .slice(0, limit);
  }

  all(): UsageSession[] {
    return [...this.byBooking.values()].sort((a, b) => a.seq - b.seq);
  }
}

function checkFacts(facts: UsageFacts): UsageFacts {
  if (!Number.isSafeInteger(facts.feeChargedFen) || facts.feeChargedFen < 0)
    throw new RangeError(`feeChargedFen must be a whole number of fen ≥ 0, got ${facts.feeChargedFen}`);
  if (!Number.isInteger(facts.samples) || facts.samples < 0 || facts.samples > 2 ** 31 - 1)
    throw new RangeError(`samples must be an integer ≥ 0, got ${facts.samples}`);
  if (facts.outcome === 'no_show') {
    // A no-show used nothing: no times, whatever the caller passed.
    return { outcome: 'no_show', feeChargedFen: facts.feeChargedFen, samples: 0 };
  }
  if (!facts.start || !facts.end || !(facts.start.getTime() < facts.end.getTime())) throw new RangeError('a completed session needs start < end');
  return { outcome: 'completed', start: facts.start, end: facts.end, feeChargedFen: facts.feeChargedFen, samples: facts.samples };
}

function sameFacts(a: UsageFacts, b: UsageFacts): boolean {
  return (
    a.outcome === b.outcome &&
    a.start?.getTime() === b.start?.getTime() &&
    a.end?.getTime() === b.end?.getTime() &&
    a.feeChargedFen === b.feeChargedFen &&
    a.samples === b.samples
  );
}
