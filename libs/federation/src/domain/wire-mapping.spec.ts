import { ConfidentialityStatus, FeeUnit, FundingSource, Instrument, Sector, ServiceMode, UnitKind } from '@app/contracts';
import { FEE_UNITS, FUNDING_SOURCES, SECTORS, SERVICE_MODES, UNIT_KINDS, prepareInstrument, type ManagementUnit, type StoredInstrument } from '@app/catalog';
import { PROVINCE_UNIT_UNSPECIFIED } from '../province/province-inbound';
import { generateCatalog } from '@app/seed';
import { instrumentFromWire, instrumentToWire, servableInstrument, WireMappingError } from './wire-mapping';

const catalog = generateCatalog({ region: 'shanghai', count: 400, seed: 7 });
const units = new Map(catalog.units.map((u) => [u.id, u]));

function stored(index: number): StoredInstrument {
  const input = catalog.instruments[index];
  const p = prepareInstrument(input, { region: 'shanghai', sourcePlatform: 'local', asOf: '2026-11-29' });
  return {
    instrument: {
      ...input,
      id: p.id,
      region: 'shanghai',
      sourcePlatform: 'local',
      version: 3,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-02-01T00:00:00.000Z',
    },
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

  // Number('') is 0 and Number('0x10') 16: a tier's price is held to whole fen in digits as the others are.
  it.each(['', '0x10', ' 1e3 ', '-0', '12.5'])('refuses a fee tier priced %j fen, naming the tier', (price) => {
    const w = wire();
    const fee = { ...w.fee!, tiers: [{ minQuantity: 10, internalPriceFen: '100', externalPriceFen: price }] };
    expect(instrumentFromWire({ ...w, fee }, 'shanghai')).toMatchObject({ kind: 'invalid', violations: [{ field: 'fee.tiers[0].externalPriceFen' }] });
    expect(instrumentFromWire({ ...w, fee: { ...fee, tiers: [{ minQuantity: 10, internalPriceFen: '150', externalPriceFen: '200' }] } }, 'shanghai').kind).toBe(
      'ok',
    );
  });

  describe("every value we can store has a wire form (a record that cannot be encoded breaks a partner's whole page)", () => {
    const base = stored(shareable[0]);
    const unit = units.get(base.instrument.unitId)!;
    /** What a partner decodes: the record through the real protobuf encoder and decoder. */
    const onTheWire = (s: StoredInstrument, u: ManagementUnit) => Instrument.decode(Instrument.encode(instrumentToWire(s, u)).finish());
    const withInstrument = (patch: Partial<StoredInstrument['instrument']>): StoredInstrument => ({ ...base, instrument: { ...base.instrument, ...patch } });

    it.each([...UNIT_KINDS, PROVINCE_UNIT_UNSPECIFIED])('unit kind %s', (kind) => {
      const decoded = onTheWire(base, { ...unit, kind: kind as ManagementUnit['kind'] });
      if (kind === PROVINCE_UNIT_UNSPECIFIED) expect(decoded.unit?.kind).toBe(UnitKind.UNIT_KIND_UNSPECIFIED);
      else expect(decoded.unit?.kind).not.toBe(UnitKind.UNIT_KIND_UNSPECIFIED);
    });

    it.each([...SECTORS, PROVINCE_UNIT_UNSPECIFIED])('unit sector %s', (sector) => {
      const decoded = onTheWire(base, { ...unit, sector: sector as ManagementUnit['sector'] });
      if (sector === PROVINCE_UNIT_UNSPECIFIED) expect(decoded.unit?.sector).toBe(Sector.SECTOR_UNSPECIFIED);
      else expect(decoded.unit?.sector).not.toBe(Sector.SECTOR_UNSPECIFIED);
    });

    it('a Zhejiang unit (kind and sector not known) is served with both UNSPECIFIED and maps back as such', () => {
      const province = { ...unit, kind: PROVINCE_UNIT_UNSPECIFIED as ManagementUnit['kind'], sector: PROVINCE_UNIT_UNSPECIFIED as ManagementUnit['sector'] };
      expect(onTheWire(base, province).unit).toMatchObject({ kind: UnitKind.UNIT_KIND_UNSPECIFIED, sector: Sector.SECTOR_UNSPECIFIED });
    });

    it.each(FUNDING_SOURCES)('funding source %s', (fundingSource) => {
      expect(onTheWire(withInstrument({ fundingSource }), unit).fundingSource).not.toBe(FundingSource.FUNDING_SOURCE_UNSPECIFIED);
    });

    it.each(SERVICE_MODES)('service mode %s', (mode) => {
      const decoded = onTheWire(withInstrument({ serviceModes: [mode] }), unit);
      expect(decoded.serviceModes).toHaveLength(1);
      expect(decoded.serviceModes[0]).not.toBe(ServiceMode.SERVICE_MODE_UNSPECIFIED);
    });

    it.each(FEE_UNITS)('fee unit %s', (feeUnit) => {
      const decoded = onTheWire(withInstrument({ fee: { unit: feeUnit, internalPriceCny: 1, externalPriceCny: 2 } }), unit);
      expect(decoded.fee?.unit).not.toBe(FeeUnit.FEE_UNIT_UNSPECIFIED);
    });
  });

  it('names the record when a stored value has no wire form, instead of failing inside the encoder', () => {
    const base = stored(shareable[0]);
    const odd = { ...base, instrument: { ...base.instrument, fundingSource: 'lottery' as never } };
    expect(() => servableInstrument(odd, units.get(base.instrument.unitId)!)).toThrow(
      new WireMappingError(base.instrument.id, 'funding_source "lottery" has no wire value'),
    );
  });
});
