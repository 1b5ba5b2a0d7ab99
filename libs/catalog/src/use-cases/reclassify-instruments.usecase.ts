import { Injectable } from '@nestjs/common';
import { Clock } from '@app/common';
import { storedFlags } from '@app/policy';
import { InstrumentRepository } from '../infrastructure/instrument.repository';

/**
 * Time-dependent decisions (Art. 12 supervision ends, Art. 13 deadlines,
 * Art. 15 idleness) change without the record changing. The detail view
 * computes them on read; this job refreshes the stored flags that listings
 * and the federation filter on. Idempotent: unchanged flags are not written.
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
        const next = storedFlags(stored.instrument, asOf);
        if (next.shareable === stored.shareable && next.customsGated === stored.customsGated) continue;
        // A record changed meanwhile got its flags from its own write: skip it.
        if (await this.instruments.updateDerivedFlags(stored.instrument.id, stored.contentHash, next.shareable, next.customsGated)) changed += 1;
      }
    }
    return { scanned, changed };
  }
}
