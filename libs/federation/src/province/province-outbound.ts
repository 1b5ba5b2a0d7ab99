import { ConfidentialInstrumentError, toProvinceInstrument, type ProvinceInstrumentUpsert } from '@app/province-client';
import type { PartnerFeedEntry } from '@app/catalog';

export type PushStep =
  { kind: 'upsert'; id: string; version: number; body: ProvinceInstrumentUpsert } | { kind: 'withdraw'; id: string; version: number; refused?: string };

/**
 * What one of our changes means for the province (Art. 11, 13):
 * - a live, shareable instrument is upserted with its version (the province
 *   ignores a version it already has, so replays are harmless);
 * - one that was deleted or stopped being shareable is withdrawn, once, with
 *   the version of the change that removed it: the feed lists it again only
 *   when it is shared again, never for its hidden edits, and never lists an
 *   instrument that was always confidential or exempted, not even its id.
 * `toProvinceInstrument` refuses (throws) any instrument whose
 * confidentiality is not `none`: the last line if the filter above were ever
 * wrong.
 */
export function planPush(entry: PartnerFeedEntry): PushStep {
  const { instrument, shareable } = entry.stored;
  let refused: string | undefined;
  if (!entry.deleted && shareable) {
    try {
      const body = { version: instrument.version, instrument: toProvinceInstrument(instrument, { ownerUnitName: entry.unit?.name }) };
      return { kind: 'upsert', id: instrument.id, version: instrument.version, body };
    } catch (error) {
      // Marked shareable yet not `none`: a bug upstream. Never send it; treat it as excluded.
      if (!(error instanceof ConfidentialInstrumentError)) throw error;
      refused = error.message;
    }
  }
  return { kind: 'withdraw', id: instrument.id, version: entry.announcedVersion, ...(refused ? { refused } : {}) };
}
