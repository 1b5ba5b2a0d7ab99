import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Public, Roles, type Principal } from '@app/auth';
import { ApiInputBody, DomainError } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { readUploadedFile } from '@app/platform';
import { RateLimit } from '@app/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildTemplateCsv, buildTemplateXlsx } from '../import';
import { DeleteInstrumentUseCase } from '../use-cases/delete-instrument.usecase';
import { GetInstrumentUseCase } from '../use-cases/get-instrument.usecase';
import { ImportInstrumentsUseCase } from '../use-cases/import-instruments.usecase';
import { RegisterInstrumentUseCase } from '../use-cases/register-instrument.usecase';
import { UpdateInstrumentUseCase } from '../use-cases/update-instrument.usecase';
import { instrumentInput } from '../validation';

/** Ids as partners and units see them (README "Instrument ids"). */
const ID_PARAM = {
  name: 'id',
  description: '`<region>:<localId>`; Jiaxing-registered instruments are scoped to their unit: `jiaxing:<unitId>.<localId>`',
  example: 'jiaxing:jx-u001.JX-SEM-001',
};

const TEMPLATE_CSV = path.join(__dirname, '../../../../config/import-template/instruments-template.csv');

@ApiTags('instruments')
@Controller('instruments')
export class InstrumentsController {
  constructor(
    private readonly get: GetInstrumentUseCase,
    private readonly register: RegisterInstrumentUseCase,
    private readonly update: UpdateInstrumentUseCase,
    private readonly remove: DeleteInstrumentUseCase,
    private readonly importer: ImportInstrumentsUseCase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('import/template.csv')
  @ApiOperation({ summary: 'The import template (CSV, UTF-8 with BOM so Excel opens it correctly)' })
  templateCsv(@Res() res: FastifyReply) {
    void res.type('text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="instruments-template.csv"');
    void res.send(buildTemplateCsv(fs.readFileSync(TEMPLATE_CSV, 'utf8')));
  }

  @Public()
  @Get('import/template.xlsx')
  @ApiOperation({ summary: 'The import template (XLSX, with a note on each column)' })
  async templateXlsx(@Res() res: FastifyReply) {
    void res
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('Content-Disposition', 'attachment; filename="instruments-template.xlsx"');
    void res.send(await buildTemplateXlsx());
  }

  @Public()
  @RateLimit('search')
  @Get(':id')
  @ApiParam(ID_PARAM)
  @ApiOperation({ summary: 'One instrument with its policy decisions (each reason cites its article)' })
  detail(@Param('id') id: string, @CurrentPrincipal() principal?: Principal) {
    return this.get.execute(id, principal);
  }

  @Roles('unit_admin', 'admin')
  @ApiBearerAuth()
  @Post()
  @ApiInputBody(instrumentInput)
  @ApiOperation({ summary: "Register one of your unit's instruments (unknown fields are rejected)" })
  // Checked by the use-case, which alone knows whether an exemption is the unit's to write (Art. 11).
  create(@Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    return this.register.execute(body, principal);
  }

  @Roles('unit_admin', 'admin')
  @ApiBearerAuth()
  @Put(':id')
  @ApiParam(ID_PARAM)
  @ApiInputBody(instrumentInput)
  replace(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    return this.update.execute(id, body, principal);
  }

  @Roles('unit_admin', 'admin')
  @ApiBearerAuth()
  @Delete(':id')
  @ApiParam(ID_PARAM)
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Withdraw an instrument of the unit. Its bookings follow at once: confirmed ones whose window has not started are cancelled, ' +
      'undecided ones (awaiting customs or the owner) rejected, each with the reason and an audit row; a window already started is left to the unit to close.',
  })
  async withdraw(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.remove.execute(id, principal);
  }

  @Roles('unit_admin', 'admin')
  @ApiBearerAuth()
  @Post('import')
  @RateLimit('import')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  @ApiOperation({ summary: 'Bulk import from CSV or XLSX: every row is stored or reported back with its row number and reason' })
  async import(@Req() req: FastifyRequest, @CurrentPrincipal() principal: Principal) {
    const file = await readUploadedFile(req, 'file', this.config.importMaxBytes);
    if (!file) throw DomainError.validation([{ field: 'file', message: 'send the spreadsheet as multipart/form-data field "file"' }]);
    return this.importer.execute(file, principal);
  }
}
