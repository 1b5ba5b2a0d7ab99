import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/common';
import { UsageReadRepository, type UsageTotals } from '../infrastructure/usage-read.repository';

export type { UsageTotals } from '../infrastructure/usage-read.repository';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Sharing figures of a period (Art. 14 quarterly reports) per owning unit,
 * read from the daily rollups only: effective and external seconds, completed
 * sessions and fees charged, over the China days [from, to] inclusive. A
 * report that must leave instruments out (confidential ones, Art. 11) names
 * the ones it may count in `instrumentIds`.
 */
@Injectable()
export class UsagePeriodTotalsUseCase {
  constructor(private readonly usage: UsageReadRepository) {}

  byUnit(query: {
    region: string;
    from: string;
    to: string;
    unitIds?: readonly string[];
    instrumentIds?: readonly string[];
  }): Promise<Map<string, UsageTotals>> {
    if (!DAY.test(query.from) || !DAY.test(query.to) || query.from > query.to) {
      throw DomainError.validation([{ field: 'from', message: 'from and to must be YYYY-MM-DD with from <= to' }]);
    }
    return this.usage.totalsByUnit(query.region, query.from, query.to, query.unitIds, query.instrumentIds);
  }
}
