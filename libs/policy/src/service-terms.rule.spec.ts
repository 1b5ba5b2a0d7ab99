import { assessServiceTerms, serviceTermsDeadline, type ServiceTermsFacts, type ServiceTermsOutcome } from './service-terms.rule';

const joined: ServiceTermsFacts = {
  valueCny: 800_000,
  fundingSource: 'state_capital',
  acceptanceDate: '2025-10-20',
  provincialJoinDate: '2025-11-30',
  serviceModes: [],
  confidentiality: { status: 'none' },
};
const fee = { unit: 'hour', internalPriceCny: 200, externalPriceCny: 400 };

describe('serviceTermsDeadline (Art. 13: 3 calendar months after joining)', () => {
  it.each([
    ['2025-11-30', '2026-02-28', 'no Feb 30 → clamp to month end'],
    ['2023-11-30', '2024-02-29', 'clamp to a leap-year month end'],
    ['2025-01-15', '2025-04-15', 'corresponding day'],
    ['2025-10-31', '2026-01-31', 'crosses the year'],
  ])('Art. 13: joined %s → by %s (%s)', (join, expected) => {
    expect(serviceTermsDeadline(join)).toBe(expected);
  });
});

describe('assessServiceTerms (Arts. 11, 13)', () => {
  it.each<[string, ServiceTermsFacts, string, ServiceTermsOutcome, string[]]>([
    [
      'Art. 13: fee and service modes defined → defined',
      { ...joined, fee, serviceModes: ['self_operated'] },
      '2026-06-01',
      'defined',
      ['service_terms.defined'],
    ],
    ['Art. 13: fee but no service mode, on the deadline → due', { ...joined, fee }, '2026-02-28', 'due', ['service_terms.due']],
    [
      'Art. 13: service modes but no fee, the day after → overdue',
      { ...joined, serviceModes: ['sample_submission'] },
      '2026-03-01',
      'overdue',
      ['service_terms.overdue'],
    ],
    ['Art. 13: not joined yet → clock not started', { ...joined, provincialJoinDate: undefined }, '2026-06-01', 'not_applicable', ['service_terms.not_joined']],
    [
      'Art. 11: state secret → not applicable',
      { ...joined, confidentiality: { status: 'confidential' } },
      '2026-06-01',
      'not_applicable',
      ['service_terms.excluded', 'sharing.state_secret'],
    ],
    [
      'Arts. 2/5: other funds, terms missing → not applicable',
      { ...joined, fundingSource: 'other' },
      '2026-06-01',
      'not_applicable',
      ['service_terms.voluntary', 'scope.non_public_funding', 'scope.voluntary_encouraged'],
    ],
    [
      'Art. 13: other funds but terms defined → defined',
      { ...joined, fundingSource: 'other', fee, serviceModes: ['operator_assisted'] },
      '2026-06-01',
      'defined',
      ['service_terms.defined'],
    ],
    ['Art. 13: fee null counts as absent', { ...joined, fee: null, serviceModes: ['self_operated'] }, '2026-01-01', 'due', ['service_terms.due']],
  ])('%s', (_name, facts, asOf, outcome, codes) => {
    const decision = assessServiceTerms(facts, asOf);
    expect(decision.outcome).toBe(outcome);
    expect(decision.reasons.map((r) => r.code)).toEqual(codes);
  });

  it('Art. 13: the reason names what is missing, the deadline and the days left', () => {
    const [r] = assessServiceTerms(joined, '2026-02-01').reasons;
    expect(r.message).toBe(
      '2025-11-30 入网，应于 3 个月内即 2026-02-28 前（含当日）明确服务方式、内容、流程和收费标准（第十三条）；截至 2026-02-01 尚缺服务方式、收费标准，还剩 27 天',
    );
    expect(r.messageEn).toContain('missing service modes and fee standard');
  });
});
