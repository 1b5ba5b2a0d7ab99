import type { Reason } from '@app/common';
import { formatCny, reason } from './decision';
import { isOwnerUnit } from './owner-unit';

/** The structured fee standard of an instrument (Art. 13, 19); the catalog's `FeeStandard` fits it. */
export interface FeeFacts {
  unit: 'hour' | 'sample' | 'day' | 'item';
  internalPriceCny: number;
  externalPriceCny: number;
  tiers?: { minQuantity: number; internalPriceCny: number; externalPriceCny: number }[];
  setupFeeCny?: number;
}

export interface FeeEstimate {
  /** Internal price for the owning unit's own people, external for everyone else (Art. 19). */
  tariff: 'internal' | 'external';
  unit: FeeFacts['unit'];
  /** Hours or days of the window; absent when the fee is per sample or item (counted at the instrument). */
  quantity?: number;
  unitPriceCny: number;
  setupFeeCny: number;
  /** Absent when it depends on the number of samples or items measured. */
  totalCny?: number;
  reasons: Reason[];
}

const HOUR = 3_600_000;
const cents = (x: number) => Math.round(x * 100) / 100;

/**
 * Estimates what a booking will cost from the instrument's fee standard.
 * A tier applies to the whole quantity once it is reached ("8 hours or more:
 * 250 per hour"). Per-sample and per-item fees are counted at the instrument,
 * so only the unit price and setup are known in advance. `undefined` when the
 * instrument has no fee standard (Art. 13 gives units three months to set one).
 */
export function estimateFee(
  fee: FeeFacts | undefined,
  window: { start: Date; end: Date },
  units: { ownerUnitId: string; requesterUnitId?: string },
): FeeEstimate | undefined {
  if (!fee) return undefined;
  const tariff = isOwnerUnit(units) ? 'internal' : 'external';
  const hours = (window.end.getTime() - window.start.getTime()) / HOUR;
  const quantity = fee.unit === 'hour' ? cents(hours) : fee.unit === 'day' ? Math.ceil(hours / 24 - 1e-9) : undefined;
  const price = (p: { internalPriceCny: number; externalPriceCny: number }) => (tariff === 'internal' ? p.internalPriceCny : p.externalPriceCny);
  let unitPriceCny = price(fee);
  for (const tier of fee.tiers ?? []) if (quantity !== undefined && quantity >= tier.minQuantity) unitPriceCny = price(tier);
  const setupFeeCny = fee.setupFeeCny ?? 0;
  const totalCny = quantity === undefined ? undefined : cents(quantity * unitPriceCny + setupFeeCny);
  const who = tariff === 'internal' ? { zh: '本单位内部价', en: 'the internal price (own unit)' } : { zh: '对外服务价', en: 'the external price' };
  const reasons = [
    totalCny === undefined
      ? reason(
          19,
          `fee.per_${fee.unit}`,
          `按收费标准${who.zh}每${fee.unit === 'sample' ? '样' : '项'} ${formatCny(unitPriceCny)} 元${setupFeeCny ? `，另收 ${formatCny(setupFeeCny)} 元` : ''}，按实际测试数量计费`,
          `${who.en}: ${formatCny(unitPriceCny)} CNY per ${fee.unit}${setupFeeCny ? ` plus ${formatCny(setupFeeCny)} CNY setup` : ''}, charged by the number measured`,
        )
      : reason(
          19,
          `fee.per_${fee.unit}`,
          `按收费标准${who.zh}：${quantity} ${fee.unit === 'hour' ? '小时' : '天'} × ${formatCny(unitPriceCny)} 元${setupFeeCny ? ` + ${formatCny(setupFeeCny)} 元` : ''} = ${formatCny(totalCny)} 元`,
          `${who.en}: ${quantity} ${fee.unit}(s) × ${formatCny(unitPriceCny)} CNY${setupFeeCny ? ` + ${formatCny(setupFeeCny)} CNY setup` : ''} = ${formatCny(totalCny)} CNY`,
        ),
  ];
  return {
    tariff,
    unit: fee.unit,
    ...(quantity !== undefined ? { quantity } : {}),
    unitPriceCny,
    setupFeeCny,
    ...(totalCny !== undefined ? { totalCny } : {}),
    reasons,
  };
}
