import { Injectable } from '@nestjs/common';
import type { PartnerFeedEntry } from '../domain/catalog-feeds';
import { PartnerRecordRepository, type Within } from '../infrastructure/partner-record.repository';
import { UnitRepository } from '../infrastructure/unit.repository';

/**
 * Jiaxing's own instruments as partners follow them (ListChanges, the province
 * push): changes after a position, with their units, and what the province
 * answered about them (its listing dates, Art. 13).
 */
@Injectable()
export class PartnerFeedUseCase {
  constructor(
    private readonly records: PartnerRecordRepository,
    private readonly units: UnitRepository,
  ) {}

  async since(afterSeq: bigint, limit: number): Promise<PartnerFeedEntry[]> {
    const rows = await this.records.localChangesSince(afterSeq, limit);
    const units = await this.units.byIds(rows.map((r) => r.stored.instrument.unitId));
    return rows.map((r) => ({ ...r, unit: units.get(r.stored.instrument.unitId) }));
  }

  /** Stores the listing dates the province answered; `within` commits the caller's push cursor with them. */
  recordListings<T>(listings: { id: string; listedOn: string }[], within: Within<void, T>): Promise<T> {
    return this.records.recordListings(listings, within);
  }
}
