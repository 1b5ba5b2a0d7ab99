import { Injectable } from '@nestjs/common';
import type { Region } from '@app/common';
import { InstrumentRepository } from '../infrastructure/instrument.repository';

/** What other domains (usage, monitoring, compliance) need to know of an instrument, live or withdrawn. */
export interface InstrumentFacts {
  id: string;
  region: Region;
  unitId: string;
  categoryCode: string;
  /** Confidential or exempted: never in a report that leaves the owning unit (Art. 2, 11). */
  excluded: boolean;
  withdrawn: boolean;
  iotSensorId?: string;
  name: string;
  /** The customs declaration of a duty-free import (Art. 12), as the unit registered it. */
  declarationNo?: string;
  /** End of customs supervision of a duty-free import. */
  supervisionEnds?: string;
}

/** Facts of instruments by id, for domains that must not read the catalog's tables. */
@Injectable()
export class InstrumentFactsUseCase {
  constructor(private readonly instruments: InstrumentRepository) {}

  async execute(ids: readonly string[]): Promise<Map<string, InstrumentFacts>> {
    const facts = new Map<string, InstrumentFacts>();
    for (const r of await this.instruments.facts([...new Set(ids)])) {
      facts.set(r.id, {
        id: r.id,
        region: r.region,
        unitId: r.unit_id,
        categoryCode: r.category_code,
        excluded: r.confidentiality_status !== 'none',
        withdrawn: r.deleted,
        iotSensorId: r.iot_sensor_id ?? undefined,
        name: r.name,
        declarationNo: r.declaration_no ?? undefined,
        supervisionEnds: r.supervision_ends ?? undefined,
      });
    }
    return facts;
  }

  /**
   * Every instrument that is `excluded` now (confidential or exempted), live or
   * withdrawn, with its unit: reports drop their whole history, so an
   * instrument classified confidential later vanishes from past periods too.
   */
  excluded(): Promise<{ id: string; unitId: string }[]> {
    return this.instruments.excludedIds();
  }

  /** Ids of a unit's instruments, live or withdrawn (its bookings are theirs). */
  idsOfUnit(unitId: string): Promise<string[]> {
    return this.instruments.idsOfUnit(unitId);
  }
}
