import { Injectable } from '@nestjs/common';
import { competentDepartmentOf } from '../domain/competent-department';
import { UnitRepository } from '../infrastructure/unit.repository';
import type { ListUnitsInput } from './list-units.input';

@Injectable()
export class ListUnitsUseCase {
  constructor(private readonly units: UnitRepository) {}

  async execute(filter: ListUnitsInput) {
    const units = await this.units.list(filter);
    return units.map((unit) => ({ ...unit, competentDepartment: competentDepartmentOf(unit.sector) }));
  }
}
