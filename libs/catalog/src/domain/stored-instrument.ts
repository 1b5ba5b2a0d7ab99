import type { Instrument } from './instrument';

/** An instrument as stored: the record plus what the gateway derived from it. */
export interface StoredInstrument {
  instrument: Instrument;
  shareable: boolean;
  customsGated: boolean;
  lastPowerOnDate?: string;
  /** Last day of customs supervision (Art. 12), for duty-free imports. */
  supervisionEnds?: string;
  changeSeq: string;
  /** Hash of the record's content; guards derived writes against a concurrent change. */
  contentHash: string;
}
