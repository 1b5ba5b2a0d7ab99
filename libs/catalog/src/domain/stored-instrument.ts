import type { Instrument } from './instrument';

/** An instrument as stored: the record plus what the gateway derived from it. */
export interface StoredInstrument {
  instrument: Instrument;
  /** The policy classification (InstrumentClassification from @app/policy) as of its last computation. */
  classification: unknown;
  shareable: boolean;
  customsGated: boolean;
  lastPowerOnDate?: string;
  changeSeq: string;
  /** Hash of the record's content; guards derived writes against a concurrent change. */
  contentHash: string;
}
