import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { Clock, DomainError } from '@app/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { reportPeriod } from '../domain/report-period';
import type { ReportTable } from '../domain/report-table';
import { CSV_TYPE, XLSX_TYPE, reportCsv, reportXlsx } from '../export/write-report';
import { CrossRegionReportUseCase } from '../use-cases/cross-region-report.usecase';
import { INDICATOR_GROUPS, IndicatorsUseCase, type IndicatorGroup } from '../use-cases/indicators.usecase';
import { audienceOf } from '../use-cases/report-inputs';

const FORMATS = ['json', 'csv', 'xlsx'] as const;
type Format = (typeof FORMATS)[number];
const CROSS_REGION_TABLES = ['matrix', 'trend', 'categories', 'units', 'crossRegionInstruments', 'sources'] as const;

class PeriodQuery {
  @ApiPropertyOptional({ description: 'First China day (YYYY-MM-DD), inclusive; default: 12 months before `to`', example: '2026-01-01' })
  @IsOptional()
  @IsString()
  from?: string;

  @ApiPropertyOptional({ description: 'Last China day (YYYY-MM-DD), inclusive; default: today. At most 5 years after `from`', example: '2026-12-31' })
  @IsOptional()
  @IsString()
  to?: string;

  @ApiPropertyOptional({ enum: FORMATS, description: 'json (default), csv or xlsx; or send `Accept: text/csv` / the XLSX media type' })
  @IsOptional()
  @IsIn(FORMATS)
  format?: Format;
}

class CrossRegionQuery extends PeriodQuery {
  @ApiPropertyOptional({ enum: CROSS_REGION_TABLES, description: 'For CSV, which table (default matrix); JSON and XLSX carry them all' })
  @IsOptional()
  @IsIn(CROSS_REGION_TABLES)
  table?: (typeof CROSS_REGION_TABLES)[number];
}

class IndicatorsQuery extends PeriodQuery {
  @ApiPropertyOptional({ enum: INDICATOR_GROUPS, description: 'Rows per instrument, unit, category (default) or region' })
  @IsOptional()
  @IsIn(INDICATOR_GROUPS)
  groupBy?: IndicatorGroup;
}

/** `?format=` wins over `Accept`; JSON otherwise. */
function formatOf(query: PeriodQuery, req: FastifyRequest): Format {
  if (query.format) return query.format;
  const accept = String(req.headers.accept ?? '');
  if (accept.includes(XLSX_TYPE)) return 'xlsx';
  if (accept.includes('text/csv')) return 'csv';
  return 'json';
}

async function send(res: FastifyReply, format: Format, name: string, tables: ReportTable[], csvTable: string, json: unknown) {
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
  async crossRegionReport(@Query() query: CrossRegionQuery, @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply) {
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
    @Query() query: IndicatorsQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const audience = audienceOf(principal);
    const period = reportPeriod(query.from, query.to, this.clock.now());
    const result = await this.indicators.execute(period, query.groupBy ?? 'category', audience);
    const json = { period, groupBy: result.groupBy, items: result.table.rows };
    return send(res, formatOf(query, req), `indicators-${result.groupBy}-${period.from}-${period.to}`, [result.table], 'indicators', json);
  }
}
