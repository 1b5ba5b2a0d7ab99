import { Injectable } from '@nestjs/common';
import { Clock, type Region } from '@app/common';
import type { InstrumentInput, ManagementUnit } from '../domain/instrument';
import { prepareInstrument } from '../domain/prepare-instrument-write';
import { InstrumentRepository } from '../infrastructure/instrument.repository';
import { UnitRepository } from '../infrastructure/unit.repository';

/**
 * Loads a generated catalog (demo, benchmarks, partner nodes) through the same
 * derivation and idempotent upsert as real registrations.
 */
@Injectable()
export class SeedCatalogUseCase {
  constructor(
    private readonly instruments: InstrumentRepository,
    private readonly units: UnitRepository,
    private readonly clock: Clock,
  ) {}

  async execute(catalog: { region: Region; sourcePlatform: string; units: ManagementUnit[]; instruments: Iterable<InstrumentInput> }) {
    await this.units.upsertMany(catalog.units);
    const asOf = this.clock.today();
    const totals = { created: 0, updated: 0, unchanged: 0 };
    let batch = [];
    for (const input of catalog.instruments) {
      batch.push(prepareInstrument(input, { region: catalog.region, sourcePlatform: catalog.sourcePlatform, asOf }));
      if (batch.length === 500) {
        for (const o of (await this.instruments.upsertMany(batch)).values()) totals[o] += 1;
        batch = [];
      }
    }
    for (const o of (await this.instruments.upsertMany(batch)).values()) totals[o] += 1;
    return totals;
  }
}
