import type { AppConfig } from '@app/config';
import type { Clock } from '@app/common';
import { SearchIndex } from '../engine/search-index';
import type { CatalogIndex } from '../indexing/catalog-index.service';
import { SearchInstrumentsUseCase } from './search-instruments.usecase';

const oneInstrument = () =>
  SearchIndex.from([
    {
      id: 'a',
      name: '显微镜',
      categoryCode: '0101',
      region: 'shanghai',
      city: '__proto__',
      unitId: 'u1',
      serviceModes: ['operator_assisted'],
      customsGated: false,
      updatedAt: '2026-01-01T00:00:00.000Z',
      visibility: 'public',
    },
  ]);

function useCase(engine: SearchIndex, search: Partial<AppConfig['search']>) {
  const answers = { version: 0, floor: 0, withinStaleness: () => false, unaffected: () => false };
  const index = { engine, answers, fresh: async () => undefined, current: true } as unknown as CatalogIndex;
  const clock = { now: () => new Date('2026-01-01T00:00:00Z'), today: () => '2026-01-01' } as unknown as Clock;
  return new SearchInstrumentsUseCase(index, clock, { search: { resultCacheSize: 10, ...search } } as unknown as AppConfig);
}

describe('SearchInstrumentsUseCase facets', () => {
  it('keeps a bucket whose value is a name objects give meaning to (a city called __proto__)', async () => {
    const { answer } = await useCase(oneInstrument(), {}).answer({ q: '显微镜' }, undefined);
    expect(answer.total).toBe(1);
    expect(JSON.stringify(answer.facets.city)).toBe('{"__proto__":1}');
  });
});

describe('SearchInstrumentsUseCase CPU accounting', () => {
  afterEach(() => jest.restoreAllMocks());

  it('reads the process CPU only when SEARCH_CACHE_METRICS shows it: off by default, it costs every computed answer', async () => {
    const cpuUsage = jest.spyOn(process, 'cpuUsage');
    const quiet = useCase(oneInstrument(), { cacheMetrics: false });
    await quiet.answer({ q: '显微镜' }, undefined);
    expect(cpuUsage).not.toHaveBeenCalled();
    expect(quiet.computed).toEqual({ answers: 1, cpuMs: 0 });

    const shown = useCase(oneInstrument(), { cacheMetrics: true });
    await shown.answer({ q: '显微镜' }, undefined);
    expect(cpuUsage).toHaveBeenCalledTimes(2);
    expect(shown.computed.answers).toBe(1);
    expect(shown.computed.cpuMs).toBeGreaterThanOrEqual(0);
  });
});
