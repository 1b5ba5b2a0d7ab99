import { ConfidentialInstrumentError, toProvinceInstrument, type ProvinceInstrumentUpsert } from '@app/province-client';
import type { FeedEntry } from '../infrastructure/federation.repository';

export type PushStep =
  | { kind: 'upsert'; id: string; version: number; body: ProvinceInstrumentUpsert }
  | { kind: 'withdraw'; id: string; version: number; refused?: string }
  | { kind: 'skip'; id: string; refused?: string };

/**
 * What one of our changes means for the province (Art. 11, 13):
 * - a live, shareable instrument is upserted with its version (the province
 *   ignores a version it already has, so replays are harmless);
 * - one that was deleted or stopped being shareable is withdrawn with its
 *   version, but only if it was ever shared: an instrument that was always
 *   confidential or exempted never reaches the province, not even its id;
 * - anything else is skipped.
 * `toProvinceInstrument` refuses (throws) any instrument whose
 * confidentiality is not `none`: the last line if the filter above were ever
 * wrong.
 */
export function planPush(entry: FeedEntry): PushStep {
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
  if (entry.everShared) return { kind: 'withdraw', id: instrument.id, version: instrument.version, ...(refused ? { refused } : {}) };
  return { kind: 'skip', id: instrument.id, ...(refused ? { refused } : {}) };
}
