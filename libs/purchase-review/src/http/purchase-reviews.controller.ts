import { Controller, Get, HttpCode, Param, Post, Res, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { BodyInput, QueryInput } from '@app/common';
import { RateLimit } from '@app/rate-limit';
import type { FastifyReply } from 'fastify';
import type { PurchaseRequest } from '../domain/purchase-request';
import { renderReviewPage } from '../domain/review-page';
import { decidePurchaseReviewInput, type DecidePurchaseReviewInput } from '../use-cases/decide-purchase-review.input';
import { DecidePurchaseReviewUseCase } from '../use-cases/decide-purchase-review.usecase';
import { getPurchaseReviewInput, type GetPurchaseReviewInput } from '../use-cases/get-purchase-review.input';
import { GetPurchaseReviewUseCase } from '../use-cases/get-purchase-review.usecase';
import { listPurchaseReviewsInput, type ListPurchaseReviewsInput } from '../use-cases/list-purchase-reviews.input';
import { ListPurchaseReviewsUseCase } from '../use-cases/list-purchase-reviews.usecase';
import { submitPurchaseReviewInput } from '../use-cases/submit-purchase-review.input';
import { SubmitPurchaseReviewUseCase } from '../use-cases/submit-purchase-review.usecase';

const SCOPE =
  "A unit admin sees its own unit's reviews, a competent department (role `department`) those of the units of its sector, an admin all; " +
  "another unit's or another sector's review is 404, other roles 403, no token 401.";
/** What the approve and reject routes share: who decides, the body, the answers. */
const Decision = (verb: 'approves' | 'rejects') =>
  applyDecorators(
    Roles('department'),
    HttpCode(200),
    ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' } }),
    ApiOperation({
      summary: `The competent department of the unit's sector ${verb} a submitted purchase, with a written explanation (Art. 10)`,
      description:
        "Another sector's review is 404; a review already decided, or one that needed no review, 409; an explanation missing or over 2,000 characters 400.",
    }),
  );

@ApiTags('purchase-reviews')
@ApiBearerAuth()
@Controller('purchase-reviews')
export class PurchaseReviewsController {
  constructor(
    private readonly submission: SubmitPurchaseReviewUseCase,
    private readonly decision: DecidePurchaseReviewUseCase,
    private readonly reviews: GetPurchaseReviewUseCase,
    private readonly queue: ListPurchaseReviewsUseCase,
  ) {}

  @Roles('unit_admin')
  // Each submission asks every YRD partner and reads a year of rollups: a loop must not turn a unit admin into a load on partners.
  @RateLimit('review')
  @Post()
  @ApiOperation({
    summary:
      'Propose a purchase of a large instrument (Art. 9): below 500,000 CNY it is recorded as `not_required`; at or above it is `submitted` for review with the Art. 10 evidence',
    description:
      "By the admin of a Jiaxing unit, for its unit (another region's unit: 403). The evidence is computed now and stored with the request (a snapshot with its as-of time): for the same-category instruments " +
      'of the unit, Jiaxing, Zhejiang (Jiaxing and the provincial platform) and each YRD partner (shanghai, jiangsu, anhui, through federation with their freshness), the count, effective/external/rated hours, ' +
      'utilisation and sharing rate over the 365 days before today, and the idle instruments on offer. A partner that does not answer is `unavailable` with the error and its time; the request still succeeds. ' +
      'Confidential and exempted instruments are counted in no row. Unknown fields are rejected (400).',
  })
  submit(@BodyInput(submitPurchaseReviewInput) body: PurchaseRequest, @CurrentPrincipal() principal: Principal) {
    return this.submission.execute(body, principal);
  }

  @Roles('unit_admin', 'department', 'admin')
  @Get()
  @ApiOperation({ summary: 'The review queue, newest first (e.g. `status=submitted`)', description: SCOPE })
  async list(@CurrentPrincipal() principal: Principal, @QueryInput(listPurchaseReviewsInput) query: ListPurchaseReviewsInput) {
    return { items: await this.queue.execute(principal, query) };
  }

  @Roles('unit_admin', 'department', 'admin')
  @Get(':id')
  @ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' } })
  @ApiProduces('application/json', 'text/html')
  @ApiOperation({
    summary: 'One review: the request, its evidence snapshot, the decision and the append-only trail; `format=html` is a printable page (Chinese)',
    description: SCOPE,
  })
  async get(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @QueryInput(getPurchaseReviewInput) query: GetPurchaseReviewInput,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const review = await this.reviews.execute(id, principal);
    if (query.format !== 'html') return review;
    void res.type('text/html; charset=utf-8').header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    return renderReviewPage(review);
  }

  @Post(':id/approve')
  @Decision('approves')
  approve(@Param('id') id: string, @BodyInput(decidePurchaseReviewInput) body: DecidePurchaseReviewInput, @CurrentPrincipal() principal: Principal) {
    return this.decision.execute(id, 'approved', body, principal);
  }

  @Post(':id/reject')
  @Decision('rejects')
  reject(@Param('id') id: string, @BodyInput(decidePurchaseReviewInput) body: DecidePurchaseReviewInput, @CurrentPrincipal() principal: Principal) {
    return this.decision.execute(id, 'rejected', body, principal);
  }
}
