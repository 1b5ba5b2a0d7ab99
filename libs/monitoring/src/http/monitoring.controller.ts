import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { Clock, DomainError, QueryInput } from '@app/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { reportPeriod } from '../domain/report-period';
import type { ReportFormat, ReportTable } from '../domain/report-table';
import { CSV_TYPE, XLSX_TYPE, reportCsv, reportXlsx } from '../export/write-report';
import { CrossRegionReportUseCase } from '../use-cases/cross-region-report.usecase';
import { IndicatorsUseCase } from '../use-cases/indicators.usecase';
import { crossRegionQueryInput, indicatorsQueryInput, type CrossRegionQueryInput, type IndicatorsQueryInput } from '../use-cases/report-query.input';
import { audienceOf } from '../use-cases/report-inputs';

/** `?format=` wins over `Accept`; JSON otherwise. */
function formatOf(query: { format?: ReportFormat }, req: FastifyRequest): ReportFormat {
  if (query.format) return query.format;
  const accept = String(req.headers.accept ?? '');
  if (accept.includes(XLSX_TYPE)) return 'xlsx';
  if (accept.includes('text/csv')) return 'csv';
  return 'json';
}

async function send(res: FastifyReply, format: ReportFormat, name: string, tables: ReportTable[], csvTable: string, json: unknown) {
  if (format === 'json') return json;
  if (format === 'csv') {
    const table = tables.find((t) => t.name === csvTable);
    if (!table) throw DomainError.validation([{ field: 'table', message: `one of ${tables.map((t) => t.name).join(', ')}` }]);
    void res.type(CSV_TYPE).header('Content-Disposition', `attachment; filename="${name}-${table.name}.csv"`);
    return reportCsv(table);
  }
  void res.type(XLSX_TYPE).header('Content-Disposition', `attachment; filename="${name}.xlsx"`);
  return reportXlsx(tables);
}

const rowsOf = (t: ReportTable) => t.rows;

@ApiTags('monitoring')
@ApiBearerAuth()
@Controller('monitoring')
export class MonitoringController {
  constructor(
    private readonly crossRegion: CrossRegionReportUseCase,
    private readonly indicators: IndicatorsUseCase,
    private readonly clock: Clock,
  ) {}

  @Roles('drc_monitor', 'admin')
  @Get('cross-region')
  @ApiProduces('application/json', CSV_TYPE, XLSX_TYPE)
  @ApiOperation({
    summary:
      'Cross-region use in the Yangtze River Delta for the DRC: flow matrix requesting × owning region (confirmed bookings and hours; sessions, effective hours and fees from the usage rollups), ' +
      'monthly trend, categories and units (utilisation, sharing rate), the instruments most used across regions, and each source’s sync health. Aggregates only; confidential and exempted instruments are in no figure (docs/monitoring.md).',
  })
  async crossRegionReport(
    @QueryInput(crossRegionQueryInput) query: CrossRegionQueryInput,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const period = reportPeriod(query.from, query.to, this.clock.now());
    const report = await this.crossRegion.execute(period);
    const json = { period, ...Object.fromEntries(report.tables.map((t) => [t.name, rowsOf(t)])) };
    return send(res, formatOf(query, req), `cross-region-${period.from}-${period.to}`, report.tables, query.table ?? 'matrix', json);
  }

  @Roles('drc_monitor', 'admin', 'unit_admin')
  @Get('indicators')
  @ApiProduces('application/json', CSV_TYPE, XLSX_TYPE)
  @ApiOperation({
    summary:
      'Evaluation indicators of a period per instrument, unit, category or region: effective and external hours, utilisation, sharing rate, fee income, share listed on the provincial platform, IoT coverage. ' +
      'The DRC and admins see every unit without confidential or exempted instruments; a unit admin sees its own unit only.',
  })
  async indicatorsReport(
    @QueryInput(indicatorsQueryInput) query: IndicatorsQueryInput,
    @CurrentPrincipal() principal: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const audience = audienceOf(principal);
    const period = reportPeriod(query.from, query.to, this.clock.now());
    const result = await this.indicators.execute(period, query.groupBy, audience);
    const json = { period, groupBy: result.groupBy, items: result.table.rows };
    return send(res, formatOf(query, req), `indicators-${result.groupBy}-${period.from}-${period.to}`, [result.table], 'indicators', json);
  }
}
