import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { DomainError } from '@app/common';
import { CustomsApprovalsUseCase } from '../use-cases/customs-approvals.usecase';
import { presentBooking } from './present-booking';

@ApiTags('customs')
@ApiBearerAuth()
@Roles('customs_officer', 'admin')
@Controller('customs/approvals')
export class CustomsController {
  constructor(private readonly approvals: CustomsApprovalsUseCase) {}

  @Get()
  @ApiOperation({ summary: 'Bookings of duty-free instruments inside supervision waiting for Jiaxing Customs (Art. 12)' })
  async list(@Query('status') status = 'pending') {
    if (status !== 'pending') throw DomainError.validation([{ field: 'status', message: 'only "pending" is supported; decided ones are on each booking' }]);
    return { items: await this.approvals.pending() };
  }

  @Post(':id/approve')
  @HttpCode(200)
  async approve(@Param('id') id: string, @Body() body: Record<string, unknown>, @CurrentPrincipal() officer: Principal) {
    return presentBooking(await this.approvals.decide(id, true, body, officer.sub));
  }

  @Post(':id/reject')
  @HttpCode(200)
  async reject(@Param('id') id: string, @Body() body: Record<string, unknown>, @CurrentPrincipal() officer: Principal) {
    return presentBooking(await this.approvals.decide(id, false, body, officer.sub));
  }
}
