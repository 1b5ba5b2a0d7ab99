import type { AppConfig } from '@app/config';
import type { Clock } from '@app/common';
import { SearchIndex } from '../engine/search-index';
import type { CatalogIndex } from '../indexing/catalog-index.service';
import { SearchInstrumentsUseCase } from './search-instruments.usecase';

describe('SearchInstrumentsUseCase facets', () => {
  it('keeps a bucket whose value is a name objects give meaning to (a city called __proto__)', async () => {
    const engine = SearchIndex.from([
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
    const answers = { version: 0, floor: 0, withinStaleness: () => false, unaffected: () => false };
    const index = { engine, answers, fresh: async () => undefined, current: true } as unknown as CatalogIndex;
    const clock = { now: () => new Date('2026-01-01T00:00:00Z'), today: () => '2026-01-01' } as unknown as Clock;
    const config = { search: { resultCacheSize: 10 } } as unknown as AppConfig;
    const { answer } = await new SearchInstrumentsUseCase(index, clock, config).answer({ q: '显微镜' }, undefined);
    expect(answer.total).toBe(1);
    expect(JSON.stringify(answer.facets.city)).toBe('{"__proto__":1}');
  });
});
