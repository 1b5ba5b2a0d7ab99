import { canonicalJson, instrumentId, sha256Hex, type Region } from '@app/common';
import { classifyInstrument, supervisionEndDate } from '@app/policy';
import type { InstrumentInput } from './instrument';

export interface PreparedInstrument {
  id: string;
  region: Region;
  sourcePlatform: string;
  input: InstrumentInput;
  contentHash: string;
  classification: ReturnType<typeof classifyInstrument>;
  shareable: boolean;
  customsGated: boolean;
  supervisionEnds?: string;
}

/**
 * Everything stored with an instrument is derived here, once: its id, a hash
 * of its content (so replays change nothing), and its policy classification
 * as of `asOf` with the reasons behind it.
 */
export function prepareInstrument(
  input: InstrumentInput,
  context: { region: Region; sourcePlatform: string; asOf: string; lastPowerOnDate?: string },
): PreparedInstrument {
  const classification = classifyInstrument({ ...input, lastPowerOnDate: context.lastPowerOnDate }, context.asOf);
  return {
    id: instrumentId(context.region, input.unitId, input.localId),
    region: context.region,
    sourcePlatform: context.sourcePlatform,
    input,
    contentHash: sha256Hex(canonicalJson(input)),
    classification,
    shareable: classification.shareable,
    customsGated: classification.customsGated,
    supervisionEnds: input.dutyFreeImport ? supervisionEndDate(input.dutyFreeImport) : undefined,
  };
}
