import type { Reason } from '@app/common';

/** The result of one rule: an outcome and why. `reasons` is never empty. */
export interface Decision<O extends string> {
  outcome: O;
  reasons: Reason[];
}

/** Builds a decision; the tuple type makes "at least one reason" a compile-time rule. */
export function decide<O extends string>(outcome: O, reasons: [Reason, ...Reason[]]): Decision<O> {
  return { outcome, reasons };
}

export function reason(article: number, code: string, message: string, messageEn: string): Reason {
  return { article, code, message, messageEn };
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 2 → 第二条, 11 → 第十一条, 20 → 第二十条 (the measures have 25 articles). */
export function articleZh(article: number): string {
  if (!Number.isInteger(article) || article < 1 || article > 99) throw new RangeError(`article out of range: ${article}`);
  const tens = Math.floor(article / 10);
  const ones = article % 10;
  const tensPart = tens === 0 ? '' : tens === 1 ? '十' : `${DIGITS[tens]}十`;
  const onesPart = ones === 0 ? '' : DIGITS[ones];
  return `第${tensPart}${onesPart}条`;
}

/** 299999 → "299,999"; 1234.5 → "1,234.5". Hand-rolled so the output never depends on the ICU build. */
export function formatCny(value: number): string {
  const [integer, fraction] = String(Math.abs(Math.round(value * 100) / 100)).split('.');
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}
