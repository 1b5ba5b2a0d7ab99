import type { Instrument } from '../domain/instrument';
import type { StoredInstrument } from '../domain/stored-instrument';

/** What the API answers for one instrument: the record plus its policy decisions and their reasons. */
export interface InstrumentView extends Instrument {
  customsGated: boolean;
  shareable: boolean;
  policy: unknown;
}

export function toView(stored: StoredInstrument): InstrumentView {
  return { ...stored.instrument, customsGated: stored.customsGated, shareable: stored.shareable, policy: stored.classification };
}
