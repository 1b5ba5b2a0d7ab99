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
  /**
   * YYYY-MM-DD, the last day the instrument was used (starts the Art. 15 idle clock): the LATER
   * of its last IoT power-on interval and its last completed usage session, whichever source
   * knows of one. Named for power-on, as Art. 15 speaks of 开机, but a recorded session is a
   * power-on too.
   */
  lastPowerOnDate?: string;
  /**
   * YYYY-MM-DD, Art. 24: the day the measures took effect (`AppConfig.measures.effectiveDate`).
   * Not a fact of the instrument: the caller passes it so that no Art. 13 / Art. 15 clock starts
   * before it. Omitted: the clocks start at their events.
   */
  effectiveDate?: string;
  /**
   * The region whose platform the instrument belongs to. These are Jiaxing's measures (Art. 1,
   * 第一条 "我市"): the Art. 13 and 15 clocks run for Jiaxing's own instruments only; another
   * region's instrument shows its own platform's facts. Omitted: treated as Jiaxing's.
   */
  region?: string;
}

export type FundingSource = PolicyFacts['fundingSource'];
export type Confidentiality = PolicyFacts['confidentiality'];
export type DutyFreeImport = NonNullable<PolicyFacts['dutyFreeImport']>;

export const FUNDING_LABELS: Record<FundingSource, { zh: string; en: string }> = {
  fiscal: { zh: '财政资金', en: 'fiscal funds' },
  state_capital: { zh: '国有资本', en: 'state capital' },
  other: { zh: '非财政资金或国有资本', en: 'neither fiscal funds nor state capital' },
};
