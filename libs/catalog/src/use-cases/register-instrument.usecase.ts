import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { Clock, DomainError, SCOPED_UNIT_ID } from '@app/common';
import type { Principal } from '@app/auth';
import { canManageUnit } from '../domain/instrument-access';
import { prepareInstrument } from '../domain/prepare-instrument-write';
import { InstrumentRepository } from '../infrastructure/instrument.repository';
import { UnitRepository } from '../infrastructure/unit.repository';
import { toView, type InstrumentView } from './instrument-view';
import { validateLocalInstrument } from './validate-local-instrument';

export const LOCAL_REGION = 'jiaxing' as const;
export const LOCAL_SOURCE = 'local';

/** A Jiaxing management unit registers one of its instruments (POST /instruments). */
@Injectable()
export class RegisterInstrumentUseCase {
  constructor(
    private readonly instruments: InstrumentRepository,
    private readonly units: UnitRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(body: unknown, principal: Principal): Promise<InstrumentView> {
    // A new record has no decided exemption to keep: `exempted` is refused (Art. 11).
    const input = validateLocalInstrument(body, undefined);
    await assertLocalUnitManageable(this.units, input.unitId, principal);
    const prepared = prepareInstrument(input, { region: LOCAL_REGION, sourcePlatform: LOCAL_SOURCE, asOf: this.clock.today() });
    // The id is scoped to the caller's own unit, so a conflict can only be with
    // one of the unit's own instruments, never another unit's hidden one.
    if (!(await this.instruments.insert(prepared))) {
      throw DomainError.conflict(`instrument ${prepared.id} is already registered; use PUT to change it`, { instrumentId: prepared.id });
    }
    return toView((await this.instruments.findById(prepared.id))!, this.clock.today(), this.config.measures.effectiveDate);
  }
}

export async function assertLocalUnitManageable(units: UnitRepository, unitId: string, principal: Principal): Promise<void> {
  if (!canManageUnit(unitId, principal)) {
    throw DomainError.forbidden(`a unit admin manages only the instruments of their own unit (${principal.unitId ?? 'none'}), not ${unitId}`);
  }
  const unit = await units.findById(unitId);
  if (!unit) throw DomainError.validation([{ field: 'unitId', message: `unknown management unit ${unitId}` }]);
  if (unit.region !== LOCAL_REGION) {
    throw DomainError.validation([{ field: 'unitId', message: `unit ${unitId} belongs to ${unit.region}; this registry holds Jiaxing's units only` }]);
  }
  if (!SCOPED_UNIT_ID.test(unitId)) {
    throw DomainError.validation([
      {
        field: 'unitId',
        message: `unit ${unitId} cannot register instruments: its id must be letters, digits, _ or - (at most 32), as it becomes part of each instrument id`,
      },
    ]);
  }
}
