import { parseInstrumentId, instrumentId } from '@app/common';

describe('instrument ids', () => {
  it('round-trips <region>:<localId>, keeping colons inside the local id', () => {
    expect(parseInstrumentId(instrumentId('shanghai', 'sh-u001', 'SH:0001'))).toEqual({ region: 'shanghai', localId: 'SH:0001' });
  });
  it("scopes a Jiaxing instrument's local id to its unit, so two units' inventory numbers never meet", () => {
    expect(instrumentId('jiaxing', 'jx-u001', 'SEM-01')).toBe('jiaxing:jx-u001.SEM-01');
    expect(instrumentId('jiaxing', 'jx-u002', 'SEM-01')).not.toBe(instrumentId('jiaxing', 'jx-u001', 'SEM-01'));
    // "a" + "b.c" and "a.b" + "c" cannot meet: unit ids have no dot.
    expect(() => instrumentId('jiaxing', 'a.b', 'c')).toThrow(/cannot scope/);
    expect(parseInstrumentId(instrumentId('jiaxing', 'u'.repeat(32), 'x'.repeat(64)))).not.toBeNull();
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
