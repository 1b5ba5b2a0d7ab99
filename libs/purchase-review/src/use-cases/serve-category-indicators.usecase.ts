import { Inject, Injectable } from '@nestjs/common';
import { Clock, DomainError, type FieldViolation } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { GetCategoryIndicatorsRequest, GetCategoryIndicatorsResponse } from '@app/contracts';
import { compareDates, isCategoryWithheld, isIsoDate } from '@app/policy';
import { figuresOf } from '../domain/evidence';
import { LocalCategoryUseUseCase, sumWhere } from './local-category-use.usecase';

const CODE = /^\d{2}(\d{2})?$/;
const MAX_DAYS = 366;

/**
 * IndicatorService.GetCategoryIndicators as Jiaxing serves it: to a partner
 * reviewing a purchase of its own, the sums over Jiaxing's own instruments of
 * the category (never the province's, which it asks of the province; never
 * a confidential or exempted instrument, Arts. 2, 11), from our rollups.
 * Only sums leave: no instrument, unit or requester. Only instruments live
 * and shared now count, their past use included: a withdrawn one's history
 * leaves as a hidden one's does, so the figures cannot tell them apart.
 * A category of fewer than `reports.minCellSize` such instruments (or a class
 * that, minus its answered sub-classes, would be one) is withheld with
 * FAILED_PRECONDITION: its sums were one instrument's use, day by day.
 */
@Injectable()
export class ServeCategoryIndicatorsUseCase {
  constructor(
    private readonly local: LocalCategoryUseUseCase,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(request: GetCategoryIndicatorsRequest): Promise<GetCategoryIndicatorsResponse> {
    const violations: FieldViolation[] = [];
    if (!CODE.test(request.categoryCode)) violations.push({ field: 'category_code', message: 'must be a 2- or 4-digit national category code' });
    for (const field of ['from', 'to'] as const) if (!isIsoDate(request[field])) violations.push({ field, message: 'must be a date YYYY-MM-DD' });
    if (violations.length === 0 && compareDates(request.from, request.to) > 0) violations.push({ field: 'from', message: 'must not be after to' });
    // Counted between the two dates, not by adding to `from`: from + 365 days is past 9999-12-31 for a period in year 9999 (INTERNAL).
    if (violations.length === 0 && compareDates(request.to, request.from) + 1 > MAX_DAYS)
      violations.push({ field: 'to', message: `the period is at most ${MAX_DAYS} days` });
    if (violations.length > 0) throw DomainError.validation(violations);
    const min = this.config.reports.minCellSize;
    if (isCategoryWithheld(request.categoryCode, await this.local.instrumentsBySubclass(request.categoryCode.slice(0, 2), ['jiaxing']), min)) {
      throw new DomainError(
        'PRECONDITION_FAILED',
        `category ${request.categoryCode}: its figures would single out fewer than ${min} instruments and are withheld (Arts. 11, 17)`,
      );
    }
    const asOf = this.clock.now();
    const sums = sumWhere(
      await this.local.execute({ categoryPrefix: request.categoryCode, from: request.from, to: request.to, regions: ['jiaxing'], sharedNow: true }),
      () => true,
    );
    const f = figuresOf(sums);
    return {
      instrumentCount: f.instrumentCount,
      effectiveHours: f.effectiveHours,
      externalHours: f.externalHours,
      ratedHours: f.ratedHours,
      ...(f.utilisation !== null ? { utilisation: f.utilisation } : {}),
      ...(f.sharingRate !== null ? { sharingRate: f.sharingRate } : {}),
      asOf,
    };
  }
}
