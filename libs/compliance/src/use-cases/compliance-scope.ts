import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { GetUnitUseCase, InstrumentDutyFactsUseCase, ListUnitsUseCase } from '@app/catalog';
import { DomainError } from '@app/common';
import { excluded, OWN_REGION } from '../domain/duties';
import type { UnitScope } from '../infrastructure/reminder.repository';

/**
 * What a caller reads of compliance: the units, and whether it sees their
 * confidential and exempted instruments (Arts. 2, 11), which are their own
 * unit's and admins' business, not the department's.
 */
export type ReaderScope = UnitScope & { seesExcluded: boolean };

/**
 * Which units' compliance a caller may read: an admin every unit; a competent
 * department the Jiaxing units of its sector (Art. 7, the catalog's mapping);
 * a unit admin its own unit, if it is one of ours (as booking's
 * `UnitAdminScope.actingUnit`: a partner's unit acts through its own platform,
 * so a `unit_admin` token naming one, or no known unit, is a plain user here).
 * Anyone else is refused (403).
 */
@Injectable()
export class ComplianceScope {
  constructor(
    private readonly units: ListUnitsUseCase,
    private readonly unit: GetUnitUseCase,
    private readonly facts: InstrumentDutyFactsUseCase,
  ) {}

  async of(principal: Principal): Promise<ReaderScope> {
    if (principal.roles.includes('admin')) return { all: true, seesExcluded: true };
    if (principal.roles.includes('department') && principal.department) {
      return { all: false, unitIds: await this.unitsOfDepartment(principal.department), seesExcluded: false };
    }
    const own = await this.actingUnit(principal);
    if (own) return { all: false, unitIds: [own], seesExcluded: true };
    throw DomainError.forbidden("compliance is read by the unit's admins, its competent department and admins");
  }

  /**
   * The reminders a caller reads: those of its scope, less, for a department,
   * those of instruments confidential or exempted today (the catalog's current
   * facts), whenever the reminder was created: one made before the instrument
   * became confidential says no more than a new one would.
   */
  async ofReminders(principal: Principal): Promise<UnitScope> {
    const scope = await this.of(principal);
    if (scope.seesExcluded || scope.all || scope.unitIds.length === 0) return scope;
    const hidden = (await this.facts.list({ region: OWN_REGION, unitIds: scope.unitIds })).filter(excluded).map((f) => f.id);
    return { ...scope, hiddenInstrumentIds: hidden };
  }

  /** Jiaxing units whose sector the department supervises, with their names. */
  async departmentUnits(code: string) {
    const units = await this.units.execute({ region: OWN_REGION });
    return units.filter((u) => u.competentDepartment.code === code);
  }

  private async actingUnit(principal: Principal): Promise<string | undefined> {
    if (!principal.roles.includes('unit_admin') || !principal.unitId) return undefined;
    const unit = await this.unit.execute(principal.unitId);
    return unit?.region === OWN_REGION ? unit.id : undefined;
  }

  private async unitsOfDepartment(code: string): Promise<string[]> {
    return (await this.departmentUnits(code)).map((u) => u.id);
  }
}

export function allows(scope: UnitScope, unitId: string): boolean {
  return scope.all || scope.unitIds.includes(unitId);
}
