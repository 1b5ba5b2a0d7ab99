import { Injectable } from '@nestjs/common';
import type { ManagementUnit } from '../domain/instrument';
import { UnitRepository } from '../infrastructure/unit.repository';

/** One management unit by id (units are public: legal persons, no personal data). */
@Injectable()
export class GetUnitUseCase {
  constructor(private readonly units: UnitRepository) {}

  execute(id: string): Promise<ManagementUnit | undefined> {
    return this.units.findById(id);
  }
}
