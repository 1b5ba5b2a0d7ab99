import type { Reason } from '@app/common';
import { decide, formatCny, reason, type Decision } from './decision';
import { FUNDING_LABELS, type PolicyFacts } from './facts';

/** Art. 2: 单台（套）价值在30万元及以上 — the threshold itself is inside the scope. */
export const SCOPE_THRESHOLD_CNY = 300_000;

export type ScopeOutcome = 'mandatory' | 'voluntary';

/**
 * Art. 2 defines the instruments the measures govern: bought with fiscal funds or
 * state capital AND worth ≥ 300,000 CNY per unit (set). Those must be opened
 * through the provincial platform (Art. 5). Everything else is outside the
 * obligation, but Art. 5 (last sentence) encourages opening it voluntarily.
 */
export function assessScope(f: Pick<PolicyFacts, 'valueCny' | 'fundingSource'>): Decision<ScopeOutcome> {
  if (!Number.isFinite(f.valueCny) || f.valueCny < 0) {
    throw new RangeError(`assessScope: valueCny must be a non-negative number, got ${f.valueCny}`);
  }
  const funding = FUNDING_LABELS[f.fundingSource];
  if (!funding) throw new RangeError(`assessScope: unknown fundingSource ${JSON.stringify(f.fundingSource)}`);
  const value = formatCny(f.valueCny);
  const publicFunds = f.fundingSource === 'fiscal' || f.fundingSource === 'state_capital';
  const aboveThreshold = f.valueCny >= SCOPE_THRESHOLD_CNY;

  if (publicFunds && aboveThreshold) {
    return decide('mandatory', [
      reason(
        2,
        'scope.mandatory',
        `单台价值 ${value} 元，达到 30 万元及以上，且使用${funding.zh}购置（第二条），属强制开放共享范围`,
        `Unit value ${value} CNY is at least 300,000 CNY and it was bought with ${funding.en} (Art. 2): sharing is mandatory`,
      ),
      reason(
        5,
        'scope.join_provincial_platform',
        `应纳入浙江省大型科研仪器开放共享平台向社会开放共享（第五条）`,
        `Must be listed on the Zhejiang provincial platform and opened to society (Art. 5)`,
      ),
    ]);
  }

  const reasons: [Reason, ...Reason[]] = [
    reason(
      5,
      'scope.voluntary_encouraged',
      `鼓励管理单位自愿将该仪器向社会开放（第五条）`,
      `The management unit is encouraged to open it to society voluntarily (Art. 5)`,
    ),
  ];
  // Prepend the failed Art. 2 criteria, so reasons read: value, funding, encouragement.
  if (!publicFunds) {
    reasons.unshift(
      reason(
        2,
        'scope.non_public_funding',
        `购置资金为${funding.zh}（第二条仅涵盖财政资金或国有资本购置的大仪），不属强制开放范围`,
        `Bought with ${funding.en} (Art. 2 covers only instruments bought with fiscal funds or state capital): not subject to mandatory sharing`,
      ),
    );
  }
  if (!aboveThreshold) {
    reasons.unshift(
      reason(
        2,
        'scope.below_threshold',
        `单台价值 ${value} 元低于 30 万元（第二条），不属强制开放范围`,
        `Unit value ${value} CNY is below 300,000 CNY (Art. 2): not subject to mandatory sharing`,
      ),
    );
  }
  return decide('voluntary', reasons);
}
