import { Controller, Get, Header, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Public, type Principal } from '@app/auth';
import { QueryInput } from '@app/common';
import { RateLimit } from '@app/rate-limit';
import type { FastifyRequest } from 'fastify';
import { searchInstrumentsInput, type SearchInstrumentsInput } from '../use-cases/search-instruments.input';
import { SearchResponseCache } from './search-response-cache';

@ApiTags('instruments')
@Controller('instruments')
export class SearchController {
  constructor(private readonly responses: SearchResponseCache) {}

  /** Public: anyone may search; a signed-in unit member also finds the unit's own excluded instruments. */
  @Public()
  @RateLimit('search')
  @Get()
  @ApiOperation({ summary: 'Search every federated catalog in Chinese or English, with filters, facets, distance and source freshness' })
  @Header('Content-Type', 'application/json; charset=utf-8')
  find(
    @QueryInput(searchInstrumentsInput) query: SearchInstrumentsInput,
    @Req() req: FastifyRequest,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<Buffer> {
    return this.responses.respond(query, principal, req.url);
  }
}
