import { classifyInstrument, storedFlags, type InstrumentClassification, type PolicyFacts } from '@app/policy';

const base: PolicyFacts = {
  valueCny: 2_350_000,
  fundingSource: 'fiscal',
  unitId: 'unit-jxu',
  acceptanceDate: '2025-09-15',
  provincialJoinDate: '2025-10-20',
  fee: { unit: 'hour', internalPriceCny: 300, externalPriceCny: 600 },
  serviceModes: ['operator_assisted'],
  confidentiality: { status: 'none' },
  lastPowerOnDate: '2025-11-20',
};

const dutyFree = { declarationNo: '292020230000123456', releaseDate: '2023-05-10', supervisionYears: 3 };

type Summary = Pick<InstrumentClassification, 'shareable' | 'customsGated'> & Record<string, unknown>;

function summary(c: InstrumentClassification): Summary {
  return {
    scope: c.scope.outcome,
    sharing: c.sharing.outcome,
    customs: c.customs.outcome,
    onboarding: c.onboarding.outcome,
    serviceTerms: c.serviceTerms.outcome,
    idle: c.idle.outcome,
    shareable: c.shareable,
    customsGated: c.customsGated,
  };
}

describe('classifyInstrument (all articles together)', () => {
  it.each<[string, PolicyFacts, string, Summary]>([
    [
      'Arts. 2/5/13/15: compliant fiscal instrument',
      base,
      '2025-12-01',
      {
        scope: 'mandatory',
        sharing: 'shared',
        customs: 'not_applicable',
        onboarding: 'on_time',
        serviceTerms: 'defined',
        idle: 'active',
        shareable: true,
        customsGated: false,
      },
    ],
    [
      'Art. 2: state secret → not shareable, clocks not applicable',
      { ...base, confidentiality: { status: 'confidential' } },
      '2025-12-01',
      {
        scope: 'excluded',
        sharing: 'excluded',
        customs: 'not_applicable',
        onboarding: 'not_applicable',
        serviceTerms: 'not_applicable',
        idle: 'active',
        shareable: false,
        customsGated: false,
      },
    ],
    [
      'Art. 11: exemption without filing → still not shareable',
      { ...base, confidentiality: { status: 'exempted', approvedBy: '嘉兴市科学技术局', approvalRef: 'A', approvalDate: '2025-01-02' } },
      '2025-12-01',
      {
        scope: 'excluded',
        sharing: 'excluded',
        customs: 'not_applicable',
        onboarding: 'not_applicable',
        serviceTerms: 'not_applicable',
        idle: 'active',
        shareable: false,
        customsGated: false,
      },
    ],
    [
      'Art. 12: last day of supervision → gated',
      { ...base, dutyFreeImport: dutyFree },
      '2026-05-09',
      {
        scope: 'mandatory',
        sharing: 'shared',
        customs: 'supervised',
        onboarding: 'on_time',
        serviceTerms: 'defined',
        idle: 'idle',
        shareable: true,
        customsGated: true,
      },
    ],
    [
      'Art. 12: day after supervision → not gated',
      { ...base, dutyFreeImport: dutyFree },
      '2026-05-10',
      {
        scope: 'mandatory',
        sharing: 'shared',
        customs: 'no_gate',
        onboarding: 'on_time',
        serviceTerms: 'defined',
        idle: 'idle',
        shareable: true,
        customsGated: false,
      },
    ],
    [
      'Arts. 2/5: privately funded instrument opted in → voluntary but shareable',
      { ...base, fundingSource: 'other', provincialJoinDate: undefined, fee: undefined, serviceModes: [] },
      '2025-12-01',
      {
        scope: 'voluntary',
        sharing: 'shared',
        customs: 'not_applicable',
        onboarding: 'not_applicable',
        serviceTerms: 'not_applicable',
        idle: 'active',
        shareable: true,
        customsGated: false,
      },
    ],
    [
      'Art. 13: not joined, no terms, after the deadline',
      { ...base, provincialJoinDate: undefined, fee: undefined, lastPowerOnDate: undefined },
      '2025-11-03',
      {
        scope: 'mandatory',
        sharing: 'shared',
        customs: 'not_applicable',
        onboarding: 'overdue',
        serviceTerms: 'not_applicable',
        idle: 'unknown',
        shareable: true,
        customsGated: false,
      },
    ],
  ])('%s', (_name, facts, asOf, expected) => {
    expect(summary(classifyInstrument(facts, asOf))).toEqual(expected);
  });

  it('Arts. 12/13: reports the deadlines whose clocks apply', () => {
    const c = classifyInstrument({ ...base, dutyFreeImport: dutyFree, fee: undefined }, '2025-12-01');
    expect(c.asOf).toBe('2025-12-01');
    expect(c.customsSupervisionEnds).toBe('2026-05-09');
    expect(c.onboardingDeadline).toBe('2025-10-31');
    expect(c.serviceTermsDeadline).toBe('2026-01-20');
    expect(c.serviceTerms.outcome).toBe('due');
  });

  it('Arts. 11/13: omits deadlines that do not apply', () => {
    const c = classifyInstrument({ ...base, confidentiality: { status: 'confidential' } }, '2025-12-01');
    expect(c).not.toHaveProperty('onboardingDeadline');
    expect(c).not.toHaveProperty('serviceTermsDeadline');
    expect(c).not.toHaveProperty('customsSupervisionEnds');
  });

  it('every decision explains itself: non-empty reasons, dotted codes, article cited in both languages', () => {
    const variants: PolicyFacts[] = [
      base,
      { ...base, valueCny: 299_999, fundingSource: 'other', confidentiality: { status: 'confidential' }, lastPowerOnDate: undefined },
      { ...base, acceptanceDate: undefined, provincialJoinDate: undefined, fee: undefined, dutyFreeImport: dutyFree },
      { ...base, acceptanceDate: '2026-11-20', provincialJoinDate: undefined, confidentiality: { status: 'exempted' } },
    ];
    const zhNumerals: Record<number, string> = { 2: '二', 5: '五', 7: '七', 11: '十一', 12: '十二', 13: '十三', 15: '十五' };
    let checked = 0;
    for (const facts of variants) {
      const c = classifyInstrument(facts, '2026-11-29');
      for (const decision of [c.scope, c.sharing, c.customs, c.onboarding, c.serviceTerms, c.idle]) {
        expect(decision.reasons.length).toBeGreaterThan(0);
        for (const r of decision.reasons) {
          expect(r.code).toMatch(/^[a-z_]+\.[a-z_]+$/);
          expect(Object.keys(zhNumerals)).toContain(String(r.article));
          expect(r.message).toContain(`第${zhNumerals[r.article]}条`);
          expect(r.messageEn).toMatch(new RegExp(`Arts?\\. [0-9/, ]*\\b${r.article}\\b`));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(24);
  });

  it('is pure: never reads the clock, same input → same output', () => {
    const now = jest.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('policy must not read the clock');
    });
    try {
      const facts = { ...base, dutyFreeImport: dutyFree };
      expect(classifyInstrument(facts, '2026-01-15')).toEqual(classifyInstrument(facts, '2026-01-15'));
      expect(now).not.toHaveBeenCalled();
    } finally {
      now.mockRestore();
    }
  });

  it('rejects a malformed as-of date instead of guessing', () => {
    expect(() => classifyInstrument(base, '2025-13-01')).toThrow(RangeError);
    expect(() => storedFlags(base, '2025-13-01')).toThrow(RangeError);
  });

  it('stores the flags the full classification decides: an instrument is listed and gated as its detail view says', () => {
    const complete = { approvedBy: '嘉兴市科技局', approvalRef: 'A', approvalDate: '2025-01-02', filingRef: 'F', filingDate: '2025-01-10' };
    const variants: PolicyFacts[] = [
      base,
      { ...base, confidentiality: { status: 'confidential' } },
      { ...base, confidentiality: { status: 'exempted', ...complete } },
      { ...base, confidentiality: { status: 'exempted', approvedBy: '嘉兴市科技局' } },
      { ...base, dutyFreeImport: dutyFree },
      { ...base, dutyFreeImport: { ...dutyFree, releaseDate: '2026-05-10' } },
      { ...base, dutyFreeImport: dutyFree, confidentiality: { status: 'confidential' }, region: 'shanghai' },
    ];
    const seen = new Set<string>();
    for (const facts of variants) {
      for (const asOf of ['2026-05-09', '2026-05-10', '2029-05-09']) {
        const c = classifyInstrument(facts, asOf);
        expect(storedFlags(facts, asOf)).toEqual({ shareable: c.shareable, customsGated: c.customsGated });
        seen.add(`${c.shareable}/${c.customsGated}`);
      }
    }
    expect(seen).toEqual(new Set(['true/false', 'false/false', 'true/true', 'false/true']));
  });
});

describe('scope of excluded instruments (Art. 2, 11)', () => {
  const base = {
    valueCny: 403_900,
    fundingSource: 'fiscal' as const,
    unitId: 'jx-u002',
    serviceModes: ['sample_submission'],
  };
  it.each([
    ['confidential', { status: 'confidential' as const }, 2],
    [
      'exempted',
      {
        status: 'exempted' as const,
        approvedBy: '嘉兴市科技局',
        approvalRef: '嘉科〔2026〕1号',
        approvalDate: '2026-01-05',
        filingRef: '浙大仪备〔2026〕2号',
        filingDate: '2026-01-20',
      },
      11,
    ],
  ])('a %s fiscal instrument over 300,000 CNY is excluded from the sharing duty, not "mandatory"', (_status, confidentiality, article) => {
    const c = classifyInstrument({ ...base, confidentiality }, '2026-11-29');
    expect(c.scope.outcome).toBe('excluded');
    expect(c.scope.reasons.map((r) => r.article)).toContain(article);
    expect(c.sharing.outcome).toBe('excluded');
  });
});
