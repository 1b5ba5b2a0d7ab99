import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { Instrument as WireInstrument, SearchInstrumentsRequest, SearchInstrumentsResponse } from '@app/contracts';
import { DomainError, parseInstrumentId, renameViolations } from '@app/common';
import {
  GetInstrumentUseCase,
  INSTRUMENT_SEARCH,
  InstrumentsByIdsUseCase,
  type FeedEntry,
  type InstrumentSearch,
  type InstrumentSearchQuery,
} from '@app/catalog';
import { decodePageToken, encodePageToken } from '../domain/page-token';
import { servableInstrument, WireMappingError } from '../domain/wire-mapping';

/** SearchInstrumentsRequest's fields by the names of the search's input contract. */
const WIRE_NAMES = { q: 'query', region: 'regions', category: 'category_prefix', pageSize: 'page_size', page: 'page_token' };

/**
 * Single records and search for partners, through the same use-cases (and so
 * the same visibility rule) as anonymous HTTP callers: a partner sees exactly
 * what the public sees, never an excluded instrument.
 */
@Injectable()
export class ServeInstrumentUseCase {
  private readonly logger = new Logger('federation');

  constructor(
    private readonly get: GetInstrumentUseCase,
    private readonly instruments: InstrumentsByIdsUseCase,
    @Optional() @Inject(INSTRUMENT_SEARCH) private readonly searcher?: InstrumentSearch,
  ) {}

  async one(id: string): Promise<WireInstrument> {
    if (!parseInstrumentId(id)) throw DomainError.validation([{ field: 'instrument_id', message: 'must be <region>:<localId>' }]);
    const view = await this.get.execute(id, undefined);
    const [entry] = await this.instruments.live([view.id]);
    if (!entry?.unit) throw DomainError.notFound(`instrument ${id}`);
    // The one record asked for cannot be served: this call fails (INTERNAL), logged with the id.
    return servableInstrument(entry.stored, entry.unit);
  }

  async search(request: SearchInstrumentsRequest): Promise<SearchInstrumentsResponse> {
    const violations = [];
    if (request.pageSize < 0) violations.push({ field: 'page_size', message: 'must not be negative' });
    // The contract lowers an oversize page to the server's maximum.
    const pageSize = request.pageSize > 0 ? Math.min(request.pageSize, 100) : 20;
    const bound = { query: request.query, regions: request.regions, categoryPrefix: request.categoryPrefix, pageSize };
    const page = decodePageToken(request.pageToken, bound);
    if (page === undefined) violations.push({ field: 'page_token', message: 'was not issued by this server for this query, these filters and this page size' });
    if (!this.searcher) {
      if (violations.length > 0) throw DomainError.validation(violations);
      throw new DomainError('UNAVAILABLE', 'this process does not serve search');
    }
    // Empty means "not given" in proto3; the search's own contract judges the rest, in the message's names.
    const query: InstrumentSearchQuery = {
      page: page ?? 1,
      pageSize,
      ...(request.query ? { q: request.query } : {}),
      ...(request.regions.length ? { region: request.regions } : {}),
      ...(request.categoryPrefix ? { category: request.categoryPrefix } : {}),
    };
    const checked = this.searcher.input.check(query);
    if (!checked.ok) violations.push(...renameViolations(checked.violations, WIRE_NAMES));
    if (!checked.ok || violations.length > 0) throw DomainError.validation(violations);
    const result = await this.searcher.execute(checked.value as InstrumentSearchQuery, undefined);
    const entries = await this.instruments.live(result.items.map((i) => i.id));
    return {
      instruments: entries.filter((e) => e.unit && e.stored.shareable).flatMap((e) => this.servableOrSkipped(e)),
      nextPageToken: page! * pageSize < result.total ? encodePageToken(bound, page! + 1) : '',
      total: String(result.total),
    };
  }

  /** One record that cannot be put on the wire is left out of its page and logged, never failing the page. */
  private servableOrSkipped(entry: FeedEntry): WireInstrument[] {
    try {
      return [servableInstrument(entry.stored, entry.unit!)];
    } catch (error) {
      if (!(error instanceof WireMappingError)) throw error;
      this.logger.error(`SearchInstruments: left out of the page: ${error.message}`);
      return [];
    }
  }
}
