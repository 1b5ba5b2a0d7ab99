import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Public, type Principal } from '@app/auth';
import { SearchInstrumentsUseCase } from '../use-cases/search-instruments.usecase';
import { SearchInstrumentsQueryDto } from './search-instruments.query';

@ApiTags('instruments')
@Controller('instruments')
export class SearchController {
  constructor(private readonly search: SearchInstrumentsUseCase) {}

  /** Public: anyone may search; a signed-in unit member also finds the unit's own excluded instruments. */
  @Public()
  @Get()
  @ApiOperation({ summary: 'Search every federated catalog in Chinese or English, with filters, facets, distance and source freshness' })
  find(@Query() query: SearchInstrumentsQueryDto, @CurrentPrincipal() principal?: Principal) {
    return this.search.execute(query, principal);
  }
}
