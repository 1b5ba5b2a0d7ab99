/**
 * When instruments were last in use (a power-on or a completed session), for
 * the Art. 15 idleness shown with an instrument. Usage records it and provides
 * this port; the catalog does not depend on usage (usage depends on catalog).
 */
export interface InstrumentLastUse {
  execute(instrumentIds: readonly string[]): Promise<Map<string, Date>>;
}

export const INSTRUMENT_LAST_USE = Symbol('INSTRUMENT_LAST_USE');
