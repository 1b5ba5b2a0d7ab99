import { Injectable } from '@nestjs/common';
import type { FeedPosition, FeedRow } from '../domain/catalog-feeds';
import type { StoredInstrument } from '../domain/stored-instrument';
import { InstrumentFeedRepository } from '../infrastructure/instrument-feed.repository';

/** Every instrument (Jiaxing's and partners') as of one snapshot, then its changes: what each search replica indexes. */
@Injectable()
export class InstrumentFeedUseCase {
  constructor(private readonly feed: InstrumentFeedRepository) {}

  loadAll(onPage: (rows: StoredInstrument[]) => void): Promise<FeedPosition> {
    return this.feed.loadAll(onPage);
  }

  changesSince(from: FeedPosition): Promise<{ rows: FeedRow[]; next: FeedPosition; more: boolean }> {
    return this.feed.changesSince(from);
  }
}
