import { FixedClock } from '@app/common';
import { toProvinceInstrument, type ProvinceChange, type ProvinceUsageRecord } from '@app/province-client';
import { generateCatalog } from '@app/seed';
import { provinceSeed } from './province-sim';
import { ProvinceSimStore } from './sim-store';

const clock = new FixedClock(new Date('2026-03-02T01:00:00Z'));
const instrument = toProvinceInstrument(generateCatalog({ region: 'jiaxing', count: 1, seed: 1 }).instruments[0]);

function store(count = 25) {
  return new ProvinceSimStore('abc123', clock, provinceSeed(count, 5));
}

function pullAll(s: ProvinceSimStore, cursor?: string, limit = 7): { items: ProvinceChange[]; cursor: string } {
  const items: ProvinceChange[] = [];
  let position = cursor;
  for (;;) {
    const page = s.listChanges(position, limit);
    if (!page.ok) throw new Error(page.message);
    items.push(...page.items);
    position = page.nextCursor;
    if (!page.hasMore) return { items, cursor: position };
  }
}

const usage = (recordId: string, instrumentId: string, extra: Partial<ProvinceUsageRecord> = {}): ProvinceUsageRecord => ({
  recordId,
  instrumentId,
  date: '2026-03-01',
  powerOnHours: 8,
  serviceHours: 6,
  externalServiceHours: 2,
  source: 'iot',
  ...extra,
});

describe('ProvinceSimStore', () => {
  it('serves the shareable seed once each, across pages, and an empty page at the end', () => {
    const seed = provinceSeed(25, 5);
    const s = store();
    const { items, cursor } = pullAll(s);
    expect(items.map((i) => i.instrumentId)).toEqual(seed.map((r) => r.instrumentId));
    expect(items.every((i) => i.changeType === 'upsert' && i.version === 1)).toBe(true);
    const idle = s.listChanges(cursor, 10);
    expect(idle).toMatchObject({ ok: true, items: [], hasMore: false, nextCursor: cursor });
  });

  it('compacts the log: a changed instrument appears once, at its new position', () => {
    const s = store();
    const { cursor } = pullAll(s);
    const [first] = provinceSeed(25, 5);
    expect(s.simulateProvinceChanges({ update: 1 }).updated).toEqual([first.instrumentId]);
    s.simulateProvinceChanges({ withdraw: 1 });
    const since = pullAll(s, cursor).items;
    expect(since.map((i) => [i.instrumentId, i.changeType, i.version])).toEqual([
      [first.instrumentId, 'upsert', 2],
      [provinceSeed(25, 5)[1].instrumentId, 'withdraw', 2],
    ]);
    // From the beginning: still one item per instrument.
    const all = pullAll(s).items;
    expect(new Set(all.map((i) => i.instrumentId)).size).toBe(all.length);
  });

  it('refuses cursors it did not issue and expires those of another epoch', () => {
    const s = store();
    expect(s.listChanges('not-a-cursor', 5)).toMatchObject({ ok: false, reason: 'invalid' });
    const other = new ProvinceSimStore('def456', clock, provinceSeed(5, 5));
    const foreign = other.listChanges(undefined, 2);
    if (!foreign.ok) throw new Error('unexpected');
    expect(s.listChanges(foreign.nextCursor, 5)).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('applies only newer versions, keeps the first listing date, and versions tombstones', () => {
    const s = store(0);
    expect(s.upsert('jiaxing:JX-1', 3, instrument)).toMatchObject({ status: 201, result: { applied: true, version: 3, listedOn: '2026-03-02' } });
    expect(s.upsert('jiaxing:JX-1', 3, instrument)).toMatchObject({ status: 200, result: { applied: false, version: 3 } });
    expect(s.upsert('jiaxing:JX-1', 2, instrument).result.applied).toBe(false);
    expect(s.withdraw('jiaxing:JX-1', 3)).toEqual({ instrumentId: 'jiaxing:JX-1', version: 3, applied: false });
    clock.set(new Date('2026-03-09T01:00:00Z'));
    expect(s.withdraw('jiaxing:JX-1', undefined)).toMatchObject({ applied: true, version: 4 });
    expect(s.withdraw('jiaxing:JX-1', 9)).toMatchObject({ applied: false, version: 4 });
    expect(s.get('jiaxing:JX-1')).toEqual({ withdrawn: true });
    expect(s.upsert('jiaxing:JX-1', 4, instrument).result.applied).toBe(false);
    expect(s.upsert('jiaxing:JX-1', 5, instrument)).toMatchObject({ status: 201, result: { listedOn: '2026-03-02' } });
    expect(s.withdraw('jiaxing:JX-404', undefined)).toBeUndefined();
  });

  it('stores usage idempotently by recordId and rejects conflicting or unknown records as a whole batch', () => {
    const s = store(3);
    const id = provinceSeed(3, 5)[0].instrumentId;
    expect(s.submitUsage([usage('r1', id), usage('r2', id, { date: '2026-02-28' })])).toEqual({ ok: true, result: { received: 2, created: 2, duplicates: 0 } });
    expect(s.submitUsage([usage('r1', id), usage('r3', id)])).toEqual({ ok: true, result: { received: 2, created: 1, duplicates: 1 } });
    expect(s.submitUsage([usage('r4', id), usage('r1', id, { serviceHours: 7 })])).toMatchObject({ ok: false, status: 409, field: 'records[1].recordId' });
    expect(s.submitUsage([usage('r5', 'jiaxing:NOPE')])).toMatchObject({ ok: false, status: 422, field: 'records[0].instrumentId' });
    expect(s.listUsage(id).map((r) => r.recordId)).toEqual(['r2', 'r1', 'r3']);
    expect(s.listUsage(id, '2026-03-01', '2026-03-01').map((r) => r.recordId)).toEqual(['r1', 'r3']);
    expect(s.state().usageRecords).toBe(3);
  });
});
