import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { CSV_TYPE, XLSX_TYPE, reportCsv, reportXlsx } from '@app/monitoring';
import { BodyInput, QueryInput } from '@app/common';
import { RateLimit } from '@app/rate-limit';
import type { FastifyReply } from 'fastify';
import { evaluationHtml, HTML_TYPE } from '../export/evaluation-html';
import { resultsTable } from '../export/evaluation-table';
import { CreateEvaluationUseCase } from '../use-cases/create-evaluation.usecase';
import { EvaluationTrailUseCase } from '../use-cases/evaluation-trail.usecase';
import { GetEvaluationUseCase } from '../use-cases/get-evaluation.usecase';
import { ListEvaluationsUseCase } from '../use-cases/list-evaluations.usecase';
import { PublishEvaluationUseCase } from '../use-cases/publish-evaluation.usecase';
import { ReviewEvaluationUseCase } from '../use-cases/review-evaluation.usecase';
import {
  createEvaluationInput,
  evaluationYearInput,
  getEvaluationInput,
  reviewEvaluationInput,
  type CreateEvaluationInput,
  type EvaluationYearInput,
  type GetEvaluationInput,
  type ReviewEvaluationInput,
} from '../use-cases/evaluation.input';

const READERS = ['admin', 'department', 'unit_admin'] as const;

@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('evaluations')
export class EvaluationsController {
  constructor(
    private readonly create: CreateEvaluationUseCase,
    private readonly review: ReviewEvaluationUseCase,
    private readonly publish: PublishEvaluationUseCase,
    private readonly list: ListEvaluationsUseCase,
    private readonly get: GetEvaluationUseCase,
    private readonly trail: EvaluationTrailUseCase,
  ) {}

  @Roles('admin')
  // A computation reads a year of every unit's use and rewrites the year's results (RATE_LIMIT_EVALUATION).
  @RateLimit('evaluation')
  @Post()
  @ApiOperation({
    summary: 'Compute a year’s evaluation of the units now, as a draft (Arts. 21–22)',
    description:
      'Participating units: Jiaxing units with an in-scope instrument that is not confidential or exempted. Indicators in three dimensions, normalised within each national category, weighted as configured (EVALUATION_WEIGHTS), graded 优/良/中/差 (EVALUATION_GRADES) with 优 at most floor(15 % × units). ' +
      'A new draft replaces the year’s draft; a published year is final (409); a reviewed year is 409 unless `reopen: true`, and then its review stays in the year’s trail. The year must have ended (400). docs/evaluation.md.',
  })
  async createDraft(@BodyInput(createEvaluationInput) body: CreateEvaluationInput, @CurrentPrincipal() principal: Principal) {
    return this.create.execute(body, principal);
  }

  @Roles('admin')
  @Get('years/:year/trail')
  @ApiOperation({
    summary:
      'Every step of a year’s evaluations, oldest first: computed, reviewed (with its note), published, superseded by a recomputation — who, when, which article (Arts. 21–22); append-only',
  })
  async yearTrail(@QueryInput(evaluationYearInput, { year: 'year' }) params: EvaluationYearInput) {
    return { year: params.year, items: await this.trail.execute(params) };
  }

  @Roles('admin')
  @Post(':id/review')
  @HttpCode(200)
  @ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' } })
  @ApiOperation({ summary: 'Mark a draft reviewed, with the office’s note (a reviewed or published one: 409)' })
  async reviewDraft(@Param('id') id: string, @BodyInput(reviewEvaluationInput) body: ReviewEvaluationInput, @CurrentPrincipal() principal: Principal) {
    return this.review.execute(id, body, principal);
  }

  @Roles('admin')
  @Post(':id/publish')
  @HttpCode(200)
  @ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' } })
  @ApiOperation({ summary: 'Publish a reviewed evaluation: final from then on, the database refuses any change to it (Art. 21)' })
  async publishReviewed(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.publish.execute(id, principal);
  }

  @Roles(...READERS)
  @Get()
  @ApiOperation({ summary: 'Evaluations: every one for admins; the published ones for a competent department and a unit admin' })
  async listAll(@CurrentPrincipal() principal: Principal) {
    return { items: await this.list.execute(principal) };
  }

  @Roles(...READERS)
  @Get(':id')
  @ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' } })
  @ApiProduces('application/json', 'text/csv', XLSX_TYPE, 'text/html')
  @ApiOperation({
    summary:
      'One evaluation with each unit’s grade and its breakdown (indicators, normalised scores, weights, rank, the rules applied, Arts. 21–23) and the units to rectify',
    description:
      'Admins: any evaluation, every unit. A competent department: a published one, the units of its sector. A unit admin: a published one, its own unit. An unpublished evaluation is 404 to them. `format=csv|xlsx` (a row per unit) or `html` (a printable page).',
  })
  async getOne(
    @Param('id') id: string,
    @QueryInput(getEvaluationInput) query: GetEvaluationInput,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const report = await this.get.execute(id, principal);
    const name = `evaluation-${report.year}-${report.status}`;
    switch (query.format) {
      case 'csv':
        void res.type(CSV_TYPE).header('Content-Disposition', `attachment; filename="${name}.csv"`);
        return reportCsv(resultsTable(report.results));
      case 'xlsx':
        void res.type(XLSX_TYPE).header('Content-Disposition', `attachment; filename="${name}.xlsx"`);
        return reportXlsx([resultsTable(report.results)]);
      case 'html':
        void res.type(HTML_TYPE).header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
        return evaluationHtml(report);
      default:
        return report;
    }
  }
}
