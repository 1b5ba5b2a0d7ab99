import { indexedInstrument, type FeedPosition, type FeedRow, type IndexedInstrument, type InstrumentFeedUseCase, type StoredInstrument } from '@app/catalog';
import type { Clock } from '@app/common';
import type { AppConfig } from '@app/config';
import { SearchInstrumentsUseCase } from '../use-cases/search-instruments.usecase';
import type { SearchInstrumentsInput } from '../use-cases/search-instruments.input';
import { CatalogIndex } from './catalog-index.service';

/** The few fields the index reads of a stored instrument. */
function stored(id: string, model: string, updatedAt = '2026-01-01T00:00:00.000Z'): StoredInstrument {
  return {
    instrument: {
      id,
      name: '仪器',
      model,
      categoryCode: '0199',
      region: 'jiaxing',
      city: '嘉兴市',
      unitId: 'jx-u001',
      serviceModes: ['operator_assisted'],
      updatedAt,
    },
    shareable: true,
    customsGated: false,
  } as never;
}

/** A change feed whose pages the test hands out one read at a time, over a catalog of `initial` pages. */
class ManualFeed {
  private readonly reads: ((page: FeedRow[]) => void)[] = [];
  constructor(private readonly initial: StoredInstrument[][] = []) {}
  async loadAll(onPage: (rows: IndexedInstrument[]) => void): Promise<FeedPosition> {
    for (const page of this.initial) {
      await new Promise((r) => setImmediate(r));
      onPage(page.map(indexedInstrument));
    }
    return { seq: '0', snapshot: '' };
  }
  changesSince(from: FeedPosition) {
    return new Promise<{ rows: FeedRow[]; next: FeedPosition; more: boolean }>((resolve) =>
      this.reads.push((rows) => resolve({ rows, next: from, more: false })),
    );
  }
  async answer(rows: FeedRow[]): Promise<void> {
    while (this.reads.length === 0) await new Promise((r) => setImmediate(r));
    this.reads.shift()!(rows);
  }
}

/** An index built from `initial` pages, polling too rarely to interfere, with a 10 s bound unless told. */
async function started(initial: StoredInstrument[][] = [], cacheMaxStaleMs = 10_000) {
  const feed = new ManualFeed(initial);
  const index = new CatalogIndex(feed as unknown as InstrumentFeedUseCase, { search: { followIntervalMs: 60_000, cacheMaxStaleMs } } as AppConfig);
  await index.onApplicationBootstrap();
  return { feed, index, before: index.engine.version };
}

describe('CatalogIndex build', () => {
  it('finds every instrument of the catalog it started from, read in pages, and follows changes after it', async () => {
    const { feed, index } = await started([[stored('jiaxing:A', 'KEEP-1'), stored('jiaxing:B', 'GONE-1')], [stored('jiaxing:C', 'KEEP-2')]]);
    expect(index.snapshot().documents).toBe(3);
    expect(index.engine.search({ q: 'KEEP-2' }).items.map((h) => h.id)).toEqual(['jiaxing:C']);

    const routine = index.follow();
    await feed.answer([{ stored: stored('jiaxing:B', 'GONE-1'), deleted: true }]);
    await routine;
    expect(index.engine.search({ q: 'GONE-1' }).total).toBe(0);
    expect(index.engine.size).toBe(2);
    index.onApplicationShutdown();
  });
});

/** A record the index refuses (coordinates off the globe): what bad data upstream would look like. */
function unindexable(id: string, model: string): StoredInstrument {
  const row = stored(id, model) as unknown as { instrument: Record<string, unknown> };
  row.instrument.location = { lat: 200, lon: 0 };
  return row as never;
}

describe('CatalogIndex and records the index cannot take', () => {
  it('starts without one such record and finds the rest', async () => {
    const { index } = await started([[stored('jiaxing:A', 'KEEP-1'), unindexable('jiaxing:B', 'BAD-1')], [stored('jiaxing:C', 'KEEP-2')]]);
    expect(index.engine.search({ q: 'KEEP' }).total).toBe(2);
    expect(index.engine.has('jiaxing:B')).toBe(false);
    expect(index.snapshot().skipped).toBe(1);
    index.onApplicationShutdown();
  });

  it('drops the old version of a record whose change it cannot take, and goes on to the changes after it', async () => {
    const { feed, index } = await started([[stored('jiaxing:A', 'OLD-1'), stored('jiaxing:B', 'KEEP-1')]]);
    const floor = index.answers.floor;
    const read = index.follow();
    await feed.answer([
      { stored: unindexable('jiaxing:A', 'NEW-1'), deleted: false },
      { stored: stored('jiaxing:B', 'KEEP-1'), deleted: true },
    ]);
    await read;
    // The old version is not served from the index or from a kept answer, and the withdrawal after it applied.
    expect(index.engine.search({ q: 'OLD-1' }).total).toBe(0);
    expect(index.engine.has('jiaxing:B')).toBe(false);
    expect(index.answers.floor).toBeGreaterThan(floor);
    index.onApplicationShutdown();
  });
});

describe('CatalogIndex and kept answers', () => {
  it('lets no kept answer hide a write of this process from its writer, even when a routine read applied it', async () => {
    const { feed, index, before } = await started();

    // A routine read is under way when this process commits a write and signals it; that read finds the row.
    const routine = index.follow();
    index.changed();
    await feed.answer([{ stored: stored('jiaxing:A', 'NEW-1'), deleted: false }]);
    // The catch-up read the signal asked for finds nothing more.
    await feed.answer([]);
    await routine;
    await index.fresh();

    expect(index.engine.has('jiaxing:A')).toBe(true);
    expect(index.answers.floor).toBe(index.engine.version);
    expect(index.answers.floor).toBeGreaterThan(before);
    index.onApplicationShutdown();
  });

  it('keeps answers through a change that came from elsewhere, within the bound', async () => {
    const { feed, index, before } = await started();
    const routine = index.follow();
    await feed.answer([{ stored: stored('jiaxing:B', 'NEW-2'), deleted: false }]);
    await routine;
    expect(index.answers.floor).toBe(before);
    expect(index.answers.withinStaleness(before)).toBe(true);
    index.onApplicationShutdown();
  });

  it('keeps serving an answer through changes that do not concern it, past the bound, and computes it again after one that does', async () => {
    const catalog = Array.from({ length: 200 }, (_, i) => stored(`jiaxing:${i}`, `QZX-${1000 + i}`));
    // A bound of 1 ms: whatever is served after a change is served because no change concerned it.
    const { feed, index } = await started([catalog], 1);
    const config = { search: { resultCacheSize: 100 } } as AppConfig;
    const search = new SearchInstrumentsUseCase(index, { now: () => new Date() } as Clock, config);
    const ask = () => search.answer({ q: 'QZX-1007' } as SearchInstrumentsInput, undefined);
    const change = async (rows: StoredInstrument[]) => {
      const read = index.follow();
      await feed.answer(rows.map((row) => ({ stored: row, deleted: false })));
      await read;
      await new Promise((resolve) => setTimeout(resolve, 5));
    };
    // Kept from the second ask.
    await ask();
    const first = await ask();
    await change([stored('jiaxing:50', 'QZX-1050', '2026-02-01T00:00:00.000Z')]);
    const kept = await ask();
    expect(kept.answer).toBe(first.answer);
    expect(kept.version).toBe(index.engine.version);
    await change([stored('jiaxing:7', 'QZX-1007', '2026-02-01T00:00:00.000Z')]);
    const again = await ask();
    expect(again.answer).not.toBe(first.answer);
    expect(again.answer.items.map((item) => item.id)).toEqual(['jiaxing:7']);
    index.onApplicationShutdown();
  });
});
