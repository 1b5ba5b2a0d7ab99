import type { Principal } from '@app/auth';

/** The federation's search, as other libs need it (partners' SearchInstruments); the search lib provides it. */
export interface InstrumentSearch {
  execute(
    query: { q?: string; region?: string[]; category?: string; page: number; pageSize: number },
    principal: Principal | undefined,
  ): Promise<{ items: { id: string }[]; total: number }>;
}

export const INSTRUMENT_SEARCH = Symbol('INSTRUMENT_SEARCH');
