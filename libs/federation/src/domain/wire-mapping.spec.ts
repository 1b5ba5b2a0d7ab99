import { ConfidentialityStatus } from '@app/contracts';
import { prepareInstrument, type StoredInstrument } from '@app/catalog';
import { generateCatalog } from '@app/seed';
import { instrumentFromWire, instrumentToWire } from './wire-mapping';

const catalog = generateCatalog({ region: 'shanghai', count: 400, seed: 7 });
const units = new Map(catalog.units.map((u) => [u.id, u]));

function stored(index: number): StoredInstrument {
  const input = catalog.instruments[index];
  const p = prepareInstrument(input, { region: 'shanghai', sourcePlatform: 'local', asOf: '2026-11-29' });
  return {
    instrument: { ...input, id: p.id, region: 'shanghai', sourcePlatform: 'local', version: 3, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-02-01T00:00:00.000Z' },
    supervisionEnds: p.supervisionEnds,
    shareable: p.shareable,
    customsGated: p.customsGated,
    changeSeq: '1',
    contentHash: p.contentHash,
  };
}

describe('wire mapping (domain ↔ yrd.federation.v1.Instrument)', () => {
  const shareable = catalog.instruments.map((_, i) => i).filter((i) => catalog.instruments[i].confidentiality.status === 'none');

  it('round-trips every shareable generated instrument exactly, money through fen', () => {
    for (const i of shareable) {
      const s = stored(i);
      const back = instrumentFromWire(instrumentToWire(s, units.get(s.instrument.unitId)!), 'shanghai');
      expect(back).toMatchObject({ kind: 'ok', id: s.instrument.id, version: 3n, unit: units.get(s.instrument.unitId) });
      if (back.kind === 'ok') expect(back.input).toEqual(catalog.instruments[i]);
    }
  });

  it('refuses to put a confidential or exempted instrument on the wire (Art. 2, 11)', () => {
    const excluded = catalog.instruments.findIndex((x) => x.confidentiality.status !== 'none');
    expect(excluded).toBeGreaterThanOrEqual(0);
    const s = stored(excluded);
    expect(() => instrumentToWire(s, units.get(s.instrument.unitId)!)).toThrow(/excluded/);
  });

  const wire = () => {
    const s = stored(shareable[0]);
    return instrumentToWire(s, units.get(s.instrument.unitId)!);
  };

  it.each([
    ['says it is confidential', { confidentiality: ConfidentialityStatus.CONFIDENTIALITY_STATUS_CONFIDENTIAL }, 'confidential'],
    ['says it is exempted', { confidentiality: ConfidentialityStatus.CONFIDENTIALITY_STATUS_EXEMPTED }, 'confidential'],
    ['leaves confidentiality unspecified', { confidentiality: ConfidentialityStatus.CONFIDENTIALITY_STATUS_UNSPECIFIED }, 'invalid'],
    ['claims another region', { region: 'jiangsu' }, 'invalid'],
    ['has an id that does not match local_id', { localId: 'OTHER' }, 'invalid'],
    ['has no version', { version: '0' }, 'invalid'],
    ['has a negative price', { valueFen: '-5' }, 'invalid'],
    ['has an unknown category', { categoryCode: '9999' }, 'invalid'],
    ['has no unit', { unit: undefined }, 'invalid'],
  ])('classifies an inbound record that %s as %s', (_case, change, kind) => {
    expect(instrumentFromWire({ ...wire(), ...change }, 'shanghai').kind).toBe(kind);
  });
});
