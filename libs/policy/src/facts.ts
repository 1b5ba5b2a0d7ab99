/**
 * What the rules need to know about an instrument. Structurally a subset of the
 * catalog's `Instrument`, declared here so this library does not depend on the
 * catalog: any `Instrument` can be passed as `PolicyFacts` as is.
 */
export interface PolicyFacts {
  valueCny: number;
  fundingSource: 'fiscal' | 'state_capital' | 'other';
  unitId: string;
  /** YYYY-MM-DD, installation acceptance (starts the Art. 13 onboarding clock). */
  acceptanceDate?: string;
  /** YYYY-MM-DD, joined the provincial platform (starts the Art. 13 service-terms clock). */
  provincialJoinDate?: string;
  /** Present = a fee standard is defined. Its shape is the catalog's business. */
  fee?: unknown;
  serviceModes: string[];
  confidentiality: {
    status: 'none' | 'confidential' | 'exempted';
    /** Competent department that approved the exemption (Art. 11). */
    approvedBy?: string;
    approvalRef?: string;
    approvalDate?: string;
    /** Filing with the provincial office 省大仪办 (Art. 11). */
    filingRef?: string;
    filingDate?: string;
  };
  dutyFreeImport?: { declarationNo: string; releaseDate: string; supervisionYears: number };
  /** YYYY-MM-DD, last day the instrument was powered on (IoT or usage sessions). */
  lastPowerOnDate?: string;
}

export type FundingSource = PolicyFacts['fundingSource'];
export type Confidentiality = PolicyFacts['confidentiality'];
export type DutyFreeImport = NonNullable<PolicyFacts['dutyFreeImport']>;

export const FUNDING_LABELS: Record<FundingSource, { zh: string; en: string }> = {
  fiscal: { zh: '财政资金', en: 'fiscal funds' },
  state_capital: { zh: '国有资本', en: 'state capital' },
  other: { zh: '非财政资金或国有资本', en: 'neither fiscal funds nor state capital' },
};
