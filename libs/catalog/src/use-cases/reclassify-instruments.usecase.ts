import { Injectable } from '@nestjs/common';
import { Clock, canonicalJson } from '@app/common';
import { classifyInstrument } from '@app/policy';
import { InstrumentRepository } from '../infrastructure/instrument.repository';

/**
 * Time-dependent decisions (Art. 12 supervision ends, Art. 13 deadlines,
 * Art. 15 idleness) change without the record changing; this refreshes them.
 * Idempotent: an unchanged classification is not written.
 */
@Injectable()
export class ReclassifyInstrumentsUseCase {
  constructor(
    private readonly instruments: InstrumentRepository,
    private readonly clock: Clock,
  ) {}

  async execute(asOf: string = this.clock.today()): Promise<{ scanned: number; changed: number }> {
    let scanned = 0;
    let changed = 0;
    for await (const batch of this.instruments.scan()) {
      for (const stored of batch) {
        scanned += 1;
        const next = classifyInstrument({ ...stored.instrument, lastPowerOnDate: stored.lastPowerOnDate }, asOf);
        const previous = stored.classification as { asOf?: string } | null;
        const { asOf: _previousAsOf, ...previousRest } = previous ?? {};
        const { asOf: _nextAsOf, ...nextRest } = next;
        if (canonicalJson(previousRest) === canonicalJson(nextRest)) continue;
        // A record changed meanwhile was classified by its own write: skip it.
        if (await this.instruments.updateClassification(stored.instrument.id, stored.contentHash, next, next.shareable, next.customsGated)) changed += 1;
      }
    }
    return { scanned, changed };
  }
}
