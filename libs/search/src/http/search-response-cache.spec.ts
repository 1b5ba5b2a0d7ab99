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
    unaffected: () => false,
  };
  sources = [{ source: 'jiaxing', lagSeconds: 0 }];
  private readonly answers = new Map<string, SearchAnswer>();

  asked = 0;

  async answer(input: SearchInstrumentsInput) {
    this.asked++;
    const key = `${this.version}:${input.q}`;
    if (!this.answers.has(key))
      this.answers.set(key, { items: [], total: input.q?.length ?? 0, page: this.version, pageSize: 20, sort: 'relevance', facets: {} } as never);
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

  it('answers a repeat of an anonymous request by its URL, kept from its second ask until the index moves, then computed again', async () => {
    const search = new StubSearch();
    const responses = new SearchResponseCache(search as unknown as SearchInstrumentsUseCase, config(10));
    const url = '/api/v1/instruments?q=SEM';
    expect(responses.isRepeat(url)).toBe(false);
    expect(await responses.repeat(url)).toBeUndefined();
    const first = await responses.respond({ q: 'SEM' } as SearchInstrumentsInput, undefined, url);
    expect(responses.isRepeat(url)).toBe(true);
    // Asked once, so not kept: the second ask computes it, and keeps it.
    expect((await responses.repeat(url))?.toString('utf8')).toBe(first.toString('utf8'));
    expect(search.asked).toBe(2);
    expect((await responses.repeat(url))?.toString('utf8')).toBe(first.toString('utf8'));
    expect(search.asked).toBe(2);
    expect(responses.keptAnswers).toMatchObject({ declined: 1, current: 1 });

    search.version = search.validity.version = 2;
    expect(responses.isRepeat(url)).toBe(true);
    const again = await responses.repeat(url);
    expect(search.asked).toBe(3);
    expect(JSON.parse(again!.toString('utf8'))).toMatchObject({ page: 2, total: 3 });
  });

  it('sends a kept answer with the sources of the moment, leaving a body already handed out as it was', async () => {
    jest.useFakeTimers({ now: 0, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const search = new StubSearch();
      const responses = new SearchResponseCache(search as unknown as SearchInstrumentsUseCase, config(10));
      const url = '/api/v1/instruments?q=仪器';
      await responses.respond({ q: '仪器' } as SearchInstrumentsInput, undefined, url);
      // The second ask keeps it.
      const first = (await responses.repeat(url))!;
      const sent = Buffer.from(first);
      search.sources = [{ source: 'shanghai', lagSeconds: 7 }];
      jest.setSystemTime(1_000);
      const again = await responses.repeat(url);
      expect(search.asked).toBe(2);
      expect(JSON.parse(again!.toString('utf8'))).toEqual({ ...(await search.answer({ q: '仪器' } as never)).answer, sources: search.sources });
      expect(first.equals(sent)).toBe(true);
      expect(JSON.parse(first.toString('utf8')).sources).toEqual([{ source: 'jiaxing', lagSeconds: 0 }]);
    } finally {
      jest.useRealTimers();
    }
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
