import { Injectable } from '@nestjs/common';
import type { FeedPosition, FeedRow, IndexedInstrument } from '../domain/catalog-feeds';
import { InstrumentFeedRepository } from '../infrastructure/instrument-feed.repository';

/** Every instrument (Jiaxing's and partners') as of one snapshot, then its changes: what each search replica indexes. */
@Injectable()
export class InstrumentFeedUseCase {
  constructor(private readonly feed: InstrumentFeedRepository) {}

  loadAll(onPage: (rows: IndexedInstrument[]) => void): Promise<FeedPosition> {
    return this.feed.loadAll(onPage);
  }

  changesSince(from: FeedPosition): Promise<{ rows: FeedRow[]; next: FeedPosition; more: boolean }> {
    return this.feed.changesSince(from);
  }
}
