import { Inject, Injectable, Optional } from '@nestjs/common';
import { DomainError } from '@app/common';
import type { Principal } from '@app/auth';
import { canManageUnit } from '../domain/instrument-access';
import { INSTRUMENT_WITHDRAWN, type InstrumentWithdrawnListener } from '../domain/instrument-withdrawn.port';
import { InstrumentRepository } from '../infrastructure/instrument.repository';
import { loadLocalForChange } from './update-instrument.usecase';

/** Withdraws an instrument; it stays as a tombstone so partners and replicas learn of the removal. */
@Injectable()
export class DeleteInstrumentUseCase {
  constructor(
    private readonly instruments: InstrumentRepository,
    @Optional() @Inject(INSTRUMENT_WITHDRAWN) private readonly withdrawn?: InstrumentWithdrawnListener,
  ) {}

  async execute(id: string, principal: Principal): Promise<void> {
    const existing = await loadLocalForChange(this.instruments, id, principal);
    if (!canManageUnit(existing.instrument.unitId, principal)) {
      throw DomainError.forbidden(`a unit admin manages only the instruments of their own unit`);
    }
    if (!(await this.instruments.softDelete(id))) throw DomainError.notFound(`instrument ${id}`);
    await this.withdrawn?.withdrawn(id, principal.sub);
  }
}
