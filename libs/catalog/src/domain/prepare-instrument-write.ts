import { canonicalJson, instrumentId, sha256Hex, type Region } from '@app/common';
import { storedFlags, supervisionEndDate } from '@app/policy';
import type { InstrumentInput } from './instrument';

/** A partner record's stamp is its version, told apart from a content hash (hex) by this prefix. */
const PARTNER_VERSION_STAMP = 'partner-version:';

export interface PreparedInstrument {
  id: string;
  region: Region;
  sourcePlatform: string;
  input: InstrumentInput;
  contentHash: string;
  shareable: boolean;
  customsGated: boolean;
  supervisionEnds?: string;
}

/**
 * Everything stored with an instrument is derived here, once: its id, a hash
 * of its content (so replays change nothing), and the flags its policy
 * classification as of `asOf` decides (the classification itself, with its
 * reasons, is computed when the instrument is shown).
 *
 * A partner's record passes its `version` instead: that names its content (the
 * partner moves it with every change, and only a newer version is ever
 * stored), so it is the record's stamp and no hash of the content is needed.
 * A sync stores every record it reads; the canonical text and its hash were a
 * third of each record's preparation.
 */
export function prepareInstrument(
  input: InstrumentInput,
  context: { region: Region; sourcePlatform: string; asOf: string; version?: bigint },
): PreparedInstrument {
  const flags = storedFlags(input, context.asOf);
  return {
    id: instrumentId(context.region, input.unitId, input.localId),
    region: context.region,
    sourcePlatform: context.sourcePlatform,
    input,
    contentHash: context.version === undefined ? sha256Hex(canonicalJson(input)) : `${PARTNER_VERSION_STAMP}${context.version}`,
    shareable: flags.shareable,
    customsGated: flags.customsGated,
    supervisionEnds: input.dutyFreeImport ? supervisionEndDate(input.dutyFreeImport) : undefined,
  };
}
