import { instrumentId } from '@app/common';

/**
 * The id the gateway gives an instrument a Jiaxing unit registered. Tests build
 * ids through here, never by hand, so the id scheme has one definition in the
 * suites (and it is the gateway's own).
 */
export function localInstrumentId(unitId: string, localId: string): string {
  return instrumentId('jiaxing', unitId, localId);
}
