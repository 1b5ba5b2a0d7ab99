import { chinaDate } from '@app/common';
import { classifyInstrument, type InstrumentClassification } from '@app/policy';
import type { Instrument } from '../domain/instrument';
import type { StoredInstrument } from '../domain/stored-instrument';

/** What the API answers for one instrument: the record plus its policy decisions and their reasons. */
export interface InstrumentView extends Instrument {
  customsGated: boolean;
  shareable: boolean;
  /** Every decision of the measures about it, as of today, each with the article it rests on. */
  policy: InstrumentClassification;
  /**
   * Date the Zhejiang provincial platform says the instrument first appeared
   * there (its `listedOn`, recorded when our push was acknowledged; Art. 13).
   * Unlike `provincialJoinDate`, which is what the unit declared, this is the
   * province's own answer. Absent until the province has listed it.
   */
  provinceListedOn?: string;
}

/**
 * `asOf`: today in China; the decisions are computed now, so date-dependent ones are never stale.
 * `effectiveDate`: the measures' (`AppConfig.measures.effectiveDate`, Art. 24), before which no
 * Art. 13 / 15 clock starts.
 */
export function toView(stored: StoredInstrument & { provinceListedOn?: string }, asOf: string, effectiveDate: string, lastUse?: Date): InstrumentView {
  return {
    ...stored.instrument,
    customsGated: stored.customsGated,
    shareable: stored.shareable,
    policy: classifyInstrument(
      {
        ...stored.instrument,
        // Art. 13 is judged on the province's own listing date, never on the date a unit declares.
        provincialJoinDate: stored.provinceListedOn,
        region: stored.instrument.region,
        lastPowerOnDate: latestDate(stored.lastPowerOnDate, lastUse),
        effectiveDate,
      },
      asOf,
    ),
    ...(stored.provinceListedOn ? { provinceListedOn: stored.provinceListedOn } : {}),
  };
}

/** Art. 15 counts from the later of a recorded power-on date and the last use usage knows of. */
function latestDate(recorded: string | undefined, lastUse: Date | undefined): string | undefined {
  const used = lastUse && chinaDate(lastUse);
  if (!recorded) return used;
  if (!used) return recorded;
  return used > recorded ? used : recorded;
}
