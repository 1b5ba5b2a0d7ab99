import { ONBOARDING_WORKING_DAYS, assessOnboarding, onboardingDeadline, type DeadlineFacts, type OnboardingOutcome } from './onboarding.rule';

const inScope: DeadlineFacts = {
  valueCny: 1_200_000,
  fundingSource: 'fiscal',
  acceptanceDate: '2025-09-15',
  confidentiality: { status: 'none' },
};

describe('onboardingDeadline (Art. 13: 30 working days from installation acceptance)', () => {
  it('is 30 working days', () => {
    expect(ONBOARDING_WORKING_DAYS).toBe(30);
  });

  it.each([
    // Counted from the day after acceptance; National Day + Mid-Autumn 2025 (Oct 1–8) are off,
    // Sun Sep 28 and Sat Oct 11 are worked. Weekdays alone would give 2025-10-27.
    ['2025-09-15', '2025-10-31', 'crosses National Day 2025 with its adjusted working Sunday and Saturday'],
    // Spring Festival 2026: Sat Feb 14 and Sat Feb 28 worked, Feb 15–23 off.
    ['2026-01-20', '2026-03-09', 'crosses the Spring Festival 2026'],
    ['2025-01-02', '2025-02-19', 'crosses the Spring Festival 2025'],
    // 2024: Sat Sep 14 worked, Sep 15–17 off, Sun Sep 29 worked, Oct 1–7 off, Sat Oct 12 worked.
    ['2024-09-10', '2024-10-28', 'crosses Mid-Autumn and National Day 2024'],
  ])('Art. 13: accepted %s → join by %s (%s)', (acceptance, expected) => {
    expect(onboardingDeadline(acceptance)).toBe(expected);
  });
});

describe('assessOnboarding (Arts. 11, 13)', () => {
  it.each<[string, DeadlineFacts, string, OnboardingOutcome, string[]]>([
    [
      'Art. 11: state-secret instrument → not applicable',
      { ...inScope, confidentiality: { status: 'confidential' } },
      '2026-01-01',
      'not_applicable',
      ['onboarding.excluded', 'sharing.state_secret'],
    ],
    [
      'Art. 11: approved and filed exemption → not applicable',
      {
        ...inScope,
        confidentiality: {
          status: 'exempted',
          approvedBy: '嘉兴市卫生健康委员会',
          approvalRef: 'A-1',
          approvalDate: '2025-08-01',
          filingRef: 'F-1',
          filingDate: '2025-08-10',
        },
      },
      '2026-01-01',
      'not_applicable',
      ['onboarding.excluded', 'sharing.exempted'],
    ],
    [
      'Arts. 2/5/11: outside the mandatory scope → not applicable',
      { ...inScope, valueCny: 299_999 },
      '2026-01-01',
      'not_applicable',
      ['onboarding.voluntary', 'scope.below_threshold', 'scope.voluntary_encouraged'],
    ],
    ['Art. 13: no acceptance date', { ...inScope, acceptanceDate: undefined }, '2026-01-01', 'missing_acceptance_date', ['onboarding.missing_acceptance_date']],
    ['Art. 13: joined on the deadline day → on time', { ...inScope, provincialJoinDate: '2025-10-31' }, '2026-01-01', 'on_time', ['onboarding.on_time']],
    ['Art. 13: joined during National Day → on time', { ...inScope, provincialJoinDate: '2025-10-05' }, '2026-01-01', 'on_time', ['onboarding.on_time']],
    ['Art. 13: joined the next working day → late', { ...inScope, provincialJoinDate: '2025-11-03' }, '2026-01-01', 'late', ['onboarding.late']],
    ['Art. 13: not joined, as of the deadline day → due', inScope, '2025-10-31', 'due', ['onboarding.due']],
    ['Art. 13: not joined, the day after the deadline → overdue', inScope, '2025-11-01', 'overdue', ['onboarding.overdue']],
    ['Art. 13: weekdays-only counting would already call it overdue on 2025-10-28; it is due', inScope, '2025-10-28', 'due', ['onboarding.due']],
    [
      'Art. 13: Spring Festival 2026 — joined on 2026-03-09 → on time',
      { ...inScope, acceptanceDate: '2026-01-20', provincialJoinDate: '2026-03-09' },
      '2026-06-01',
      'on_time',
      ['onboarding.on_time'],
    ],
    [
      'Art. 13: Spring Festival 2026 — joined on 2026-03-10 → late',
      { ...inScope, acceptanceDate: '2026-01-20', provincialJoinDate: '2026-03-10' },
      '2026-06-01',
      'late',
      ['onboarding.late'],
    ],
    [
      'Art. 13: scope facts omitted → the caller vouches it is in scope',
      { acceptanceDate: '2025-09-15', confidentiality: { status: 'none' } },
      '2025-11-01',
      'overdue',
      ['onboarding.overdue'],
    ],
    [
      'Art. 13: deadline in 2027 (holiday notice not on file) → flagged provisional',
      { ...inScope, acceptanceDate: '2026-11-20' },
      '2026-11-29',
      'due',
      ['onboarding.due', 'onboarding.calendar_provisional'],
    ],
    [
      'Art. 13: acceptance in 2019 (no holiday data) → flagged missing',
      { ...inScope, acceptanceDate: '2019-11-01', provincialJoinDate: '2019-11-20' },
      '2026-01-01',
      'on_time',
      ['onboarding.on_time', 'onboarding.calendar_missing'],
    ],
  ])('%s', (_name, facts, asOf, outcome, codes) => {
    const decision = assessOnboarding(facts, asOf);
    expect(decision.outcome).toBe(outcome);
    expect(decision.reasons.map((r) => r.code)).toEqual(codes);
  });

  it('Art. 13: a due decision gives the deadline and the working days left', () => {
    const [r] = assessOnboarding(inScope, '2025-09-30').reasons;
    // After Sep 30: Oct 9, 10, 11 (Sat, worked), then 3 full weeks of Oct 13–31 = 18 working days.
    expect(r.message).toBe(
      '2025-09-15 完成安装验收，应于 30 个工作日内即 2025-10-31 前（含当日）纳入省大仪平台（第十三条）；截至 2025-09-30 尚未入网，2025-09-30 之后还剩 18 个工作日',
    );
    expect(r.messageEn).toContain('18 working day(s) left');
  });

  it('Art. 13: late and overdue decisions count calendar days past the deadline', () => {
    expect(assessOnboarding({ ...inScope, provincialJoinDate: '2025-11-03' }, '2026-01-01').reasons[0].message).toContain('2025-11-03 才入网，逾期 3 天');
    expect(assessOnboarding(inScope, '2025-11-01').reasons[0].message).toContain('已逾期 1 天');
  });
});
