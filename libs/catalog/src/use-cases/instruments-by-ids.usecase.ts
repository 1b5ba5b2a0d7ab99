import { Injectable } from '@nestjs/common';
import type { ManagementUnit } from '../domain/instrument';
import type { FeedEntry } from '../domain/catalog-feeds';
import { PartnerRecordRepository } from '../infrastructure/partner-record.repository';
import { UnitRepository } from '../infrastructure/unit.repository';

/**
 * Live instruments of any source by id, with their units and what decides who
 * may see them (`stored.shareable`, the confidentiality): for partners' single
 * records and search pages, which filter by it.
 */
@Injectable()
export class InstrumentsByIdsUseCase {
  constructor(
    private readonly records: PartnerRecordRepository,
    private readonly unitRows: UnitRepository,
  ) {}

  /** In the order asked; ids not live are left out. */
  async live(ids: string[]): Promise<FeedEntry[]> {
    const stored = await this.records.live(ids);
    const units = await this.unitRows.byIds(stored.map((s) => s.instrument.unitId));
    const byId = new Map(stored.map((s) => [s.instrument.id, s]));
    return ids.flatMap((id) => {
      const s = byId.get(id);
      return s ? [{ stored: s, unit: units.get(s.instrument.unitId), deleted: false }] : [];
    });
  }

  units(ids: readonly string[]): Promise<Map<string, ManagementUnit>> {
    return this.unitRows.byIds(ids);
  }
}
