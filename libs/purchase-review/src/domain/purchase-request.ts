/** Review ids are UUIDs: anything else is no review (404), never a database error. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const TEXT_MAX = 2000;
export const NAME_MAX = 200;
/** No single instrument is worth a trillion yuan: a larger value is a typo (fen entered as yuan). */
export const VALUE_MAX_CNY = 1_000_000_000;

export interface PurchaseRequest {
  categoryCode: string;
  valueCny: number;
  intendedUse: string;
  justification: string;
  name?: string;
  model?: string;
}

/** The article each step of a review applies: recording or submitting it Art. 9 (the threshold), the department's decision Art. 10. */
export const STEP_ARTICLE = { recorded: 9, submitted: 9, approved: 10, rejected: 10 } as const;
