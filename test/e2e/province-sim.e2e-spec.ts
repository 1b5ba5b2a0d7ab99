import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { generateCatalog } from '@app/seed';
import { ProvinceClient, fromProvinceRecord, toProvinceInstrument, type ProvinceChange, type ProvinceUsageRecord } from '@app/province-client';
import { provinceFailure } from '../support/province';
import { startProvinceSim, type ProvinceSim } from '../../apps/province-sim/src/province-sim';
import { REPO_ROOT } from '../support/processes';
import { localInstrumentId } from '../support/ids';

/**
 * The province simulator on loopback, driven by the typed client the gateway
 * uses: full and incremental pulls, pushes, withdrawals, usage records, and
 * the simulator's refusals (spec validation 400, auth 401) as the client
 * reports them.
 */

const TOKEN = 'e2e-province-token';
const COUNT = 1200;
const SEED = 42;

const failure = provinceFailure;

describe('province simulator with the typed client', () => {
  let sim: ProvinceSim;
  let client: ProvinceClient;
  const raw = (path: string, init: RequestInit = {}) =>
    fetch(`${sim.url}${path}`, { ...init, headers: { authorization: `Bearer ${TOKEN}`, ...(init.headers as Record<string, string>) } });
  /** Body of a raw answer; these tests assert its shape themselves. */
  const body = async (answer: Response | Promise<Response>): Promise<any> => (await answer).json();

  // Jiaxing instruments are what the gateway pushes.
  const jiaxing = generateCatalog({ region: 'jiaxing', count: 200, seed: 3 }).instruments;
  const shareable = jiaxing.filter((i) => i.confidentiality.status === 'none');
  const confidential = jiaxing.find((i) => i.confidentiality.status !== 'none')!;
  const pushed = shareable[0];
  const pushedId = localInstrumentId(pushed.unitId, pushed.localId);

  beforeAll(async () => {
    sim = await startProvinceSim({ port: 0, count: COUNT, seed: SEED, token: TOKEN });
    client = new ProvinceClient({ baseUrl: sim.url, token: TOKEN, timeoutMs: 5000 });
  });
  afterAll(async () => {
    await sim?.close();
  });
  afterEach(() => sim.setFaults({}));

  it('pages through the whole catalog: every shareable seeded instrument once, none confidential', async () => {
    const expected = generateCatalog({ region: 'zhejiang', count: COUNT, seed: SEED }).instruments.filter((i) => i.confidentiality.status === 'none');
    const items: ProvinceChange[] = [];
    let pages = 0;
    for await (const page of client.changes(undefined, { limit: 100 })) {
      expect(page.invalid).toEqual([]);
      items.push(...page.items);
      pages++;
    }
    expect(items).toHaveLength(expected.length);
    expect(sim.seeded).toBe(expected.length);
    expect(pages).toBe(Math.ceil(expected.length / 100));
    expect(new Set(items.map((i) => i.instrumentId))).toEqual(new Set(expected.map((i) => `zhejiang:${i.localId}`)));
    // What the gateway would store equals the generated record (the province's join date aside).
    const first = items[0];
    if (first.changeType !== 'upsert') throw new Error('expected an upsert');
    expect(fromProvinceRecord(first).input).toEqual(
      expect.objectContaining({ localId: expected[0].localId, valueCny: expected[0].valueCny, fundingSource: expected[0].fundingSource }),
    );
    expect((await body(raw('/v1/_sim/state'))).listed).toBe(expected.length);
  });

  it('resumes from a cursor: only what changed since, then nothing', async () => {
    let cursor: string | undefined;
    for await (const page of client.changes(undefined, { limit: 500 })) cursor = page.nextCursor;
    const edits = (await body(
      raw('/v1/_sim/province-changes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ update: 3, withdraw: 2 }) }),
    )) as { updated: string[]; withdrawn: string[] };
    const since = await client.listChanges({ cursor, limit: 100 });
    expect(since.hasMore).toBe(false);
    expect(since.items.map((i) => [i.instrumentId, i.changeType])).toEqual([
      ...edits.updated.map((id) => [id, 'upsert']),
      ...edits.withdrawn.map((id) => [id, 'withdraw']),
    ]);
    expect(since.items.every((i) => i.version === 2)).toBe(true);
    expect((await client.listChanges({ cursor: since.nextCursor })).items).toEqual([]);
  });

  it('answers 410 CURSOR_EXPIRED for a cursor from an earlier simulator run', async () => {
    const other = await startProvinceSim({ port: 0, count: 10, seed: SEED, token: TOKEN });
    try {
      const page = await new ProvinceClient({ baseUrl: other.url, token: TOKEN }).listChanges({ limit: 5 });
      const error = await failure(client.listChanges({ cursor: page.nextCursor }));
      expect(error).toMatchObject({ status: 410, code: 'CURSOR_EXPIRED', transient: false });
    } finally {
      await other.close();
    }
  });

  it('lists a pushed instrument, ignores a replay, and records the push with its listing date', async () => {
    const upsert = { version: 1, instrument: toProvinceInstrument(pushed) };
    const created = await client.upsertInstrument(pushedId, upsert);
    expect(created).toMatchObject({ instrumentId: pushedId, version: 1, applied: true, created: true });
    expect(created.listedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await client.upsertInstrument(pushedId, upsert)).toMatchObject({ applied: false, created: false, version: 1, listedOn: created.listedOn });

    const stored = await client.getInstrument(pushedId);
    expect(stored).toMatchObject({ instrumentId: pushedId, version: 1, reportedBy: 'jiaxing', listedOn: created.listedOn });
    expect(fromProvinceRecord(stored!).input).toEqual({ ...pushed, provincialJoinDate: created.listedOn });

    const pushes = await body(raw(`/v1/_sim/pushes?instrumentId=${encodeURIComponent(pushedId)}`));
    expect(pushes.items.map((p: { status: number; applied: boolean }) => [p.status, p.applied])).toEqual([
      [201, true],
      [200, false],
    ]);
    expect(pushes.items[0].body).toEqual(upsert);
  });

  it('withdraws it: 404 WITHDRAWN afterwards, a tombstone in the feed, a second withdrawal changes nothing', async () => {
    let cursor: string | undefined;
    for await (const page of client.changes(undefined, { limit: 1000 })) cursor = page.nextCursor;
    const withdrawn = await client.withdrawInstrument(pushedId, { version: 2 });
    expect(withdrawn).toMatchObject({ instrumentId: pushedId, version: 2, applied: true });
    expect(await client.getInstrument(pushedId)).toBeNull();
    const gone = await raw(`/v1/instruments/${pushedId}`);
    expect(gone.status).toBe(404);
    expect((await body(gone)).code).toBe('WITHDRAWN');
    expect((await client.listChanges({ cursor })).items).toEqual([
      expect.objectContaining({ changeType: 'withdraw', instrumentId: pushedId, version: 2, reportedBy: 'jiaxing' }),
    ]);
    expect(await client.withdrawInstrument(pushedId)).toMatchObject({ applied: false, version: 2 });
    const notListed = await failure(client.withdrawInstrument(localInstrumentId('jx-u001', 'NEVER-LISTED')));
    expect(notListed).toMatchObject({ status: 404, transient: false });
  });

  it('accepts usage records idempotently and lists them back by date', async () => {
    const records: ProvinceUsageRecord[] = [
      { recordId: 'jx-iot-1', instrumentId: pushedId, date: '2026-03-02', powerOnHours: 9.5, serviceHours: 7, externalServiceHours: 3, source: 'iot' },
      { recordId: 'jx-ses-1', instrumentId: pushedId, date: '2026-03-01', powerOnHours: 4, serviceHours: 4, externalServiceHours: 0, source: 'session' },
    ];
    expect(await client.submitUsageRecords(records)).toEqual({ received: 2, created: 2, duplicates: 0 });
    expect(await client.submitUsageRecords(records)).toEqual({ received: 2, created: 0, duplicates: 2 });
    expect((await client.listUsageRecords({ instrumentId: pushedId })).map((r) => r.recordId)).toEqual(['jx-ses-1', 'jx-iot-1']);
    expect(await client.listUsageRecords({ instrumentId: pushedId, from: '2026-03-02' })).toEqual([records[0]]);

    const conflict = await failure(client.submitUsageRecords([{ ...records[0], serviceHours: 8 }]));
    expect(conflict).toMatchObject({ status: 409, transient: false });
    expect(conflict.fieldErrors).toEqual([expect.objectContaining({ field: 'records[0].recordId' })]);
    const unknown = await failure(client.submitUsageRecords([{ ...records[0], recordId: 'jx-x', instrumentId: localInstrumentId('jx-u001', 'NOPE') }]));
    expect(unknown.fieldErrors[0].field).toBe('records[0].instrumentId');
    expect(unknown.status).toBe(422);
  });

  describe('validation against the spec (400 naming the field)', () => {
    it('refuses a confidential instrument (Art. 11), unknown fields and bad dates in one answer', async () => {
      const secret = {
        ...toProvinceInstrument(shareable[1]),
        confidentiality: confidential.confidentiality.status,
        installAcceptedOn: '2025-02-30',
        colour: 'red',
      };
      const error = await failure(client.upsertInstrument(localInstrumentId('jx-u001', 'JX-SECRET'), { version: 1, instrument: secret as never }));
      expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', transient: false });
      expect(error.fieldErrors.map((e) => e.field).sort()).toEqual(['instrument.colour', 'instrument.confidentiality', 'instrument.installAcceptedOn']);
      expect(error.fieldErrors.find((e) => e.field === 'instrument.confidentiality')!.message).toMatch(/Art\. 11/);
      expect(await client.getInstrument(localInstrumentId('jx-u001', 'JX-SECRET'))).toBeNull();
      // The refused attempt is still on record: tests of the gateway look for leaks there.
      const pushes = await body(raw(`/v1/_sim/pushes?instrumentId=${encodeURIComponent(localInstrumentId('jx-u001', 'JX-SECRET'))}`));
      expect(pushes.items).toEqual([expect.objectContaining({ status: 400, operation: 'upsert' })]);
    });

    it('names parameters: limit out of range, unknown parameter, malformed id, bad cursor', async () => {
      const limit = await failure(client.listChanges({ limit: 5000 }));
      expect(limit.fieldErrors).toEqual([{ field: 'limit', message: 'must be <= 1000' }]);
      const cursor = await failure(client.listChanges({ cursor: 'bm9wZQ' }));
      expect(cursor.fieldErrors.map((e) => e.field)).toEqual(['cursor']);
      const id = await failure(client.getInstrument('no-colon'));
      expect(id.fieldErrors.map((e) => e.field)).toEqual(['instrumentId']);
      const extra = await body(raw('/v1/instruments/changes?limit=abc&since=yesterday'));
      expect(extra.errors.map((e: { field: string }) => e.field).sort()).toEqual(['limit', 'since']);
    });

    it('names the failing record of a usage batch, including cross-field rules', async () => {
      const error = await failure(
        client.submitUsageRecords([
          { recordId: 'ok-1', instrumentId: pushedId, date: '2026-03-03', powerOnHours: 1, serviceHours: 1, externalServiceHours: 0, source: 'iot' },
          {
            recordId: 'bad-1',
            instrumentId: pushedId,
            date: '2026-03-03',
            powerOnHours: 25,
            serviceHours: 1,
            externalServiceHours: 0,
            source: 'manual' as never,
          },
        ]),
      );
      expect(error.fieldErrors.map((e) => e.field).sort()).toEqual(['records[1].powerOnHours', 'records[1].source']);
      const crossField = await failure(
        client.submitUsageRecords([
          { recordId: 'bad-2', instrumentId: pushedId, date: '2026-03-03', powerOnHours: 5, serviceHours: 2, externalServiceHours: 3, source: 'iot' },
        ]),
      );
      expect(crossField.fieldErrors.map((e) => e.field)).toEqual(['records[0].externalServiceHours']);
    });

    it('answers malformed JSON, a wrong content type, a big body and an unknown method as problems', async () => {
      const put = (body: string, type = 'application/json') => raw(`/v1/instruments/${pushedId}`, { method: 'PUT', headers: { 'content-type': type }, body });
      const broken = await put('{"version": 1,');
      expect(broken.status).toBe(400);
      expect(broken.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect((await body(broken)).errors[0].field).toBe('(body)');
      expect((await put('version=1', 'application/x-www-form-urlencoded')).status).toBe(415);
      expect((await put(JSON.stringify({ version: 1, pad: 'x'.repeat(1_100_000) }))).status).toBe(413);
      const patch = await raw(`/v1/instruments/${pushedId}`, { method: 'PATCH' });
      expect(patch.status).toBe(405);
      expect(patch.headers.get('allow')).toBe('GET, PUT, DELETE');
      expect((await raw('/v1/nothing-here')).status).toBe(404);
    });

    it('keeps the province’s own records out of reach of a city platform (403)', async () => {
      const error = await failure(client.withdrawInstrument('zhejiang:ZJ-0000001'));
      expect(error).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    });
  });

  describe('authentication (401)', () => {
    it('refuses a missing or wrong token, before looking at the request', async () => {
      const wrong = await failure(new ProvinceClient({ baseUrl: sim.url, token: 'guess' }).listChanges({ limit: 99999 }));
      expect(wrong).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', transient: false });
      const none = await fetch(`${sim.url}/v1/instruments/changes`);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer realm="province"');
      expect((await fetch(`${sim.url}/v1/_sim/pushes`)).status).toBe(401);
      const pushesBefore = (await body(raw('/v1/_sim/state'))).pushes;
      await fetch(`${sim.url}/v1/instruments/jiaxing:JX-9`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect((await body(raw('/v1/_sim/state'))).pushes).toBe(pushesBefore);
    });
  });

  describe('injected faults, as the sync engine will meet them', () => {
    it('reports outages as transient and contract breaks as permanent', async () => {
      sim.setFaults({ fail: { status: 503, count: 1, retryAfterSeconds: 2 } });
      expect(await failure(client.listChanges())).toMatchObject({ status: 503, transient: true, retryAfterMs: 2000 });
      sim.setFaults({ malformedResponses: 1 });
      expect(await failure(client.listChanges())).toMatchObject({ kind: 'invalid_response', transient: false });
      sim.setFaults({ delayMs: 500 });
      expect(await failure(client.listChanges({}, { timeoutMs: 100 }))).toMatchObject({ kind: 'timeout', transient: true });
      sim.setFaults({ invalidChangeItems: 2 });
      const page = await client.listChanges({ limit: 5 });
      expect(page.invalid.map((i) => [i.index, i.violations[0].field])).toEqual([
        [0, 'version'],
        [1, 'version'],
      ]);
      expect(page.items).toHaveLength(3);
    });
  });

  describe('as the real platform, when asked: listings it already holds, and its review', () => {
    const withFee = shareable.filter((i) => i.fee !== undefined);
    const [held, fresh] = [withFee[1], withFee[2]];
    const noFee = shareable.slice(1).find((i) => i.fee === undefined)!;
    const heldId = localInstrumentId(held.unitId, held.localId);
    const noFeeId = localInstrumentId(noFee.unitId, noFee.localId);
    let real: ProvinceSim;
    let realClient: ProvinceClient;

    beforeAll(async () => {
      real = await startProvinceSim({ count: 10, seed: SEED, token: TOKEN, listingHistory: { [heldId]: '2025-03-14' }, review: true });
      realClient = new ProvinceClient({ baseUrl: real.url, token: TOKEN, timeoutMs: 5000 });
    });
    afterAll(() => real?.close());

    it('answers a push of an instrument it already lists with its own listing date, not today', async () => {
      const answer = await realClient.upsertInstrument(heldId, { version: 1, instrument: toProvinceInstrument(held) });
      expect(answer).toMatchObject({ instrumentId: heldId, applied: true, created: false, listedOn: '2025-03-14', listedAt: '2025-03-14T09:00:00+08:00' });
      expect(await realClient.getInstrument(heldId)).toMatchObject({ listedOn: '2025-03-14', version: 1 });
      // One it never listed is listed on the day it arrives.
      const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
      expect(
        await realClient.upsertInstrument(localInstrumentId(fresh.unitId, fresh.localId), { version: 1, instrument: toProvinceInstrument(fresh) }),
      ).toMatchObject({ created: true, listedOn: today });
    });

    it('refuses a record without a fee standard (422 REVIEW_REFUSED, reason in Chinese and English) and does not list it', async () => {
      const error = await failure(realClient.upsertInstrument(noFeeId, { version: 1, instrument: toProvinceInstrument(noFee) }));
      expect(error).toMatchObject({ kind: 'http', status: 422, code: 'REVIEW_REFUSED', transient: false });
      expect(error.fieldErrors).toEqual([{ field: 'instrument.chargeStandard', message: expect.stringContaining('未填写收费标准') }]);
      expect(error.fieldErrors[0].message).toContain('no fee standard');
      expect(await realClient.getInstrument(noFeeId)).toBeNull();
      const pushes = await body(
        fetch(`${real.url}/v1/_sim/pushes?instrumentId=${encodeURIComponent(noFeeId)}`, { headers: { authorization: `Bearer ${TOKEN}` } }),
      );
      expect(pushes.items.map((p: { status: number }) => p.status)).toEqual([422]);
    });

    it('lists the same record without review (the default)', async () => {
      expect(await client.upsertInstrument(noFeeId, { version: 1, instrument: toProvinceInstrument(noFee) })).toMatchObject({ applied: true, created: true });
    });

    it('refuses a history naming the province’s own records or a date in the future', async () => {
      await expect(startProvinceSim({ count: 0, token: TOKEN, listingHistory: { 'zhejiang:ZJ-1': '2025-01-01' } })).rejects.toThrow(/not a city platform/);
      await expect(startProvinceSim({ count: 0, token: TOKEN, listingHistory: { [heldId]: '2999-01-01' } })).rejects.toThrow(/not after/);
    });
  });

  it('runs as a process: one JSON line when listening, served until SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', 'apps/province-sim/src/main.ts', '--port', '0', '--count', '60', '--seed', '7', '--token', 'cli-token'],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, NODE_OPTIONS: '' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
      const ready = JSON.parse(line) as { event: string; url: string; listed: number };
      expect(ready).toMatchObject({ event: 'listening', service: 'province-sim', count: 60, seed: 7 });
      const page = await new ProvinceClient({ baseUrl: ready.url, token: 'cli-token' }).listChanges({ limit: 1000 });
      expect(page.items).toHaveLength(ready.listed);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 60_000);
});
