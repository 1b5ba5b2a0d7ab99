/**
 * Told after a unit's withdrawal of one of its instruments has committed, so
 * what depends on the instrument (its bookings) follows at once. The catalog
 * does not know who listens (booking depends on catalog, never the reverse).
 * A listener must not throw: the withdrawal stands, and the listener's own
 * sweep repairs whatever a crash between the two left undone.
 */
export interface InstrumentWithdrawnListener {
  withdrawn(instrumentId: string, actor: string): Promise<void>;
}

export const INSTRUMENT_WITHDRAWN = Symbol('INSTRUMENT_WITHDRAWN');
