import { parseInstrumentId, instrumentId } from '@app/common';

describe('instrument ids', () => {
  it('round-trips <region>:<localId>, keeping colons inside the local id', () => {
    expect(parseInstrumentId(instrumentId('shanghai', 'SH:0001'))).toEqual({ region: 'shanghai', localId: 'SH:0001' });
  });
  it('rejects unknown regions and empty local ids', () => {
    expect(parseInstrumentId('beijing:1')).toBeNull();
    expect(parseInstrumentId('jiaxing:')).toBeNull();
    expect(parseInstrumentId('nocolon')).toBeNull();
    expect(parseInstrumentId('jiaxing:A\u0000B')).toBeNull();
    expect(parseInstrumentId('jiaxing:has space')).toBeNull();
    expect(parseInstrumentId(`jiaxing:${'x'.repeat(200)}`)).toBeNull();
  });
});
