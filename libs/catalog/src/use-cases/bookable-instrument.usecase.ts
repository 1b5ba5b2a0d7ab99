import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { Clock, DomainError, parseInstrumentId } from '@app/common';
import { visibilityOf } from '../domain/instrument-access';
import type { StoredInstrument } from '../domain/stored-instrument';
import { InstrumentRepository } from '../infrastructure/instrument.repository';
import { toView, type InstrumentView } from './instrument-view';

/**
 * What a decision was made on: a write that relies on it checks, under its
 * own lock, that the row still carries these (BookingRepository: `stale`).
 * Every change that matters moves one of them: an edit (content hash and
 * version), a withdrawal (version, and `deleted_at` checked beside), a change
 * of confidentiality or exemption (content, and `shareable`), recomputed
 * flags (`shareable`).
 */
export interface InstrumentStamp {
  version: number;
  contentHash: string;
  shareable: boolean;
}

export interface BookableInstrument {
  view: InstrumentView;
  stamp: InstrumentStamp;
}

/** Bounds the memory of the remembered instruments (a few KB each). */
const REMEMBERED = 10_000;

/**
 * An instrument as a booking decides on it: visible to the caller (else 404,
 * Art. 2, 11, as GetInstrumentUseCase), without the last use a detail page
 * shows. Shareable instruments are remembered by this process, so a booking
 * of one it saw does not read it again: the remembered facts are only what
 * the decision is made on, and the booking's own statement refuses them
 * (`stale`) when the stored row no longer carries their stamp, whoever
 * changed it (another replica, a partner's sync). Then `fresh` reads it
 * again. Only shareable ones: a hidden instrument is always looked up, so
 * refusing an outsider takes as long for it as for a free id.
 */
@Injectable()
export class BookableInstrumentUseCase {
  private readonly remembered = new Map<string, { stored: StoredInstrument; day: string; view: InstrumentView }>();

  constructor(
    private readonly instruments: InstrumentRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(id: string, principal: Principal | undefined, options: { fresh?: boolean } = {}): Promise<BookableInstrument> {
    const day = this.clock.today();
    const known = options.fresh ? undefined : this.remembered.get(id);
    if (known) {
      if (known.day !== day) Object.assign(known, { day, view: toView(known.stored, day, this.config.measures.effectiveDate) });
      return { view: known.view, stamp: stampOf(known.stored) };
    }
    const stored = parseInstrumentId(id) ? await this.instruments.findVisible(id, visibilityOf(principal)) : undefined;
    this.remembered.delete(id);
    if (!stored) throw DomainError.notFound(`instrument ${id}`);
    const view = toView(stored, day, this.config.measures.effectiveDate);
    if (stored.shareable) {
      if (this.remembered.size >= REMEMBERED) this.remembered.delete(this.remembered.keys().next().value!);
      this.remembered.set(id, { stored, day, view });
    }
    return { view, stamp: stampOf(stored) };
  }
}

function stampOf(stored: StoredInstrument): InstrumentStamp {
  return { version: stored.instrument.version, contentHash: stored.contentHash, shareable: stored.shareable };
}
