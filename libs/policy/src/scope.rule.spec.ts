import type { PolicyFacts } from './facts';
import { SCOPE_THRESHOLD_CNY, assessScope } from './scope.rule';

describe('assessScope (Arts. 2, 5)', () => {
  it('the threshold is 300,000 CNY (Art. 2: 30万元及以上)', () => {
    expect(SCOPE_THRESHOLD_CNY).toBe(300_000);
  });

  it.each<[string, number, PolicyFacts['fundingSource'], 'mandatory' | 'voluntary', string[]]>([
    ['Art. 2: 300,000 fiscal — exactly the threshold is inside', 300_000, 'fiscal', 'mandatory', ['scope.mandatory', 'scope.join_provincial_platform']],
    ['Art. 2: 300,000 state capital', 300_000, 'state_capital', 'mandatory', ['scope.mandatory', 'scope.join_provincial_platform']],
    ['Art. 2/5: 300,000 other funds — encouraged only', 300_000, 'other', 'voluntary', ['scope.non_public_funding', 'scope.voluntary_encouraged']],
    ['Art. 2/5: 299,999 fiscal — one yuan below', 299_999, 'fiscal', 'voluntary', ['scope.below_threshold', 'scope.voluntary_encouraged']],
    ['Art. 2/5: 299,999 state capital', 299_999, 'state_capital', 'voluntary', ['scope.below_threshold', 'scope.voluntary_encouraged']],
    [
      'Art. 2/5: 299,999 other funds — both criteria fail',
      299_999,
      'other',
      'voluntary',
      ['scope.below_threshold', 'scope.non_public_funding', 'scope.voluntary_encouraged'],
    ],
    ['Art. 2: 5,800,000 fiscal', 5_800_000, 'fiscal', 'mandatory', ['scope.mandatory', 'scope.join_provincial_platform']],
  ])('%s', (_name, valueCny, fundingSource, outcome, codes) => {
    const decision = assessScope({ valueCny, fundingSource });
    expect(decision.outcome).toBe(outcome);
    expect(decision.reasons.map((r) => r.code)).toEqual(codes);
  });

  it('Art. 2/5: the message states the value and cites the articles', () => {
    const [below, encouraged] = assessScope({ valueCny: 299_999, fundingSource: 'fiscal' }).reasons;
    expect(below).toEqual({
      article: 2,
      code: 'scope.below_threshold',
      message: '单台价值 299,999 元低于 30 万元（第二条），不属强制开放范围',
      messageEn: 'Unit value 299,999 CNY is below 300,000 CNY (Art. 2): not subject to mandatory sharing',
    });
    expect(encouraged.article).toBe(5);
    expect(encouraged.message).toContain('第五条');
  });

  it('Art. 2: the mandatory message names the funding source', () => {
    const [mandatory, platform] = assessScope({ valueCny: 300_000, fundingSource: 'state_capital' }).reasons;
    expect(mandatory.message).toBe('单台价值 300,000 元，达到 30 万元及以上，且使用国有资本购置（第二条），属强制开放共享范围');
    expect(platform.article).toBe(5);
  });

  it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY]])('Art. 2: rejects value %p', (valueCny) => {
    expect(() => assessScope({ valueCny, fundingSource: 'fiscal' })).toThrow(RangeError);
  });
});
