import { SystemClock } from '@app/common';
import type { RemoteBatch } from '@app/catalog';
import type { PartnerConfig } from '@app/config';
import { startPartnerNode, type PartnerNode } from '../../apps/partner-node/src/partner-node';
import type { SourceRow } from '../../libs/federation/src/infrastructure/source-state.repository';
import { GrpcPullStrategy } from '../../libs/federation/src/sync/grpc-pull.strategy';
import type { SyncStore } from '../../libs/federation/src/sync/sync-store';
import { FaultProxy } from '../faults/harness/fault-proxy';
import { GATEWAY_OUT_TOKEN, eventually } from '../support/federation';

/**
 * A partner whose backlog takes longer than one deadline to come through its
 * link: each pull is cut. What it read whole before the cut must be kept with
 * its cursor, or every pull fetches the same changes again and the sync never
 * ends while the link stays slow (found by the fault suite's capped link).
 * The partner and the link are real (gRPC through our proxy); the store is a
 * port that records what would be committed, and the gRPC pull strategy runs
 * as the source runner would run it, from the cursor last committed.
 */
describe('a partner pull cut by its deadline behind a slow link', () => {
  let node: PartnerNode;
  let proxy: FaultProxy;

  beforeAll(async () => {
    node = await startPartnerNode({ region: 'jiangsu', count: 60, seed: 5, acceptedTokens: [GATEWAY_OUT_TOKEN('jiangsu')] });
    const [host, port] = node.address.split(':');
    proxy = await FaultProxy.start('jiangsu', { host, port: Number(port) });
  });
  afterAll(async () => {
    await proxy?.close();
    await node?.close();
  });

  it('keeps the changes that came through before the cut, and the next pull starts after them', async () => {
    const committed: RemoteBatch[] = [];
    let cursor: string | null = null;
    const store = {
      applyBatch: async (_id: string, batch: RemoteBatch) => {
        committed.push(batch);
        cursor = batch.cursor;
        return { applied: batch.upserts.length, removed: batch.removals.length };
      },
    } as unknown as SyncStore;
    const partner: PartnerConfig = {
      id: 'jiangsu',
      region: 'jiangsu',
      protocol: 'grpc',
      address: proxy.address,
      inboundTokenSha256: '',
      outboundToken: GATEWAY_OUT_TOKEN('jiangsu'),
      pullIntervalMs: 1_000,
      deadlineMs: 3_000,
    };
    const strategy = new GrpcPullStrategy(store, new SystemClock());
    const pull = () =>
      strategy.run(partner, { id: 'jiangsu', cursor } as SourceRow).then(
        () => 'synced' as const,
        () => 'failed' as const,
      );

    proxy.set({ kind: 'bandwidth', bytesPerSecond: 2_048 });
    expect(await pull()).toBe('failed');
    const first = committed.flatMap((b) => b.upserts);
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(node.store.shareable().length);

    // The link is back (the bytes still queued on it go with the old connection): the next pull
    // resumes after what was kept, and brings the rest, none of it again.
    proxy.set({ kind: 'pass' });
    proxy.resetAll();
    const kept = new Set(first.map((u) => u.write.id));
    const before = committed.length;
    // The first call after the reset may meet the dying connection: the schedule would simply run it again.
    expect(
      await eventually(
        () => pull(),
        (outcome) => outcome === 'synced',
        10_000,
      ),
    ).toBe('synced');
    const rest = committed.slice(before).flatMap((b) => b.upserts);
    expect(rest.filter((u) => kept.has(u.write.id))).toEqual([]);
    expect(first.length + rest.length).toBe(node.store.shareable().length);
  }, 30_000);
});
