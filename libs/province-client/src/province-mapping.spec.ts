import type { InstrumentInput } from '@app/catalog';
import { canonicalJson } from '@app/common';
import { generateCatalog } from '@app/seed';
import { ConfidentialInstrumentError, cnyToFen, fenToCny, fromProvinceRecord, toProvinceInstrument } from './province-mapping';
import { provinceSchemas } from './province-schemas';

// Jiaxing is what the gateway pushes; duty-free, tiered fees and missing
// fees all occur in 3,000 generated records.
const catalog = generateCatalog({ region: 'jiaxing', count: 3000, seed: 11 });
const shareable = catalog.instruments.filter((i) => i.confidentiality.status === 'none');

function record(input: InstrumentInput, listedOn = '2026-01-05') {
  return {
    changeType: 'upsert' as const,
    instrumentId: `jiaxing:${input.localId}`,
    version: 3,
    changedAt: '2026-01-05T10:00:00+08:00',
    reportedBy: 'jiaxing',
    listedOn,
    instrument: toProvinceInstrument(input),
  };
}

describe('province mapping', () => {
  it('maps every shareable generated instrument to a record the province spec accepts', () => {
    const offenders = shareable
      .map((i) => ({ id: i.localId, violations: provinceSchemas().validateChange(record(i)) }))
      .filter((x) => x.violations.length > 0)
      .slice(0, 5);
    expect(offenders).toEqual([]);
    // The sample must exercise the optional structures, or the check above proves little.
    expect(shareable.some((i) => i.dutyFreeImport)).toBe(true);
    expect(shareable.some((i) => i.fee?.tiers?.length)).toBe(true);
    expect(shareable.some((i) => !i.fee)).toBe(true);
  });

  it('round-trips every field except the join date, which the province decides', () => {
    const mismatches = shareable
      .filter((i) => canonicalJson(fromProvinceRecord(record(i, '2026-01-05')).input) !== canonicalJson({ ...i, provincialJoinDate: '2026-01-05' }))
      .map((i) => i.localId);
    expect(mismatches).toEqual([]);
  });

  it('keeps the id, the reporter and the version', () => {
    const r = fromProvinceRecord(record(shareable[0]));
    expect(r).toMatchObject({ id: `jiaxing:${shareable[0].localId}`, reportedBy: 'jiaxing', version: 3 });
    expect(r.input.localId).toBe(shareable[0].localId);
  });

  it('refuses confidential and exempted instruments (Art. 11)', () => {
    const secret = catalog.instruments.find((i) => i.confidentiality.status === 'confidential')!;
    const exempted = catalog.instruments.find((i) => i.confidentiality.status === 'exempted')!;
    expect(() => toProvinceInstrument(secret)).toThrow(ConfidentialInstrumentError);
    expect(() => toProvinceInstrument(exempted)).toThrow(/Art\. 11/);
  });

  it('converts money to whole fen and back exactly', () => {
    expect(cnyToFen(0.29)).toBe(29);
    expect(cnyToFen(732600.5)).toBe(73260050);
    expect(cnyToFen(1e10)).toBe(1e12);
    for (const cny of [0.01, 0.1, 0.29, 1.15, 19.99, 123456.78, 9999999999.99]) expect(fenToCny(cnyToFen(cny))).toBe(cny);
  });

  it('renames the enumerations', () => {
    const base = shareable[0];
    const p = toProvinceInstrument({ ...base, fundingSource: 'other', serviceModes: ['self_operated', 'operator_assisted', 'sample_submission'] });
    expect(p.fundingChannel).toBe('selfRaised');
    expect(p.serviceTypes).toEqual(['selfOperation', 'operatorAssisted', 'sampleTesting']);
    expect(toProvinceInstrument({ ...base, fundingSource: 'state_capital' }).fundingChannel).toBe('stateCapital');
  });
});
