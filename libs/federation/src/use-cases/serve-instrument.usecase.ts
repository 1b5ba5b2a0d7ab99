import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Instrument as WireInstrument, SearchInstrumentsRequest, SearchInstrumentsResponse } from '@app/contracts';
import { DomainError, isRegion, parseInstrumentId } from '@app/common';
import { GetInstrumentUseCase, INSTRUMENT_SEARCH, type InstrumentSearch } from '@app/catalog';
import { instrumentToWire } from '../domain/wire-mapping';
import { FederationRepository } from '../infrastructure/federation.repository';

/**
 * Single records and search for partners, through the same use-cases (and so
 * the same visibility rule) as anonymous HTTP callers: a partner sees exactly
 * what the public sees, never an excluded instrument.
 */
@Injectable()
export class ServeInstrumentUseCase {
  constructor(
    private readonly get: GetInstrumentUseCase,
    private readonly federation: FederationRepository,
    @Optional() @Inject(INSTRUMENT_SEARCH) private readonly searcher?: InstrumentSearch,
  ) {}

  async one(id: string): Promise<WireInstrument> {
    if (!parseInstrumentId(id)) throw DomainError.validation([{ field: 'instrument_id', message: 'must be <region>:<localId>' }]);
    const view = await this.get.execute(id, undefined);
    const [entry] = await this.federation.localOrFederated([view.id]);
    if (!entry?.unit) throw DomainError.notFound(`instrument ${id}`);
    return instrumentToWire(entry.stored, entry.unit);
  }

  async search(request: SearchInstrumentsRequest): Promise<SearchInstrumentsResponse> {
    const violations = [];
    if (request.pageSize < 0) violations.push({ field: 'page_size', message: 'must not be negative' });
    if (request.query.length > 200 || /[\u0000-\u001f\u007f]/.test(request.query)) violations.push({ field: 'query', message: 'must be at most 200 characters of text' });
    if (request.categoryPrefix && !/^\d{1,6}$/.test(request.categoryPrefix)) violations.push({ field: 'category_prefix', message: 'must be digits' });
    if (request.regions.some((r) => !isRegion(r))) violations.push({ field: 'regions', message: 'unknown region' });
    const page = request.pageToken === '' ? 1 : /^p\d{1,5}$/.test(request.pageToken) ? Number(request.pageToken.slice(1)) : NaN;
    if (!Number.isInteger(page) || page < 1) violations.push({ field: 'page_token', message: 'was not issued by this server' });
    if (violations.length > 0) throw DomainError.validation(violations);
    if (!this.searcher) throw new DomainError('UNAVAILABLE', 'this process does not serve search');
    // The contract lowers an oversize page to the server's maximum.
    const pageSize = Math.min(request.pageSize || 20, 100);
    const result = await this.searcher.execute(
      { q: request.query || undefined, region: request.regions.length ? request.regions : undefined, category: request.categoryPrefix || undefined, page, pageSize },
      undefined,
    );
    const entries = await this.federation.localOrFederated(result.items.map((i) => i.id));
    return {
      instruments: entries.filter((e) => e.unit && e.stored.shareable).map((e) => instrumentToWire(e.stored, e.unit!)),
      nextPageToken: page * pageSize < result.total ? `p${page + 1}` : '',
      total: String(result.total),
    };
  }
}
