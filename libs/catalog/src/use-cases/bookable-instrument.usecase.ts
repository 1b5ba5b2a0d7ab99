import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { DomainError, parseInstrumentId } from '@app/common';
import type { BookingFacts } from '../domain/instrument';
import { visibilityOf } from '../domain/instrument-access';
import { InstrumentRepository } from '../infrastructure/instrument.repository';

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
  facts: BookingFacts;
  stamp: InstrumentStamp;
}

/** Bounds the memory of the remembered instruments (well under a KB each). */
const REMEMBERED = 10_000;

/**
 * An instrument as a booking decides on it: visible to the caller (else 404,
 * Art. 2, 11, as GetInstrumentUseCase), only the facts the decision reads
 * (date-dependent rules, the customs gate among them, are judged by the
 * booking on today's date from these). Shareable instruments are remembered
 * by this process, so a booking of one it saw does not read it again: the
 * booking's own statement refuses them (`stale`) when the stored row no
 * longer carries their stamp, whoever changed it (another replica, a
 * partner's sync). Then `fresh` reads it again. Only shareable ones: a hidden
 * instrument is always looked up, so refusing an outsider takes as long for
 * it as for a free id.
 */
@Injectable()
export class BookableInstrumentUseCase {
  private readonly remembered = new Map<string, BookableInstrument>();

  constructor(private readonly instruments: InstrumentRepository) {}

  async execute(id: string, principal: Principal | undefined, options: { fresh?: boolean } = {}): Promise<BookableInstrument> {
    const known = options.fresh ? undefined : this.remembered.get(id);
    if (known) return known;
    const found = parseInstrumentId(id) ? await this.instruments.bookable(id, visibilityOf(principal)) : undefined;
    this.remembered.delete(id);
    if (!found) throw DomainError.notFound(`instrument ${id}`);
    // Shared by every booking of it that this process decides: nobody may change it.
    const bookable: BookableInstrument = Object.freeze({ facts: Object.freeze(found.facts), stamp: Object.freeze(found.stamp) });
    if (bookable.stamp.shareable) {
      if (this.remembered.size >= REMEMBERED) this.remembered.delete(this.remembered.keys().next().value!);
      this.remembered.set(id, bookable);
    }
    return bookable;
  }
}
