import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { QueryInput } from '@app/common';
import { listUnitsInput, type ListUnitsInput } from '../use-cases/list-units.input';
import { ListUnitsUseCase } from '../use-cases/list-units.usecase';

@ApiTags('units')
@Controller('units')
export class UnitsController {
  constructor(private readonly units: ListUnitsUseCase) {}

  /** Management units are public facts (who owns which instrument), like the catalog itself. */
  @Public()
  @Get()
  async list(@QueryInput(listUnitsInput) query: ListUnitsInput) {
    return { items: await this.units.execute(query) };
  }
}
