import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { BodyInput, QueryInput } from '@app/common';
import { RateLimit } from '@app/rate-limit';
import { ApproveExemptionUseCase } from '../use-cases/approve-exemption.usecase';
import {
  approveExemptionInput,
  fileExemptionInput,
  rejectExemptionInput,
  requestExemptionInput,
  withdrawExemptionInput,
  type ApproveExemptionInput,
  type FileExemptionInput,
  type RejectExemptionInput,
  type RequestExemptionInput,
  type WithdrawExemptionInput,
} from '../use-cases/exemption-steps.input';
import { FileExemptionUseCase } from '../use-cases/file-exemption.usecase';
import { GetExemptionUseCase } from '../use-cases/get-exemption.usecase';
import { listExemptionsInput, type ListExemptionsInput } from '../use-cases/list-exemptions.input';
import { ListExemptionsUseCase } from '../use-cases/list-exemptions.usecase';
import { RejectExemptionUseCase } from '../use-cases/reject-exemption.usecase';
import { RequestExemptionUseCase } from '../use-cases/request-exemption.usecase';
import { WithdrawExemptionUseCase } from '../use-cases/withdraw-exemption.usecase';

const ID = { name: 'id', schema: { type: 'string', format: 'uuid' } } as const;
const NOT_YOURS = "A request outside your scope (another unit's, another sector's) is 404, as if it did not exist.";

/** Art. 11: exemptions from sharing, decided by the competent department and filed with the provincial office (docs/exemptions.md). */
@ApiTags('exemptions')
@ApiBearerAuth()
@Controller('exemptions')
export class ExemptionsController {
  constructor(
    private readonly requesting: RequestExemptionUseCase,
    private readonly listing: ListExemptionsUseCase,
    private readonly reading: GetExemptionUseCase,
    private readonly approval: ApproveExemptionUseCase,
    private readonly rejection: RejectExemptionUseCase,
    private readonly filing: FileExemptionUseCase,
    private readonly withdrawal: WithdrawExemptionUseCase,
  ) {}

  @Roles('unit_admin')
  // Each request reaches a department's queue and the catalog: a loop must not flood the department (RATE_LIMIT_EXEMPTION, with withdrawals).
  @RateLimit('exemption')
  @Post()
  @ApiOperation({
    summary: "Request an exemption from sharing for one of your unit's instruments (Art. 11)",
    description:
      "Unit admins only. Opens a `requested` exemption for the competent department of your unit's sector; the instrument stays shared until the department approves and the approval is filed. Another unit's instrument: 404. Already exempted or confidential, or a request under way: 409. Unknown fields: 400.",
  })
  request(@BodyInput(requestExemptionInput) body: RequestExemptionInput, @CurrentPrincipal() principal: Principal) {
    return this.requesting.execute(body, principal);
  }

  @Roles('unit_admin', 'department', 'admin')
  @Get()
  @ApiOperation({
    summary: 'Exemption requests you may see, newest first (at most 500)',
    description:
      "A competent department sees its sector's units' requests (its queue: `?status=requested`), a unit admin its unit's, the joint-conference office (admin) all.",
  })
  async list(@QueryInput(listExemptionsInput) query: ListExemptionsInput, @CurrentPrincipal() principal: Principal) {
    return { items: await this.listing.execute(query, principal) };
  }

  @Roles('unit_admin', 'department', 'admin')
  @Get(':id')
  @ApiParam(ID)
  @ApiOperation({ summary: 'One exemption request with its append-only trail', description: NOT_YOURS })
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.reading.execute(id, principal);
  }

  @Roles('department')
  @Post(':id/approve')
  @HttpCode(200)
  @ApiParam(ID)
  @ApiOperation({
    summary: 'Approve a requested exemption, with your approval reference (competent department, Art. 11)',
    description: `The department of the unit's sector only. Not yet in force: the filing with the provincial office follows. Not \`requested\`: 409. ${NOT_YOURS}`,
  })
  approve(@Param('id') id: string, @BodyInput(approveExemptionInput) body: ApproveExemptionInput, @CurrentPrincipal() principal: Principal) {
    return this.approval.execute(id, body, principal);
  }

  @Roles('department')
  @Post(':id/reject')
  @HttpCode(200)
  @ApiParam(ID)
  @ApiOperation({
    summary: 'Reject a requested exemption, with your reason (competent department, Art. 11)',
    description: `The instrument stays shared; the unit may request again. Not \`requested\`: 409. ${NOT_YOURS}`,
  })
  reject(@Param('id') id: string, @BodyInput(rejectExemptionInput) body: RejectExemptionInput, @CurrentPrincipal() principal: Principal) {
    return this.rejection.execute(id, body, principal);
  }

  @Roles('admin')
  @Post(':id/file')
  @HttpCode(200)
  @ApiParam(ID)
  @ApiOperation({
    summary: 'Record the filing of an approved exemption with the provincial office; the instrument is exempted now (Art. 11)',
    description:
      "The joint-conference office (admin) only. The instrument's confidentiality becomes `exempted` with the department's name, approval reference and date and this filing's reference and date; it leaves search for others, partners' change feeds and the province as a confidential one does. The same filingRef again re-applies (idempotent); not `approved`: 409; instrument withdrawn meanwhile: 409.",
  })
  file(@Param('id') id: string, @BodyInput(fileExemptionInput) body: FileExemptionInput, @CurrentPrincipal() principal: Principal) {
    return this.filing.execute(id, body, principal);
  }

  @Roles('unit_admin')
  @RateLimit('exemption')
  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiParam(ID)
  @ApiOperation({
    summary: "Withdraw your unit's pending exemption request (requested, or approved but not filed)",
    description: `Unit admins of the requesting unit. Filed, rejected or withdrawn already: 409. ${NOT_YOURS}`,
  })
  withdraw(
    @Param('id') id: string,
    @BodyInput(withdrawExemptionInput, { optional: true }) body: WithdrawExemptionInput,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.withdrawal.execute(id, body, principal);
  }
}
