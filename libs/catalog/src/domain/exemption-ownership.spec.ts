import type { Confidentiality, InstrumentInput } from './instrument';
import { ownExemptionRecord } from './exemption-ownership';

describe("ownExemptionRecord (Art. 11: the exemption is the decision's)", () => {
  const base = {
    localId: 'A',
    name: 'x',
    categoryCode: '01',
    valueCny: 1,
    fundingSource: 'other',
    unitId: 'jx-u001',
    city: '嘉兴市',
    serviceModes: [],
  } as unknown as InstrumentInput;
  const decided: Confidentiality = {
    status: 'exempted',
    approvedBy: '嘉兴市教育局',
    approvalRef: 'A1',
    approvalDate: '2026-01-01',
    filingRef: 'F1',
    filingDate: '2026-01-02',
  };
  const write = (c: Confidentiality, stored?: Confidentiality) => ownExemptionRecord({ ...base, confidentiality: c }, stored);

  it('refuses a self-declared exemption on a record that is not exempted', () => {
    for (const stored of [undefined, { status: 'none' } as Confidentiality, { status: 'confidential' } as Confidentiality]) {
      expect(write({ ...decided, approvedBy: 'me' }, stored)).toEqual({
        ok: false,
        violation: expect.objectContaining({ field: 'confidentiality.status', message: expect.stringContaining('/api/v1/exemptions') }),
      });
    }
  });

  it('keeps the decided record whether the body says exempted (with any fields) or none', () => {
    expect(write({ status: 'exempted', approvedBy: 'forged' }, decided)).toEqual({ ok: true, value: { ...base, confidentiality: decided } });
    expect(write({ status: 'none' }, decided)).toEqual({ ok: true, value: { ...base, confidentiality: decided } });
  });

  it('leaves none and confidential to the unit', () => {
    expect(write({ status: 'none' }, undefined)).toEqual({ ok: true, value: { ...base, confidentiality: { status: 'none' } } });
    expect(write({ status: 'confidential' }, decided)).toEqual({ ok: true, value: { ...base, confidentiality: { status: 'confidential' } } });
  });
});
