import type { FeedPosition, FeedRow, InstrumentFeedUseCase, StoredInstrument } from '@app/catalog';
import type { AppConfig } from '@app/config';
import { CatalogIndex } from './catalog-index.service';

/** The few fields the index reads of a stored instrument. */
function stored(id: string, model: string): StoredInstrument {
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
      updatedAt: '2026-01-01T00:00:00.000Z',
    },
    shareable: true,
    customsGated: false,
  } as never;
}

/** A change feed whose pages the test hands out one read at a time. */
class ManualFeed {
  private readonly reads: ((page: FeedRow[]) => void)[] = [];
  async loadAll(): Promise<FeedPosition> {
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

/** An index built from an empty catalog, polling too rarely to interfere, with a 10 s bound. */
async function started() {
  const feed = new ManualFeed();
  const index = new CatalogIndex(feed as unknown as InstrumentFeedUseCase, { search: { followIntervalMs: 60_000, cacheMaxStaleMs: 10_000 } } as AppConfig);
  await index.onApplicationBootstrap();
  return { feed, index, before: index.engine.version };
}

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
});
