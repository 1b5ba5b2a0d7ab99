import { Injectable } from '@nestjs/common';
import { InstrumentRepository, type CensusRow } from '../infrastructure/instrument.repository';

export type { CensusRow };

/**
 * How many live instruments there are, per region, unit and category, for
 * reports that divide by them (utilisation's rated hours, the share listed on
 * the provincial platform, IoT coverage) without reading the catalog's tables.
 */
@Injectable()
export class InstrumentCensusUseCase {
  constructor(private readonly instruments: InstrumentRepository) {}

  /** Grouped counts (no instrument ids), optionally of one unit only. */
  counts(unitId?: string): Promise<CensusRow[]> {
    return this.instruments.census({ unitId, perInstrument: false });
  }

  /** One row per live instrument, optionally of one unit only. */
  perInstrument(unitId?: string): Promise<CensusRow[]> {
    return this.instruments.census({ unitId, perInstrument: true });
  }
}
