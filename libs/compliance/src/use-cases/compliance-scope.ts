import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { ListUnitsUseCase } from '@app/catalog';
import { DomainError } from '@app/common';
import { OWN_REGION } from '../domain/duties';
import type { UnitScope } from '../infrastructure/reminder.repository';

/**
 * Which units' compliance a caller may read: an admin every unit; a competent
 * department the Jiaxing units of its sector (Art. 7, the catalog's mapping);
 * a unit admin its own unit. Anyone else is refused.
 */
@Injectable()
export class ComplianceScope {
  constructor(private readonly units: ListUnitsUseCase) {}

  async of(principal: Principal): Promise<UnitScope> {
    if (principal.roles.includes('admin')) return { all: true };
    if (principal.roles.includes('department') && principal.department) return { all: false, unitIds: await this.unitsOfDepartment(principal.department) };
    if (principal.roles.includes('unit_admin') && principal.unitId) return { all: false, unitIds: [principal.unitId] };
    throw DomainError.forbidden('compliance is read by the unit\'s admins, its competent department and admins');
  }

  /** Jiaxing units whose sector the department supervises, with their names. */
  async departmentUnits(code: string) {
    const units = await this.units.execute({ region: OWN_REGION });
    return units.filter((u) => u.competentDepartment.code === code);
  }

  private async unitsOfDepartment(code: string): Promise<string[]> {
    return (await this.departmentUnits(code)).map((u) => u.id);
  }
}

export function allows(scope: UnitScope, unitId: string): boolean {
  return scope.all || scope.unitIds.includes(unitId);
}

