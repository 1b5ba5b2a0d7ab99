import type { PartnerFeedUseCase, PartnerRecordsUseCase, RemoteBatch } from '@app/catalog';
import { mockOf } from '@test/factories';
import type { SyncBookkeepingRepository } from '../infrastructure/sync-bookkeeping.repository';
import { SyncStore } from './sync-store';

const batch: RemoteBatch = { upserts: [], removals: [], droppedConfidential: 0, invalid: [], cursor: 'p1.9' };

describe('SyncStore: which batches may commit before they are on disk', () => {
  const records = mockOf<PartnerRecordsUseCase>({ applyBatch: async () => ({ applied: 0, removed: 0 }) });
  const store = new SyncStore(records, mockOf<PartnerFeedUseCase>(), mockOf<SyncBookkeepingRepository>());

  it('a pulled batch, whose cursor commits with it (the partner sends it again if it is lost)', async () => {
    await store.applyBatch('shanghai', batch);
    expect(records.applyBatch).toHaveBeenLastCalledWith('shanghai', batch, expect.any(Function), { resentIfLost: true });
  });

  it('not a pushed batch: the partner is told it is stored and does not send it again', async () => {
    await store.applyBatch('shanghai', batch, { moveCursor: false });
    expect(records.applyBatch).toHaveBeenLastCalledWith('shanghai', batch, expect.any(Function), { resentIfLost: false });
  });
});
