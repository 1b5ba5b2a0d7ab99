import { Injectable } from '@nestjs/common';
import { Clock, DomainError, parseInstrumentId } from '@app/common';
import type { Principal } from '@app/auth';
import { canView } from '../domain/instrument-access';
import { InstrumentRepository } from '../infrastructure/instrument.repository';
import { toView, type InstrumentView } from './instrument-view';

@Injectable()
export class GetInstrumentUseCase {
  constructor(
    private readonly instruments: InstrumentRepository,
    private readonly clock: Clock,
  ) {}

  /** Not visible and not existing answer the same 404 (Art. 2, 11). */
  async execute(id: string, principal: Principal | undefined): Promise<InstrumentView> {
    const stored = parseInstrumentId(id) ? await this.instruments.findById(id) : undefined;
    if (!stored || !canView(stored, principal)) throw DomainError.notFound(`instrument ${id}`);
    return toView(stored, this.clock.today());
  }
}
