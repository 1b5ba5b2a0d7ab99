import { Injectable } from '@nestjs/common';
import {
  UsageReportRepository,
  type CrossRegionInstrumentRow,
  type UsageDimension,
  type UsageFlowRow,
  type UsageScope,
  type UsageTotalsRow,
} from '../infrastructure/usage-report.repository';

export type { CrossRegionInstrumentRow, UsageDimension, UsageFlowRow, UsageScope, UsageTotalsRow };

/** Most cross-region instruments a report may ask for. */
export const MAX_TOP_INSTRUMENTS = 100;

/**
 * What reports (monitoring, evaluation) read of use: sums over the daily
 * rollups only, by a dimension, by flow between regions, or the instruments
 * most used across regions. Times are seconds; the caller turns them into
 * hours and ratios with @app/policy.
 */
@Injectable()
export class UsageReportUseCase {
  constructor(private readonly reports: UsageReportRepository) {}

  totals(scope: UsageScope, by: UsageDimension): Promise<UsageTotalsRow[]> {
    return this.reports.totals(scope, by);
  }

  /** The totals by month, by category and by unit of one scope, at the cost of one read of its days (a report's three tables). */
  totalsByMonthCategoryUnit(scope: UsageScope): Promise<Record<'month' | 'category' | 'unit', UsageTotalsRow[]>> {
    return this.reports.totalsByMonthCategoryUnit(scope);
  }

  flows(scope: UsageScope): Promise<UsageFlowRow[]> {
    return this.reports.flows(scope);
  }

  /** Cross-region session seconds per instrument (the evaluation's open-sharing indicator, Art. 21). */
  crossRegionByInstrument(scope: UsageScope): Promise<Map<string, number>> {
    return this.reports.crossRegionSeconds(scope);
  }

  topCrossRegion(scope: UsageScope, limit: number): Promise<CrossRegionInstrumentRow[]> {
    return this.reports.topCrossRegion(scope, Math.max(1, Math.min(MAX_TOP_INSTRUMENTS, limit)));
  }
}
