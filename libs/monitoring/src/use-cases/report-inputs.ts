import { Injectable } from '@nestjs/common';
import { InstrumentFactsUseCase } from '@app/catalog';
import type { Principal } from '@app/auth';
import { DomainError } from '@app/common';
import type { UsageScope } from '@app/usage';
import type { ReportPeriod } from '../domain/report-period';

/** Who sees what: the DRC and admins every unit's rows; a unit admin only its own unit's. */
export interface ReportAudience {
  /** Set for a unit admin: every row is of this unit. */
  unitId?: string;
}

export function audienceOf(principal: Principal): ReportAudience {
  if (principal.roles.includes('drc_monitor') || principal.roles.includes('admin')) return {};
  if (principal.roles.includes('unit_admin') && principal.unitId) return { unitId: principal.unitId };
  throw DomainError.forbidden('the indicators are for the DRC, admins and a unit admin for its own unit');
}

/**
 * The scope every monitoring read shares. Confidential and exempted
 * instruments (Art. 2, 11) are dropped from every row and every total, for
 * the whole period, as they are now classified; only their own unit's admin
 * sees them, in its own unit's indicators.
 */
@Injectable()
export class ReportScopes {
  constructor(private readonly facts: InstrumentFactsUseCase) {}

  async scope(period: ReportPeriod, audience: ReportAudience): Promise<UsageScope> {
    const excluded = (await this.facts.excluded()).filter((e) => e.unitId !== audience.unitId).map((e) => e.id);
    return { from: period.from, to: period.to, excluded, ownerUnitId: audience.unitId };
  }
}
