import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { InstrumentDutyFactsUseCase } from '@app/catalog';
import { Clock, DomainError } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { LastUseUseCase } from '@app/usage';
import { assessDuties, assessIdleDuty, bound, lastUseDay, OWN_REGION } from '../domain/duties';
import { allows, ComplianceScope } from './compliance-scope';

/**
 * One instrument's duties today: for a Jiaxing instrument the Art. 13 listing
 * and service-terms decisions with their deadlines and the Art. 15 idle
 * decision; for another region's instrument its own platform's facts only.
 * Read by those who may read its unit's compliance (a foreign unit: admins).
 */
@Injectable()
export class InstrumentDutiesUseCase {
  constructor(
    private readonly facts: InstrumentDutyFactsUseCase,
    private readonly lastUse: LastUseUseCase,
    private readonly scope: ComplianceScope,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(id: string, principal: Principal) {
    const scope = await this.scope.of(principal);
    const [f] = await this.facts.list({ ids: [id] });
    if (!f || !allows(scope, f.unitId)) throw DomainError.notFound(`instrument ${id}`);
    const asOf = this.clock.today();
    const effectiveDate = this.config.measures.effectiveDate;
    const duties = assessDuties(f, asOf, effectiveDate);
    const base = { instrumentId: f.id, unitId: f.unitId, asOf };
    if (f.region !== OWN_REGION) return { ...base, ...duties };
    const last = (await this.lastUse.execute([f.id])).get(f.id);
    const lastUse = last ? lastUseDay(last) : undefined;
    return {
      ...base,
      ...duties,
      effectiveDate,
      ...(bound(f) ? { idle: { ...assessIdleDuty(f, lastUse, asOf, effectiveDate), ...(lastUse ? { lastUse } : {}) } } : {}),
    };
  }
}
