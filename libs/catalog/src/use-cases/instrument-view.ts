import type { Instrument } from '../domain/instrument';
import type { StoredInstrument } from '../domain/stored-instrument';

/** What the API answers for one instrument: the record plus its policy decisions and their reasons. */
export interface InstrumentView extends Instrument {
  customsGated: boolean;
  shareable: boolean;
  policy: unknown;
  /**
   * Date the Zhejiang provincial platform says the instrument first appeared
   * there (its `listedOn`, recorded when our push was acknowledged; Art. 13).
   * Unlike `provincialJoinDate`, which is what the unit declared, this is the
   * province's own answer. Absent until the province has listed it.
   */
  provinceListedOn?: string;
}

export function toView(stored: StoredInstrument & { provinceListedOn?: string }): InstrumentView {
  return {
    ...stored.instrument,
    customsGated: stored.customsGated,
    shareable: stored.shareable,
    policy: stored.classification,
    ...(stored.provinceListedOn ? { provinceListedOn: stored.provinceListedOn } : {}),
  };
}
