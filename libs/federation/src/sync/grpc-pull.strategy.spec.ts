import type { Clock } from '@app/common';
import type { RemoteBatch } from '@app/catalog';
import type { PartnerConfig } from '@app/config';
import type { ListChangesResponse } from '@app/contracts';
import type { SourceRow } from '../infrastructure/source-state.repository';
import { GrpcPullStrategy } from './grpc-pull.strategy';
import type { SyncStore } from './sync-store';

const partner = { id: 'shanghai', region: 'shanghai' } as PartnerConfig;
const source = { cursor: null } as unknown as SourceRow;
const clock = { today: () => '2026-12-06' } as unknown as Clock;

/** A partner's one ListChanges call of `n` tombstones (each a change of the batch), counting what the sync has read. */
function feed(n: number): { read: () => number; listChanges: () => AsyncIterable<ListChangesResponse> } {
  let read = 0;
  return {
    read: () => read,
    listChanges: async function* () {
      for (let i = 1; i <= n; i++) {
        read = i;
        yield {
          event: {
            $case: 'change',
            change: {
              instrumentId: `shanghai:u.${i}`,
              version: '1',
              cursor: `p1.${i}`,
              kind: { $case: 'tombstone', tombstone: { instrumentId: `shanghai:u.${i}`, version: '1' } },
            },
          },
        };
      }
      yield { event: { $case: 'end', end: { nextCursor: `p1.${n}`, hasMore: false } } };
    },
  };
}

/** A store whose writes finish when the test says so, in the order they were started. */
function heldStore() {
  const started: { cursor: string; finish: (error?: Error) => void }[] = [];
  const store = {
    applyBatch: (_source: string, batch: RemoteBatch) =>
      new Promise<{ applied: number; removed: number }>((resolve, reject) => {
        started.push({ cursor: batch.cursor, finish: (error) => (error ? reject(error) : resolve({ applied: 0, removed: batch.removals.length })) });
      }),
  };
  return { store: store as unknown as SyncStore, started };
}

function strategyOver(store: SyncStore, changes: ReturnType<typeof feed>): GrpcPullStrategy {
  const strategy = new GrpcPullStrategy(store, clock);
  (strategy as unknown as { clients: Map<string, unknown> }).clients.set(partner.id, changes);
  return strategy;
}

const settle = () => new Promise((r) => setImmediate(r));

describe('GrpcPullStrategy', () => {
  it('reads on while two batch writes are pending, and starts each write only after the one before committed', async () => {
    const changes = feed(2_000);
    const { store, started } = heldStore();
    const run = strategyOver(store, changes).run(partner, source);
    await settle();
    // The first batch's write has not finished: the second is queued behind it, the third read.
    expect(started.map((w) => w.cursor)).toEqual(['p1.500']);
    expect(changes.read()).toBeGreaterThanOrEqual(1_500);
    expect(changes.read()).toBeLessThan(2_000);
    // Four full batches, then the call's end cursor (committed by a write of its own): one at a time.
    for (let i = 0; i < 5; i++) {
      expect(started).toHaveLength(i + 1);
      started[i].finish();
      await settle();
    }
    await run;
    expect(started.map((w) => w.cursor)).toEqual(['p1.500', 'p1.1000', 'p1.1500', 'p1.2000', 'p1.2000']);
  });

  it('never starts a write queued behind one that failed', async () => {
    const changes = feed(2_000);
    const { store, started } = heldStore();
    const run = strategyOver(store, changes).run(partner, source);
    run.catch(() => undefined);
    await settle();
    // The second batch is queued behind the first, whose write then fails.
    expect(changes.read()).toBeGreaterThanOrEqual(1_500);
    started[0].finish(new Error('connection lost'));
    await expect(run).rejects.toThrow('connection lost');
    expect(started.map((w) => w.cursor)).toEqual(['p1.500']);
  });
});
