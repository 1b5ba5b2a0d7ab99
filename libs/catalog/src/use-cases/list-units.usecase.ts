import { Injectable } from '@nestjs/common';
import { UnitRepository } from '../infrastructure/unit.repository';

@Injectable()
export class ListUnitsUseCase {
  constructor(private readonly units: UnitRepository) {}

  execute(filter: { region?: string }) {
    return this.units.list(filter);
  }
}
