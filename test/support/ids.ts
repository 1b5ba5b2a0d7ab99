/**
 * The id the gateway gives an instrument a Jiaxing unit registered. Tests build
 * ids through here, never by hand, so the id scheme has one definition in the
 * suites.
 */
export function localInstrumentId(_unitId: string, localId: string): string {
  return `jiaxing:${localId}`;
}
