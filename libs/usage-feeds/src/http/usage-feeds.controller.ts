import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@app/auth';
import { ListUsageFeedsUseCase } from '../use-cases/list-usage-feeds.usecase';

@ApiTags('federation')
@ApiBearerAuth()
@Controller('federation/usage-feeds')
export class UsageFeedsController {
  constructor(private readonly feeds: ListUsageFeedsUseCase) {}

  /**
   * Narrower than GET /federation/sources (never wider): refusals are about
   * our users' bookings of partners' instruments, so only those who oversee
   * the sharing (the DRC, the departments, admins) read them.
   */
  @Roles('drc_monitor', 'department', 'admin')
  @Get()
  @ApiOperation({
    summary:
      "Each partner's and the province's usage feed: status, last success, lag, last error (`CODE: message`), sessions stored and corrected, rejected records with reasons (`CODE: message`, never our booking ids). Roles drc_monitor, department, admin.",
  })
  async list() {
    return { items: await this.feeds.execute() };
  }
}
