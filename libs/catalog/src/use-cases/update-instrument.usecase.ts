import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { Clock, DomainError, parseInstrumentId } from '@app/common';
import type { Principal } from '@app/auth';
import { visibilityOf } from '../domain/instrument-access';
import { prepareInstrument } from '../domain/prepare-instrument-write';
import { InstrumentRepository } from '../infrastructure/instrument.repository';
import { UnitRepository } from '../infrastructure/unit.repository';
import { toView, type InstrumentView } from './instrument-view';
import { validateLocalInstrument } from './validate-local-instrument';
import { LOCAL_REGION, LOCAL_SOURCE, assertLocalUnitManageable } from './register-instrument.usecase';

/** Replaces a registered instrument (PUT /instruments/{id}); unchanged content keeps its version. */
@Injectable()
export class UpdateInstrumentUseCase {
  constructor(
    private readonly instruments: InstrumentRepository,
    private readonly units: UnitRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(id: string, body: unknown, principal: Principal): Promise<InstrumentView> {
    const existing = await loadLocalForChange(this.instruments, id, principal);
    // The exemption is the decision's (Art. 11): kept as decided, never declared or lifted here.
    const input = validateLocalInstrument(body, existing.instrument.confidentiality);
    if (input.localId !== existing.instrument.localId) {
      throw DomainError.validation([{ field: 'localId', message: `must stay ${existing.instrument.localId} (the id is ${id})` }]);
    }
    // Ids stay with their unit: a transfer is a withdrawal here and a registration there.
    if (input.unitId !== existing.instrument.unitId) {
      throw DomainError.validation([
        {
          field: 'unitId',
          message: `must stay ${existing.instrument.unitId} (the id ${id} belongs to that unit); to transfer the instrument, withdraw it and register it under the new unit`,
        },
      ]);
    }
    await assertLocalUnitManageable(this.units, existing.instrument.unitId, principal);
    const prepared = prepareInstrument(input, {
      region: LOCAL_REGION,
      sourcePlatform: LOCAL_SOURCE,
      asOf: this.clock.today(),
    });
    const outcome = await this.instruments.replace(prepared);
    if (outcome === 'missing') throw DomainError.notFound(`instrument ${id}`);
    if (outcome === 'stale')
      throw DomainError.conflict(`instrument ${id} was exempted from sharing while your change was on its way (Art. 11); send it again`, { instrumentId: id });
    return toView((await this.instruments.findById(id))!, this.clock.today(), this.config.measures.effectiveDate);
  }
}

/**
 * The instrument to change must exist, be visible to the caller (else 404,
 * never 403, so confidential ones do not leak), and belong to Jiaxing's own
 * registry (federated records are owned by their platform).
 */
export async function loadLocalForChange(instruments: InstrumentRepository, id: string, principal: Principal) {
  const parsed = parseInstrumentId(id);
  const existing = parsed ? await instruments.findVisible(id, visibilityOf(principal)) : undefined;
  if (!existing) throw DomainError.notFound(`instrument ${id}`);
  if (existing.instrument.sourcePlatform !== LOCAL_SOURCE) {
    throw DomainError.forbidden(`instrument ${id} is owned by the ${existing.instrument.region} platform; change it there`);
  }
  return existing;
}
