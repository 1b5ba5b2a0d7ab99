import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { BodyInput } from '@app/common';
import { ListIdleOffersUseCase } from '../use-cases/list-idle-offers.usecase';
import { offerIdleInstrumentInput, type OfferIdleInstrumentInput } from '../use-cases/offer-idle-instrument.input';
import { OfferIdleInstrumentUseCase } from '../use-cases/offer-idle-instrument.usecase';
import { WithdrawIdleOfferUseCase } from '../use-cases/withdraw-idle-offer.usecase';

@ApiTags('compliance')
@ApiBearerAuth()
@Controller('compliance/idle-offers')
export class IdleOffersController {
  constructor(
    private readonly offer: OfferIdleInstrumentUseCase,
    private readonly list: ListIdleOffersUseCase,
    private readonly withdrawal: WithdrawIdleOfferUseCase,
  ) {}

  @Roles('unit_admin')
  @Post()
  @ApiOperation({
    summary: 'Offer an idle instrument of your unit for lease or transfer (Art. 15)',
    description:
      "Only your unit's own instrument (another unit's: 403), not excluded from sharing (422, Art. 11), idle today — no power-on and no session for a month (else 409 with the reasons) — and one open offer per instrument (409). Unknown fields are rejected.",
  })
  create(@BodyInput(offerIdleInstrumentInput) body: OfferIdleInstrumentInput, @CurrentPrincipal() principal: Principal) {
    return this.offer.execute(body, principal);
  }

  @Roles('user', 'unit_admin', 'department', 'admin')
  @Get()
  @ApiOperation({ summary: 'Open offers of idle instruments, for other units to take up (Art. 15)' })
  async listOpen() {
    return { items: await this.list.execute() };
  }

  @Roles('unit_admin')
  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' } })
  @ApiOperation({ summary: "Withdraw your unit's offer (a repeat answers the withdrawn offer; another unit's offer is 403)" })
  withdraw(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.withdrawal.execute(id, principal);
  }
}
