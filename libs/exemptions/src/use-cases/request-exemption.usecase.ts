import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { competentDepartmentOf, InstrumentDutyFactsUseCase, LOCAL_REGION, LOCAL_SOURCE } from '@app/catalog';
import { Clock, DomainError } from '@app/common';
import type { ExemptionRequest } from '../domain/exemption';
import { ExemptionRepository } from '../infrastructure/exemption.repository';
import { toExemptionView } from './exemption-access';
import { requestExemptionInput } from './exemption-steps.input';

/**
 * Art. 11: a unit asks its competent department to exempt one of its own
 * instruments from sharing, with its grounds. Nothing changes for sharing yet.
 * Another unit's instrument, or one not ours, is not found (404): a unit
 * learns nothing of others' hidden instruments. One open request per
 * instrument (409); an exempted or confidential instrument is out of sharing
 * already (409).
 */
@Injectable()
export class RequestExemptionUseCase {
  constructor(
    private readonly facts: InstrumentDutyFactsUseCase,
    private readonly requests: ExemptionRepository,
    private readonly clock: Clock,
  ) {}

  async execute(body: unknown, principal: Principal): Promise<ExemptionRequest> {
    const input = requestExemptionInput.parse(body);
    const instrumentId = input.instrumentId;
    const [f] = await this.facts.list({ ids: [instrumentId] });
    if (!f || f.region !== LOCAL_REGION || f.sourcePlatform !== LOCAL_SOURCE || !principal.unitId || f.unitId !== principal.unitId || !f.unitSector) {
      throw DomainError.notFound(`instrument ${instrumentId} among your unit's instruments`);
    }
    if (f.confidentiality.status !== 'none') {
      throw DomainError.conflict(
        f.confidentiality.status === 'exempted'
          ? `instrument ${instrumentId} is exempted from sharing already (Art. 11)`
          : `instrument ${instrumentId} is declared confidential (state secrets, Art. 2): it is outside sharing without an exemption`,
        { instrumentId },
      );
    }
    const stored = await this.requests.insert({
      instrumentId,
      instrumentName: f.name,
      unitId: f.unitId,
      departmentCode: competentDepartmentOf(f.unitSector).code,
      grounds: input.grounds,
      requestedBy: principal.sub,
      requestedAt: this.clock.now(),
    });
    if (!stored)
      throw DomainError.conflict(`instrument ${instrumentId} has an exemption request under way: wait for its decision or withdraw it`, { instrumentId });
    return toExemptionView(stored);
  }
}
