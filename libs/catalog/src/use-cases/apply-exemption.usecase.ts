import { Injectable } from '@nestjs/common';
import { Clock, DomainError } from '@app/common';
import type { Instrument, InstrumentInput } from '../domain/instrument';
import { prepareInstrument } from '../domain/prepare-instrument-write';
import { InstrumentRepository } from '../infrastructure/instrument.repository';
import { LOCAL_SOURCE } from './register-instrument.usecase';

/** The decided record an exempted instrument carries (Art. 11): all of it from the decision's trail. */
export interface ExemptionRecord {
  /** Name of the competent department that approved it. */
  approvedBy: string;
  approvalRef: string;
  approvalDate: string;
  filingRef: string;
  filingDate: string;
  note?: string;
}

const ATTEMPTS = 5;

/** The record's own content, as a unit writes it (what the content hash covers). */
function inputOf(instrument: Instrument): InstrumentInput {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { id, region, sourcePlatform, version, createdAt, updatedAt, ...input } = instrument;
  return input;
}

/**
 * Art. 11: once the competent department approved an exemption and the
 * approval was filed with the provincial office, the instrument leaves
 * sharing. Called by `@app/exemptions` after its own checks; the write is
 * the catalog's normal one (`replace`), so the change feed, every replica's
 * search index, partners and the province drop the instrument exactly as a
 * confidential one. Idempotent: the same record again changes nothing. The
 * rest of the record is the unit's as stored: a unit's edit made meanwhile
 * is re-read, never overwritten.
 */
@Injectable()
export class ApplyExemptionUseCase {
  constructor(
    private readonly instruments: InstrumentRepository,
    private readonly clock: Clock,
  ) {}

  async execute(instrumentId: string, record: ExemptionRecord): Promise<void> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const stored = await this.instruments.findById(instrumentId);
      if (!stored || stored.instrument.sourcePlatform !== LOCAL_SOURCE) throw DomainError.notFound(`instrument ${instrumentId}`);
      const i = stored.instrument;
      // A state secret declared meanwhile (Art. 2) excludes at least as much and wins, as on a unit's PUT:
      // overwriting it would drop the declaration, and lifting the exemption later would share a secret.
      if (i.confidentiality.status === 'confidential') return;
      const input: InstrumentInput = { ...inputOf(i), confidentiality: { status: 'exempted', ...record } };
      const prepared = prepareInstrument(input, {
        region: i.region,
        sourcePlatform: i.sourcePlatform,
        asOf: this.clock.today(),
      });
      const outcome = await this.instruments.replace(prepared, { ifContentHash: stored.contentHash });
      if (outcome === 'missing') throw DomainError.notFound(`instrument ${instrumentId}`);
      if (outcome !== 'stale') return;
    }
    throw new DomainError('UNAVAILABLE', `instrument ${instrumentId} keeps changing; try again`);
  }
}
