import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@app/auth';
import { ListUsageFeedsUseCase } from '../use-cases/list-usage-feeds.usecase';

@ApiTags('federation')
@ApiBearerAuth()
@Controller('federation/usage-feeds')
export class UsageFeedsController {
  constructor(private readonly feeds: ListUsageFeedsUseCase) {}

  /** Beside GET /federation/sources (the catalogs): the same roles see the same kind of health. */
  @Roles('user', 'unit_admin', 'customs_officer', 'drc_monitor', 'department', 'admin')
  @Get()
  @ApiOperation({
    summary: "Each partner's and the province's usage feed: status, last success, lag, last error, sessions stored and corrected, rejected records with reasons",
  })
  async list() {
    return { items: await this.feeds.execute() };
  }
}
