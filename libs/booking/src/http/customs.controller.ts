import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { BodyInput, QueryInput } from '@app/common';
import { CustomsApprovalsUseCase } from '../use-cases/customs-approvals.usecase';
import {
  approveCustomsInput,
  CUSTOMS_LIST_STATUSES,
  customsListInput,
  rejectCustomsInput,
  type CustomsDecisionInput,
  type CustomsListInput,
} from '../use-cases/customs-decision.input';
import { presentBooking } from './present-booking';

const window = { type: 'object', properties: { start: { type: 'string', format: 'date-time' }, end: { type: 'string', format: 'date-time' } } };
const APPROVAL_ITEM = {
  type: 'object',
  required: ['id', 'bookingId', 'instrumentId', 'window', 'status'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    bookingId: { type: 'string', format: 'uuid', description: 'readable by the officer at GET /api/v1/bookings/{id}' },
    instrumentId: { type: 'string' },
    instrumentName: { type: 'string' },
    declarationNo: { type: 'string', nullable: true },
    supervisionEnds: { type: 'string', format: 'date', nullable: true },
    ownerUnitId: { type: 'string' },
    requestingUnitId: { type: 'string', nullable: true },
    window,
    purpose: { type: 'string' },
    requestedAt: { type: 'string', format: 'date-time' },
    status: { type: 'string', enum: [...CUSTOMS_LIST_STATUSES] },
    decision: {
      type: 'object',
      description: 'only with status=decided: the decision as taken, which stands whatever became of the booking',
      properties: {
        outcome: { type: 'string', enum: ['approved', 'rejected'] },
        officer: { type: 'string' },
        reference: { type: 'string' },
        reason: { type: 'string' },
        decidedAt: { type: 'string', format: 'date-time' },
      },
    },
    bookingStatus: {
      type: 'string',
      description: 'only with status=decided: the booking now (e.g. rejected when an approved window had been taken meanwhile)',
    },
  },
};
@ApiTags('customs')
@ApiBearerAuth()
@Roles('customs_officer', 'admin')
@Controller('customs/approvals')
export class CustomsController {
  constructor(private readonly approvals: CustomsApprovalsUseCase) {}

  @Get()
  @ApiOperation({
    summary: 'Bookings of duty-free instruments inside supervision before Jiaxing Customs (Art. 12): waiting (pending) or decided, with the decision',
  })
  @ApiOkResponse({ schema: { type: 'object', properties: { items: { type: 'array', items: APPROVAL_ITEM } } } })
  async list(@QueryInput(customsListInput) query: CustomsListInput) {
    return { items: await this.approvals.list(query) };
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Approve a waiting booking (Art. 12). The decision is recorded in any case; the booking moves on to pending_owner or confirmed, ' +
      'or — when its window was confirmed for another booking meanwhile — to rejected with that reason (still 200: the decision was taken). 404 when not waiting.',
  })
  async approve(@Param('id') id: string, @BodyInput(approveCustomsInput) body: CustomsDecisionInput, @CurrentPrincipal() officer: Principal) {
    return presentBooking(await this.approvals.decide(id, true, body, officer.sub));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a waiting booking with the reference and the reason the requester is told (Art. 12). 404 when not waiting.' })
  async reject(@Param('id') id: string, @BodyInput(rejectCustomsInput) body: CustomsDecisionInput, @CurrentPrincipal() officer: Principal) {
    return presentBooking(await this.approvals.decide(id, false, body, officer.sub));
  }
}
