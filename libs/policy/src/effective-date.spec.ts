import { assessIdle, assessOnboarding, assessServiceTerms, classifyInstrument, clockStart, type DeadlineFacts, type PolicyFacts } from '@app/policy';

/** Art. 24: no Art. 13 / Art. 15 clock starts before the measures take effect. */
describe('effective date (Art. 24)', () => {
  const accepted2019: DeadlineFacts = {
    valueCny: 1_200_000,
    fundingSource: 'fiscal',
    acceptanceDate: '2019-06-01',
    confidentiality: { status: 'none' },
    effectiveDate: '2025-01-01',
  };

  it('moves a clock whose event came first to the effective date, and no other', () => {
    expect(clockStart('2019-06-01', '2025-01-01')).toEqual({ start: '2025-01-01', moved: true });
    expect(clockStart('2025-01-01', '2025-01-01')).toEqual({ start: '2025-01-01', moved: false });
    expect(clockStart('2025-03-01', '2025-01-01')).toEqual({ start: '2025-03-01', moved: false });
    expect(clockStart('2019-06-01', undefined)).toEqual({ start: '2019-06-01', moved: false });
  });

  describe('Art. 13 onboarding: 30 working days from the effective date', () => {
    // From 2025-01-01 (not counted): Jan 2–24 = 17 working days, Sun Jan 26 worked (18), Mon Jan 27 (19),
    // Spring Festival Jan 28–Feb 4 off, Feb 5–7 (22), Sat Feb 8 worked (23), Feb 10–14 (28), Feb 17 (29), Feb 18 (30).
    it('an instrument accepted in 2019 is due by 2025-02-18, across the Spring Festival 2025 with its adjusted Sunday and Saturday', () => {
      const due = assessOnboarding(accepted2019, '2025-02-18');
      expect(due.outcome).toBe('due');
      expect(due.reasons.map((r) => [r.article, r.code])).toEqual([
        [13, 'onboarding.due'],
        [24, 'onboarding.effective_date'],
      ]);
      expect(due.reasons[0].messageEn).toContain("within 30 working days of the measures' effective date 2025-01-01, i.e. by 2025-02-18 inclusive");
      expect(due.reasons[1].message).toBe('安装验收（2019-06-01）早于本办法施行之日 2025-01-01，30 个工作日入网时限自 2025-01-01 起算（第二十四条）');
      expect(assessOnboarding(accepted2019, '2025-02-19').outcome).toBe('overdue');
      expect(
        classifyInstrument({ ...accepted2019, valueCny: 1_200_000, fundingSource: 'fiscal', unitId: 'jx-u001', serviceModes: [] }, '2025-02-01')
          .onboardingDeadline,
      ).toBe('2025-02-18');
    });

    it('with a later effective date, the deadline crosses National Day 2025 (Oct 1–8 off, Sun Sep 28 and Sat Oct 11 worked)', () => {
      const decision = assessOnboarding({ ...accepted2019, acceptanceDate: '2025-03-01', effectiveDate: '2025-09-15' }, '2025-10-31');
      expect(decision.outcome).toBe('due');
      expect(decision.reasons[0].message).toContain('即 2025-10-31 前');
      expect(decision.reasons.map((r) => r.code)).toContain('onboarding.effective_date');
      expect(assessOnboarding({ ...accepted2019, acceptanceDate: '2025-03-01', effectiveDate: '2025-09-15' }, '2025-11-01').outcome).toBe('overdue');
    });

    it('an instrument accepted after the effective date keeps its own clock and no Art. 24 reason', () => {
      const decision = assessOnboarding({ ...accepted2019, acceptanceDate: '2025-09-15' }, '2025-10-31');
      expect(decision.reasons.map((r) => r.code)).toEqual(['onboarding.due']);
      expect(decision.reasons[0].message).toContain('即 2025-10-31 前');
    });

    it('without the effective date (callers that do not know it) the 2019 clock ran out in 2019', () => {
      expect(assessOnboarding({ ...accepted2019, effectiveDate: undefined }, '2025-02-18').outcome).toBe('overdue');
    });
  });

  describe('Art. 13 service terms: 3 months from the effective date', () => {
    const joined: Parameters<typeof assessServiceTerms>[0] = { ...accepted2019, provincialJoinDate: '2024-11-30', serviceModes: [] };

    it('joined 2024-11-30: due by 2025-04-01 instead of 2025-02-28', () => {
      const decision = assessServiceTerms(joined, '2025-03-01');
      expect(decision.outcome).toBe('due');
      expect(decision.reasons.map((r) => [r.article, r.code])).toEqual([
        [13, 'service_terms.due'],
        [24, 'service_terms.effective_date'],
      ]);
      expect(decision.reasons[0].message).toContain('即 2025-04-01 前');
      expect(assessServiceTerms({ ...joined, effectiveDate: undefined }, '2025-03-01').outcome).toBe('overdue');
      expect(assessServiceTerms(joined, '2025-04-02').outcome).toBe('overdue');
      expect(classifyInstrument({ ...joined, valueCny: 1_200_000, fundingSource: 'fiscal', unitId: 'jx-u001' }, '2025-03-01').serviceTermsDeadline).toBe(
        '2025-04-01',
      );
    });
  });

  describe('Art. 15 idleness: a month without use counts from the effective date', () => {
    const lastUsed: Pick<PolicyFacts, 'lastPowerOnDate' | 'effectiveDate'> = { lastPowerOnDate: '2024-06-01', effectiveDate: '2025-01-01' };

    it('last used in 2024: active through 2025-01-31, idle from 2025-02-01, saying why (Art. 24)', () => {
      const active = assessIdle(lastUsed, '2025-01-31');
      expect(active.outcome).toBe('active');
      expect(active.reasons.map((r) => [r.article, r.code])).toEqual([
        [15, 'idle.active'],
        [24, 'idle.effective_date'],
      ]);
      expect(active.reasons[0].message).toContain('2025-02-01 起视为闲置');
      const idle = assessIdle(lastUsed, '2025-02-01');
      expect(idle.outcome).toBe('idle');
      expect(idle.reasons.map((r) => r.code)).toEqual(['idle.no_power_on', 'idle.lease_or_transfer', 'idle.effective_date']);
      expect(assessIdle({ lastPowerOnDate: '2024-06-01' }, '2025-01-31').outcome).toBe('idle');
    });

    it('a use after the effective date starts its own clock', () => {
      expect(assessIdle({ ...lastUsed, lastPowerOnDate: '2025-03-10' }, '2025-04-10').reasons.map((r) => r.code)).toEqual([
        'idle.no_power_on',
        'idle.lease_or_transfer',
      ]);
    });
  });
});
