import type { Reason } from '@app/common';
import { assertIsoDate, compareDates, type IsoDate } from './dates';
import { reason } from './decision';

/**
 * Art. 24: 本办法自 … 起施行. The measures bind nobody before they take effect,
 * so no Art. 13 or Art. 15 clock starts before that day: a clock whose event
 * (acceptance, joining the platform, the last use) lies earlier starts on the
 * effective date instead, as if the event had happened that day. Without an
 * effective date (callers that do not know it) the event starts the clock.
 */
export function clockStart(event: IsoDate, effectiveDate: IsoDate | undefined): { start: IsoDate; moved: boolean } {
  assertIsoDate(event);
  if (effectiveDate === undefined || compareDates(event, assertIsoDate(effectiveDate)) >= 0) return { start: event, moved: false };
  return { start: effectiveDate, moved: true };
}

/** The Art. 24 reason a decision carries when the effective date moved its clock's start. */
export function effectiveDateReason(
  code: string,
  event: { date: IsoDate; zh: string; en: string },
  effectiveDate: IsoDate,
  clock: { zh: string; en: string },
): Reason {
  return reason(
    24,
    `${code}.effective_date`,
    `${event.zh}（${event.date}）早于本办法施行之日 ${effectiveDate}，${clock.zh}自 ${effectiveDate} 起算（第二十四条）`,
    `${event.en} (${event.date}) precedes the measures' effective date ${effectiveDate}: the ${clock.en} runs from ${effectiveDate} (Art. 24)`,
  );
}
