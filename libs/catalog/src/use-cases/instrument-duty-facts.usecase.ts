import { Injectable } from '@nestjs/common';
import type { Region } from '@app/common';
import type { Instrument, Sector } from '../domain/instrument';
import { InstrumentRepository } from '../infrastructure/instrument.repository';

/**
 * What the compliance duties (Arts. 13-15) read of a live instrument. The
 * listing date is the province's own (`provinceListedOn`, stored by the
 * province push); the date a unit declares (`declaredProvincialJoinDate`) is
 * passed on only to be shown as what it is, never as evidence.
 */
export interface InstrumentDutyFacts {
  id: string;
  region: Region;
  sourcePlatform: string;
  unitId: string;
  /** The owning unit's sector (competent department, Art. 7); absent for a unit we do not know. */
  unitSector?: Sector;
  name: string;
  categoryCode: string;
  valueCny: number;
  fundingSource: Instrument['fundingSource'];
  confidentiality: Instrument['confidentiality'];
  acceptanceDate?: string;
  provinceListedOn?: string;
  declaredProvincialJoinDate?: string;
  fee?: Instrument['fee'];
  serviceModes: string[];
}

export interface DutyFactsFilter {
  region?: Region;
  unitIds?: readonly string[];
  ids?: readonly string[];
}

/** Pages through live instruments' duty facts, for domains that must not read the catalog's tables. */
@Injectable()
export class InstrumentDutyFactsUseCase {
  constructor(private readonly instruments: InstrumentRepository) {}

  /** Every matching live instrument, in id order, a page at a time. */
  async *scan(filter: DutyFactsFilter, pageSize = 500): AsyncGenerator<InstrumentDutyFacts[]> {
    let after = '';
    for (;;) {
      const page = await this.instruments.pageWithUnits(filter, after, pageSize);
      if (page.length === 0) return;
      yield page.map(({ stored, sector }) => {
        const i = stored.instrument;
        return {
          id: i.id,
          region: i.region,
          sourcePlatform: i.sourcePlatform,
          unitId: i.unitId,
          ...(sector ? { unitSector: sector as Sector } : {}),
          name: i.name,
          categoryCode: i.categoryCode,
          valueCny: i.valueCny,
          fundingSource: i.fundingSource,
          confidentiality: i.confidentiality,
          ...(i.acceptanceDate ? { acceptanceDate: i.acceptanceDate } : {}),
          ...(stored.provinceListedOn ? { provinceListedOn: stored.provinceListedOn } : {}),
          ...(i.provincialJoinDate ? { declaredProvincialJoinDate: i.provincialJoinDate } : {}),
          ...(i.fee ? { fee: i.fee } : {}),
          serviceModes: [...i.serviceModes],
        };
      });
      after = page[page.length - 1].stored.instrument.id;
    }
  }

  /** All matching live instruments at once (a bounded filter: ids or a unit's instruments). */
  async list(filter: DutyFactsFilter): Promise<InstrumentDutyFacts[]> {
    const all: InstrumentDutyFacts[] = [];
    for await (const page of this.scan(filter)) all.push(...page);
    return all;
  }
}
