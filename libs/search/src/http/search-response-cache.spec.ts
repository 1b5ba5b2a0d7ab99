import type { Principal } from '@app/auth';
import type { AppConfig } from '@app/config';
import type { SearchInstrumentsInput } from '../use-cases/search-instruments.input';
import type { SearchAnswer, SearchInstrumentsUseCase } from '../use-cases/search-instruments.usecase';
import { SearchResponseCache } from './search-response-cache';

/** The use-case's side of the contract: the same answer object for the same question at one version. */
class StubSearch {
  version = 1;
  /** No staleness: any change of version makes kept answers unservable. */
  readonly validity = {
    floor: 0,
    version: 1,
    withinStaleness: () => false,
  };
  sources = [{ source: 'jiaxing', lagSeconds: 0 }];
  private readonly answers = new Map<string, SearchAnswer>();

  async answer(input: SearchInstrumentsInput) {
    const key = `${this.version}:${input.q}`;
    if (!this.answers.has(key))
      this.answers.set(key, { items: [], total: input.q?.length ?? 0, page: 1, pageSize: 20, sort: 'relevance', facets: {} } as never);
    return { answer: this.answers.get(key)!, version: this.version };
  }

  async built() {}

  async sourceStatuses() {
    return this.sources;
  }
}

const config = (resultCacheSize: number) => ({ search: { resultCacheSize } }) as AppConfig;
const unit: Principal = { sub: 'u1', roles: ['unit-member'], unitId: 'U1' } as never;

describe('SearchResponseCache', () => {
  it('sends the answer with its sources as one JSON object', async () => {
    const search = new StubSearch();
    const responses = new SearchResponseCache(search as unknown as SearchInstrumentsUseCase, config(10));
    const body = await responses.respond({ q: 'SEM' } as SearchInstrumentsInput, undefined, '/api/v1/instruments?q=SEM');
    expect(JSON.parse(body.toString('utf8'))).toEqual({ ...(await search.answer({ q: 'SEM' } as never)).answer, sources: search.sources });
  });

  it('answers a repeat of an anonymous request by its URL, until the index moves', async () => {
    const search = new StubSearch();
    const responses = new SearchResponseCache(search as unknown as SearchInstrumentsUseCase, config(10));
    const url = '/api/v1/instruments?q=SEM';
    expect(responses.isRepeat(url)).toBe(false);
    const first = await responses.respond({ q: 'SEM' } as SearchInstrumentsInput, undefined, url);
    expect(responses.isRepeat(url)).toBe(true);
    expect((await responses.repeat(url))?.toString('utf8')).toBe(first.toString('utf8'));

    search.version = search.validity.version = 2;
    expect(responses.isRepeat(url)).toBe(false);
    expect(await responses.repeat(url)).toBeUndefined();
  });

  it('never keeps a signed-in answer by its URL, nor any with the cache off', async () => {
    const signedIn = new SearchResponseCache(new StubSearch() as unknown as SearchInstrumentsUseCase, config(10));
    await signedIn.respond({ q: 'SEM' } as SearchInstrumentsInput, unit, '/api/v1/instruments?q=SEM');
    expect(signedIn.isRepeat('/api/v1/instruments?q=SEM')).toBe(false);

    const off = new SearchResponseCache(new StubSearch() as unknown as SearchInstrumentsUseCase, config(0));
    await off.respond({ q: 'SEM' } as SearchInstrumentsInput, undefined, '/api/v1/instruments?q=SEM');
    expect(off.isRepeat('/api/v1/instruments?q=SEM')).toBe(false);
  });
});
