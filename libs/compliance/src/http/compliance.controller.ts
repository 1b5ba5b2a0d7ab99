import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { toCsv } from '@app/spreadsheets';
import { DEPARTMENT_CODES, QueryInput } from '@app/common';
import type { FastifyReply } from 'fastify';
import { quarterlyCsvRows } from '../domain/quarterly-report';
import { AcknowledgeReminderUseCase } from '../use-cases/acknowledge-reminder.usecase';
import { ComplianceOverviewUseCase } from '../use-cases/compliance-overview.usecase';
import { InstrumentDutiesUseCase } from '../use-cases/instrument-duties.usecase';
import { listRemindersInput, type ListRemindersInput } from '../use-cases/list-reminders.input';
import { ListRemindersUseCase } from '../use-cases/list-reminders.usecase';
import { quarterlyReportInput, type QuarterlyReportInput } from '../use-cases/quarterly-report.input';
import { QuarterlyReportUseCase } from '../use-cases/quarterly-report.usecase';

const SCOPE =
  "A unit admin reads its own unit (a Jiaxing unit: a token naming another region's unit is 403); a competent department (role `department`) the Jiaxing units of its sector, " +
  'except what concerns their confidential or exempted instruments (Arts. 2, 11; such an instrument is 404 to it); an admin every unit. Other roles 403, no token 401.';

@ApiTags('compliance')
@ApiBearerAuth()
@Controller('compliance')
export class ComplianceController {
  constructor(
    private readonly reminders: ListRemindersUseCase,
    private readonly acknowledgement: AcknowledgeReminderUseCase,
    private readonly overviews: ComplianceOverviewUseCase,
    private readonly duties: InstrumentDutiesUseCase,
    private readonly quarterly: QuarterlyReportUseCase,
  ) {}

  @Roles('unit_admin', 'department', 'admin')
  @Get('reminders')
  @ApiOperation({
    summary: 'Internal reminders (Art. 13 listing or service terms overdue, Art. 15 idle), newest first',
    description: `${SCOPE} Each reminder names the fact that triggered it (the missed deadline or the last use) and carries its reasons with their articles; the daily job creates it once.`,
  })
  async listReminders(@CurrentPrincipal() principal: Principal, @QueryInput(listRemindersInput) query: ListRemindersInput) {
    return { items: await this.reminders.execute(principal, query) };
  }

  @Roles('unit_admin')
  @Post('reminders/:id/acknowledge')
  @HttpCode(200)
  @ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' } })
  @ApiOperation({
    summary: "The unit's admin acknowledges one of its unit's reminders (a repeat keeps the first acknowledgement); another unit's reminder is 404",
  })
  acknowledge(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.acknowledgement.execute(id, principal);
  }

  @Roles('unit_admin', 'department', 'admin')
  @Get('overview')
  @ApiOperation({ summary: 'Reminder counts per unit and kind: open (not acknowledged) and total', description: SCOPE })
  async overview(@CurrentPrincipal() principal: Principal) {
    return { units: await this.overviews.execute(principal) };
  }

  @Roles('unit_admin', 'department', 'admin')
  @Get('instruments/:id')
  @ApiParam({ name: 'id', schema: { type: 'string' }, example: 'jiaxing:jx-u001.JX-SEM-001' })
  @ApiOperation({
    summary: "One instrument's duties today: Art. 13 listing (judged on the province's listing date) and service terms with deadlines, Art. 15 idleness",
    description: `${SCOPE} Another region's instrument (admins) shows its own platform's facts and no Jiaxing deadline. No clock starts before MEASURES_EFFECTIVE_DATE (Art. 24).`,
  })
  instrument(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.duties.execute(id, principal);
  }

  @Roles('department', 'admin')
  @Get('departments/:code/quarterly')
  @ApiParam({ name: 'code', enum: DEPARTMENT_CODES })
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary:
      "Art. 14 quarterly report of a competent department: per unit of its sector, purchases, instruments in scope, listed, overdue and late listings, idle, and the quarter's sharing (effective/external hours, sessions, fee income)",
    description:
      'A department reads its own code only (another code is 403); admins any. `format=csv` answers the same figures as CSV (UTF-8 with BOM), one line per unit and a TOTAL line.',
  })
  async quarterlyReport(
    @Param('code') code: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: FastifyReply,
    @QueryInput(quarterlyReportInput) query: QuarterlyReportInput,
  ) {
    const report = await this.quarterly.execute(code, query, principal);
    if (query.format !== 'csv') return report;
    void res
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="quarterly-${report.department.code}-${report.year}-Q${report.quarter}.csv"`);
    return `\ufeff${toCsv(quarterlyCsvRows(report))}`;
  }
}
