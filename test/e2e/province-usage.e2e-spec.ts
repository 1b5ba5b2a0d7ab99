import { ProvinceClient, fromProvinceSession, type ProvinceChange, type ProvinceUpsertChange, type ProvinceUsageSession } from '@app/province-client';
import { provinceFailure } from '../support/province';
import { startProvinceSim, type ProvinceSim } from '../../apps/province-sim/src/province-sim';

/**
 * The usage-session feed of the provincial platform (GET /v1/usage-sessions)
 * on the loopback simulator, through the typed client the gateway uses:
 * plausible seeded sessions on the province's own instruments, resuming from
 * a cursor, corrections with a greater version, and refusals of bad cursors
 * and limits.
 */

const TOKEN = 'e2e-province-usage-token';
const COUNT = 300;
const SEED = 7;

const failure = provinceFailure;

async function pullSessions(client: ProvinceClient, cursor?: string, limit = 50): Promise<{ items: ProvinceUsageSession[]; cursor: string; pages: number }> {
  const items: ProvinceUsageSession[] = [];
  let last = cursor ?? '';
  let pages = 0;
  for await (const page of client.usageSessions(cursor, { limit })) {
    expect(page.invalid).toEqual([]);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    last = page.nextCursor;
    pages++;
  }
  return { items, cursor: last, pages };
}

describe('province usage-session feed with the typed client', () => {
  let sim: ProvinceSim;
  let client: ProvinceClient;
  let catalog: Map<string, ProvinceUpsertChange>;

  beforeAll(async () => {
    sim = await startProvinceSim({ port: 0, count: COUNT, seed: SEED, token: TOKEN });
    client = new ProvinceClient({ baseUrl: sim.url, token: TOKEN, timeoutMs: 5000 });
    const changes: ProvinceChange[] = [];
    for await (const page of client.changes(undefined, { limit: 1000 })) changes.push(...page.items);
    catalog = new Map(changes.flatMap((c) => (c.changeType === 'upsert' ? [[c.instrumentId, c]] : [])));
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('serves plausible sessions of the catalog’s own instruments, each once, the same for the same seed', async () => {
    const { items, pages } = await pullSessions(client);
    expect(items.length).toBeGreaterThan(COUNT / 2);
    expect(pages).toBe(Math.ceil(items.length / 50));
    expect(new Set(items.map((s) => s.id)).size).toBe(items.length);
    for (const s of items) {
      const instrument = catalog.get(s.instrumentId);
      expect(instrument).toBeDefined();
      const owner = instrument!.instrument.ownerUnitCode;
      expect(s.version).toBe(1);
      if (s.outcome === 'completed') expect(Date.parse(s.start!)).toBeLessThan(Date.parse(s.end!));
      else expect([s.start, s.end, s.feeChargedFen, s.samples]).toEqual([undefined, undefined, 0, 0]);
      // The owning unit's own use is the only internal use; a natural person has no unit.
      expect(s.external).toBe(s.requesterUnitId !== owner);
      if (s.requesterRegion === null) expect(s.requesterUnitId).toBeUndefined();
    }
    // A realistic mix: own unit, other units of the province and of other regions, persons, no-shows.
    expect(items.some((s) => !s.external)).toBe(true);
    expect(items.some((s) => s.external && s.requesterRegion === 'zhejiang')).toBe(true);
    expect(items.some((s) => s.requesterRegion !== null && s.requesterRegion !== 'zhejiang')).toBe(true);
    expect(items.some((s) => s.requesterRegion === null)).toBe(true);
    expect(items.some((s) => s.outcome === 'no_show')).toBe(true);
    expect(items.some((s) => s.feeChargedFen > 0)).toBe(true);
    // Recorded in the order they happened.
    const starts = items.filter((s) => s.start).map((s) => Date.parse(s.start!));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));

    const twin = await startProvinceSim({ port: 0, count: COUNT, seed: SEED, token: TOKEN });
    try {
      expect((await pullSessions(new ProvinceClient({ baseUrl: twin.url, token: TOKEN }), undefined, 1000)).items).toEqual(items);
    } finally {
      await twin.close();
    }
  });

  it('resumes from a page cursor with the rest exactly once, and is empty when up to date', async () => {
    const all = (await pullSessions(client, undefined, 1000)).items;
    const first = await client.listUsageSessions({ limit: 40 });
    expect(first.hasMore).toBe(true);
    const rest = await pullSessions(client, first.nextCursor, 70);
    expect([...first.items, ...rest.items]).toEqual(all);
    const idle = await client.listUsageSessions({ cursor: rest.cursor });
    expect([idle.items, idle.hasMore]).toEqual([[], false]);
  });

  it('sends a correction again after the last cursor with a greater version, mapped for the gateway', async () => {
    const { items, cursor } = await pullSessions(client, undefined, 1000);
    const completed = items.find((s) => s.outcome === 'completed' && s.requesterRegion === null)!;
    const unit = items.find((s) => s.outcome === 'completed' && s.requesterRegion === 'shanghai')!;
    const { version: _v1, start: _s, end: _e, ...rest } = completed;
    sim.store.recordUsageSession({ ...rest, outcome: 'no_show', feeChargedFen: 0, samples: 0 });
    const { version: _v2, ...unitRest } = unit;
    sim.store.recordUsageSession({ ...unitRest, samples: 5, feeChargedFen: unit.feeChargedFen + 1000 });

    const since = await client.listUsageSessions({ cursor });
    expect(since.items.map((s) => [s.id, s.version])).toEqual([
      [completed.id, 2],
      [unit.id, 2],
    ]);
    const [noShow, corrected] = since.items.map(fromProvinceSession);
    expect(noShow).toEqual({
      sourceKey: completed.id,
      version: 2,
      instrumentId: completed.instrumentId,
      requester: { kind: 'person' },
      external: true,
      outcome: 'no_show',
      feeChargedFen: 0,
      samples: 0,
    });
    expect(corrected).toEqual({
      sourceKey: unit.id,
      version: 2,
      instrumentId: unit.instrumentId,
      requester: { kind: 'unit', unitId: unit.requesterUnitId, region: 'shanghai' },
      external: true,
      outcome: 'completed',
      start: new Date(unit.start!),
      end: new Date(unit.end!),
      feeChargedFen: unit.feeChargedFen + 1000,
      samples: 5,
    });
    // From the beginning each session still comes once, with its latest version.
    const again = (await pullSessions(client, undefined, 1000)).items;
    expect(again).toHaveLength(items.length);
    expect(again.filter((s) => s.version === 2).map((s) => s.id)).toEqual([completed.id, unit.id]);
  });

  it('reports a session whose times do not fit its outcome without failing the page', async () => {
    const { cursor } = await pullSessions(client, undefined, 1000);
    const [instrumentId] = catalog.keys();
    sim.store.recordUsageSession({
      id: 'e2e.bad-no-show',
      instrumentId,
      outcome: 'no_show',
      start: '2026-10-01T01:00:00Z',
      requesterRegion: null,
      external: true,
      feeChargedFen: 0,
      samples: 0,
    });
    sim.store.recordUsageSession({
      id: 'e2e.good',
      instrumentId,
      outcome: 'completed',
      start: '2026-10-02T01:00:00Z',
      end: '2026-10-02T03:00:00Z',
      requesterRegion: 'anhui',
      external: true,
      feeChargedFen: 500,
      samples: 0,
    });
    const page = await client.listUsageSessions({ cursor });
    expect(page.items.map((s) => s.id)).toEqual(['e2e.good']);
    expect(page.invalid).toEqual([
      expect.objectContaining({
        index: 0,
        id: 'e2e.bad-no-show',
        instrumentId,
        version: 1,
        violations: [{ field: 'start', message: 'must be absent for a no_show session' }],
      }),
    ]);
  });

  it('refuses cursors it did not issue, of another feed or another run, bad limits and a missing token', async () => {
    const changesCursor = (await client.listChanges({ limit: 1 })).nextCursor;
    for (const cursor of ['not-a-cursor', changesCursor]) {
      const error = await failure(client.listUsageSessions({ cursor }));
      expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', transient: false });
      expect(error.fieldErrors).toEqual([{ field: 'cursor', message: 'is not a cursor this platform issued' }]);
    }
    for (const limit of [0, 1001, 2.5]) {
      const error = await failure(client.listUsageSessions({ limit }));
      expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(error.fieldErrors.map((e) => e.field)).toEqual(['limit']);
    }
    const other = await startProvinceSim({ port: 0, count: 10, seed: SEED, token: TOKEN });
    try {
      const page = await new ProvinceClient({ baseUrl: other.url, token: TOKEN }).listUsageSessions({ limit: 1 });
      expect(await failure(client.listUsageSessions({ cursor: page.nextCursor }))).toMatchObject({ status: 410, code: 'CURSOR_EXPIRED', transient: false });
    } finally {
      await other.close();
    }
    const unauthenticated = await failure(new ProvinceClient({ baseUrl: sim.url, token: 'wrong-token' }).listUsageSessions());
    expect(unauthenticated).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });
});
