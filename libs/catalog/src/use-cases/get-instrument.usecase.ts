import { Inject, Injectable, Optional } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { Clock, DomainError, parseInstrumentId } from '@app/common';
import type { Principal } from '@app/auth';
import { INSTRUMENT_LAST_USE, type InstrumentLastUse } from '../domain/instrument-last-use.port';
import { visibilityOf } from '../domain/instrument-access';
import { InstrumentRepository } from '../infrastructure/instrument.repository';
import { toView, type InstrumentView } from './instrument-view';

@Injectable()
export class GetInstrumentUseCase {
  constructor(
    private readonly instruments: InstrumentRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(INSTRUMENT_LAST_USE) private readonly lastUse?: InstrumentLastUse,
  ) {}

  /**
   * Not visible and not existing answer the same 404 (Art. 2, 11), by the same
   * path: visibility is part of the query (findVisible), so a hidden record is
   * "no row" exactly like a missing one and is never loaded for the caller.
   * Loading it and then checking took measurably longer for a confidential id
   * than for a free one, which told an anonymous caller it exists.
   */
  async execute(id: string, principal: Principal | undefined): Promise<InstrumentView> {
    const stored = parseInstrumentId(id) ? await this.instruments.findVisible(id, visibilityOf(principal)) : undefined;
    if (!stored) throw DomainError.notFound(`instrument ${id}`);
    const lastUse = (await this.lastUse?.execute([id]))?.get(id);
    return toView(stored, this.clock.today(), this.config.measures.effectiveDate, lastUse);
  }
}
