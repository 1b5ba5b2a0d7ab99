import { Controller, Get, Query } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Public } from '@app/auth';
import { REGIONS } from '@app/common';
import { ListUnitsUseCase } from '../use-cases/list-units.usecase';

class ListUnitsQueryDto {
  @ApiPropertyOptional({ enum: REGIONS })
  @IsOptional()
  @IsIn(REGIONS)
  region?: string;
}

@ApiTags('units')
@Controller('units')
export class UnitsController {
  constructor(private readonly units: ListUnitsUseCase) {}

  /** Management units are public facts (who owns which instrument), like the catalog itself. */
  @Public()
  @Get()
  async list(@Query() query: ListUnitsQueryDto) {
    return { items: await this.units.execute(query) };
  }
}
