// The exemptions lib's stored shape is internal to it; its use-case specs are the only readers.
import type { StoredExemption } from '../../libs/exemptions/src/infrastructure/exemption.repository';

/** A request as the repository hands it back, by default `requested` by a science-sector unit. */
export function storedExemption(overrides: Partial<StoredExemption> = {}): StoredExemption {
  return {
    id: '7d4c2b5e-3f1a-4c8e-9b2d-1a2b3c4d5e6f',
    instrumentId: 'jiaxing:jx-u001.SEM-1',
    instrumentName: '场发射扫描电子显微镜',
    unitId: 'jx-u001',
    departmentCode: 'science_bureau',
    status: 'requested',
    grounds: '承担涉密科研任务',
    requestedBy: 'admin-of-jx-u001',
    requestedAt: new Date('2026-11-30T02:00:00Z'),
    ...overrides,
  };
}

/** The same request after the competent department approved it. */
export function approvedExemption(overrides: Partial<StoredExemption> = {}): StoredExemption {
  return storedExemption({
    status: 'approved',
    decidedBy: 'officer-of-science_bureau',
    decidedAt: new Date('2026-12-01T02:00:00Z'),
    approvalRef: '嘉科〔2026〕12号',
    approvalDate: '2026-12-01',
    ...overrides,
  });
}
