import type { InstrumentDutyFacts } from '@app/catalog';

let serial = 0;

/** A live instrument of ours as the catalog's duty facts describe it: shared, of a science-sector unit. */
export function instrumentFacts(overrides: Partial<InstrumentDutyFacts> = {}): InstrumentDutyFacts {
  serial += 1;
  const unitId = overrides.unitId ?? 'jx-u001';
  return {
    id: `jiaxing:${unitId}.INS-${serial}`,
    region: 'jiaxing',
    sourcePlatform: 'local',
    unitId,
    unitSector: 'science',
    name: `场发射扫描电子显微镜 ${serial}`,
    categoryCode: '0301',
    valueCny: 3_200_000,
    fundingSource: 'fiscal',
    confidentiality: { status: 'none' },
    serviceModes: ['operator_assisted'],
    ...overrides,
  };
}
