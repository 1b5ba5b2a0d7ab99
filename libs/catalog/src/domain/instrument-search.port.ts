import type { Principal } from '@app/auth';
import type { InputCheck } from '@app/common';

/** What partners' SearchInstruments asks of the search (the search lib's input contract has more). */
export interface InstrumentSearchQuery {
  q?: string;
  region?: string[];
  category?: string;
  page: number;
  pageSize: number;
}

/** The federation's search, as other libs need it (partners' SearchInstruments); the search lib provides it. */
export interface InstrumentSearch {
  /** The search's own input contract: a partner's request is held to the very rules an HTTP caller is. */
  readonly input: { check(value: unknown): InputCheck<unknown> };
  execute(query: InstrumentSearchQuery, principal: Principal | undefined): Promise<{ items: { id: string }[]; total: number }>;
}

export const INSTRUMENT_SEARCH = Symbol('INSTRUMENT_SEARCH');
