import { assessConfidentiality, validateExemption } from './confidentiality.rule';
import type { Confidentiality } from './facts';

const completeExemption: Confidentiality = {
  status: 'exempted',
  approvedBy: '嘉兴市科学技术局',
  approvalRef: '嘉科〔2025〕12号',
  approvalDate: '2025-03-01',
  filingRef: '浙大仪备〔2025〕0031',
  filingDate: '2025-03-20',
};

describe('validateExemption (Art. 11: approval AND filing with 省大仪办)', () => {
  it.each<[string, Confidentiality, string[]]>([
    ['Art. 11: complete approval and filing → valid', completeExemption, []],
    ['Art. 5: not confidential → nothing to check', { status: 'none' }, []],
    ['Art. 2: state secret → no exemption record needed', { status: 'confidential' }, []],
    [
      'Art. 11: exempted without filing → filing violations',
      { ...completeExemption, filingRef: undefined, filingDate: undefined },
      ['confidentiality.filingRef', 'confidentiality.filingDate'],
    ],
    [
      'Art. 11: exempted without approval → approval violations',
      { status: 'exempted', filingRef: 'F-1', filingDate: '2025-03-20' },
      ['confidentiality.approvedBy', 'confidentiality.approvalRef', 'confidentiality.approvalDate'],
    ],
    [
      'Art. 11: exempted with nothing recorded → all five',
      { status: 'exempted' },
      ['confidentiality.approvedBy', 'confidentiality.approvalRef', 'confidentiality.approvalDate', 'confidentiality.filingRef', 'confidentiality.filingDate'],
    ],
    ['Art. 11: blank strings count as missing', { ...completeExemption, filingRef: '   ' }, ['confidentiality.filingRef']],
    ['Art. 11: malformed date', { ...completeExemption, approvalDate: '2025-02-30' }, ['confidentiality.approvalDate']],
    ['Art. 11: filing before approval', { ...completeExemption, filingDate: '2025-02-01' }, ['confidentiality.filingDate']],
  ])('%s', (_name, c, fields) => {
    expect(validateExemption(c).map((v) => v.field)).toEqual(fields);
  });

  it('Art. 11: each violation explains itself in Chinese and English', () => {
    const [violation] = validateExemption({ ...completeExemption, filingRef: undefined });
    expect(violation.message).toContain('省大仪办备案编号');
    expect(violation.message).toContain('第十一条');
    expect(violation.messageEn).toContain('Art. 11');
  });
});

describe('assessConfidentiality (Arts. 2, 5, 11)', () => {
  it.each<[string, Confidentiality, 'shared' | 'excluded', string, number]>([
    ['Art. 5: not confidential → shared', { status: 'none' }, 'shared', 'sharing.not_confidential', 5],
    ['Art. 2: state secret → excluded', { status: 'confidential' }, 'excluded', 'sharing.state_secret', 2],
    ['Art. 11: approved and filed exemption → excluded', completeExemption, 'excluded', 'sharing.exempted', 11],
    [
      'Art. 11: exemption without filing → still excluded (fail closed), flagged incomplete',
      { ...completeExemption, filingRef: undefined, filingDate: undefined },
      'excluded',
      'sharing.exemption_incomplete',
      11,
    ],
    [
      'Arts. 2/11: unknown status from untyped input → excluded (fail closed)',
      { status: 'secret' } as unknown as Confidentiality,
      'excluded',
      'sharing.unknown_status',
      11,
    ],
  ])('%s', (_name, c, outcome, code, article) => {
    const decision = assessConfidentiality(c);
    expect(decision.outcome).toBe(outcome);
    expect(decision.reasons[0]).toMatchObject({ code, article });
  });

  it('Art. 11: the exemption reason quotes the approval and the filing', () => {
    const [r] = assessConfidentiality(completeExemption).reasons;
    expect(r.message).toBe(
      '经嘉兴市科学技术局审核同意（嘉科〔2025〕12号，2025-03-01）并报省大仪办备案（浙大仪备〔2025〕0031，2025-03-20），不纳入共享（第十一条）',
    );
  });

  it('Art. 11: the incomplete-exemption reason lists the missing fields', () => {
    const [r] = assessConfidentiality({ ...completeExemption, filingDate: undefined }).reasons;
    expect(r.message).toContain('confidentiality.filingDate');
  });
});
