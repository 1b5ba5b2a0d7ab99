import { Injectable } from '@nestjs/common';
import { competentDepartmentOf } from '../domain/competent-department';
import { UnitRepository } from '../infrastructure/unit.repository';

@Injectable()
export class ListUnitsUseCase {
  constructor(private readonly units: UnitRepository) {}

  async execute(filter: { region?: string }) {
    const units = await this.units.list(filter);
    return units.map((unit) => ({ ...unit, competentDepartment: competentDepartmentOf(unit.sector) }));
  }
}
