import * as grpc from '@grpc/grpc-js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { CatalogServiceClient, type ListChangesResponse } from '@app/contracts';
import { startGrpc } from '@app/grpc';
import { eventually, PARTNER_IN_TOKEN } from '../support/federation';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';
import { instrumentsCsv } from '../support/import-files';

/** What a partner reading our ListChanges feed can learn about records it must not see (Art. 2, 11). */
describe('our change feed hides the activity of hidden records', () => {
  let gw: TestGateway;
  let address: string;
  let admin1: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'feed-privacy-'));

  beforeAll(async () => {
    const partners = path.join(dir, 'partners.json');
    fs.writeFileSync(
      partners,
      JSON.stringify([
        {
          id: 'shanghai',
          region: 'shanghai',
          protocol: 'grpc',
          address: '127.0.0.1:1',
          inboundToken: PARTNER_IN_TOKEN('shanghai'),
          outboundToken: 'unused-outbound-token-0000',
          pullIntervalMs: 3_600_000,
        },
      ]),
    );
    gw = await startTestGateway('embedded', { PARTNERS_FILE: partners, GRPC_PORT: '0' });
    await gw.seed(JX_UNITS, [sem({ localId: 'OPEN-1' }), sem({ localId: 'HIDDEN-1', confidentiality: { status: 'confidential' } })]);
    address = `127.0.0.1:${await startGrpc(gw.app)}`;
    admin1 = await gw.token('unit_admin', 'jx-u001');
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const read = (cursor: string) =>
    new Promise<ListChangesResponse[]>((resolve, reject) => {
      const m = new grpc.Metadata();
      m.set('authorization', `Bearer ${PARTNER_IN_TOKEN('shanghai')}`);
      const out: ListChangesResponse[] = [];
      const call = new CatalogServiceClient(address, grpc.credentials.createInsecure()).listChanges({ cursor, maxChanges: 0 }, m, {
        deadline: Date.now() + 10_000,
      });
      call.on('data', (r) => out.push(r));
      call.on('error', reject);
      call.on('end', () => resolve(out));
    });
  const changes = (stream: ListChangesResponse[]) => stream.flatMap((r) => (r.event?.$case === 'change' ? [r.event.change] : []));
  const end = (stream: ListChangesResponse[]) => stream.flatMap((r) => (r.event?.$case === 'end' ? [r.event.end] : []))[0];
  /** The stream with its cursors blanked: what is left for a partner to compare. */
  const shape = (stream: ListChangesResponse[]) => JSON.stringify(stream, (key, value) => (key === 'cursor' || key === 'nextCursor' ? typeof value : value));

  it('answers after a hidden update and a hidden import of many rows exactly as after no change', async () => {
    const snapshot = await read('');
    expect(changes(snapshot).map((c) => c.instrumentId)).toEqual([localInstrumentId('jx-u001', 'OPEN-1')]);
    const cursor = end(snapshot)!.nextCursor;

    const quiet = await read(cursor);
    await request(gw.server)
      .put(`/api/v1/instruments/${localInstrumentId('jx-u001', 'HIDDEN-1')}`)
      .set('Authorization', `Bearer ${admin1}`)
      .send(sem({ localId: 'HIDDEN-1', confidentiality: { status: 'confidential' }, description: '改动' }))
      .expect(200);
    const hiddenRows = Array.from({ length: 200 }, (_, k) => sem({ localId: `HIDDEN-BULK-${k}`, confidentiality: { status: 'confidential' } }));
    const imported = await request(gw.server)
      .post('/api/v1/instruments/import')
      .set('Authorization', `Bearer ${admin1}`)
      .attach('file', instrumentsCsv(hiddenRows), 'hidden.csv')
      .expect(200);
    expect(imported.body.created).toBe(200);
    const afterHidden = await read(cursor);

    // Same stream; and the cursors, fresh each time and of one length, say nothing either.
    expect(shape(afterHidden)).toBe(shape(quiet));
    expect(changes(afterHidden)).toEqual([]);
    const [a, b] = [end(quiet)!.nextCursor, end(afterHidden)!.nextCursor];
    expect(new Set([cursor, a, b]).size).toBe(3);
    expect(new Set([cursor.length, a.length, b.length]).size).toBe(1);

    // Resuming from either cursor still delivers the next shareable change, once.
    await request(gw.server)
      .post('/api/v1/instruments')
      .set('Authorization', `Bearer ${admin1}`)
      .send(sem({ localId: 'OPEN-2' }))
      .expect(201);
    for (const from of [cursor, a, b]) {
      const next = await read(from);
      expect(changes(next).map((c) => c.instrumentId)).toEqual([localInstrumentId('jx-u001', 'OPEN-2')]);
      expect(changes(await read(end(next)!.nextCursor))).toEqual([]);
    }
  }, 60_000);

  it('tells a partner once that an instrument was hidden, exactly as it tells a withdrawal, and nothing about its hidden edits', async () => {
    const [hid, gone] = [localInstrumentId('jx-u001', 'SHARED-H'), localInstrumentId('jx-u001', 'SHARED-W')];
    const put = (body: object) => request(gw.server).put(`/api/v1/instruments/${hid}`).set('Authorization', `Bearer ${admin1}`).send(body).expect(200);
    const base = end(await read(''))!.nextCursor;
    for (const localId of ['SHARED-H', 'SHARED-W'])
      await request(gw.server).post('/api/v1/instruments').set('Authorization', `Bearer ${admin1}`).send(sem({ localId })).expect(201);
    const shared = await read(base);
    expect(changes(shared).map((c) => [c.instrumentId, c.kind?.$case])).toEqual([
      [hid, 'upsert'],
      [gone, 'upsert'],
    ]);
    const sharedAt = new Map(changes(shared).map((c) => [c.instrumentId, Number(c.version)]));
    const afterShared = end(shared)!.nextCursor;

    // One reclassified confidential, the other withdrawn: one tombstone each, of one shape.
    await put(sem({ localId: 'SHARED-H', confidentiality: { status: 'confidential' } }));
    await request(gw.server).delete(`/api/v1/instruments/${gone}`).set('Authorization', `Bearer ${admin1}`).expect(204);
    const removed = await read(afterShared);
    const tombstones = changes(removed);
    expect(tombstones.map((c) => [c.instrumentId, c.kind?.$case])).toEqual([
      [hid, 'tombstone'],
      [gone, 'tombstone'],
    ]);
    const anonymous = (c: (typeof tombstones)[number]) =>
      JSON.stringify({
        ...c,
        instrumentId: 'x',
        cursor: typeof c.cursor,
        kind: { ...c.kind, tombstone: { ...(c.kind as { tombstone: object }).tombstone, instrumentId: 'x' } },
        version: Number(c.version) - sharedAt.get(c.instrumentId)!,
      });
    expect(anonymous(tombstones[0])).toBe(anonymous(tombstones[1]));
    for (const c of tombstones) expect(c.version).toBe(String(sharedAt.get(c.instrumentId)! + 1));
    const afterRemoved = end(removed)!.nextCursor;

    // Edits while it is hidden: the stream and its cursor are as after no change...
    const quiet = await read(afterRemoved);
    await put(sem({ localId: 'SHARED-H', confidentiality: { status: 'confidential' }, description: '隐藏后修改一' }));
    await put(sem({ localId: 'SHARED-H', confidentiality: { status: 'confidential' }, description: '隐藏后修改二', model: 'HIDDEN-EDIT-7' }));
    const afterHiddenEdits = await read(afterRemoved);
    expect(changes(afterHiddenEdits)).toEqual([]);
    expect(shape(afterHiddenEdits)).toBe(shape(quiet));
    // Search follows every change, hidden ones too: the owning unit finds the hidden edit.
    const found = (token?: string) => {
      const r = request(gw.server).get('/api/v1/instruments').query({ q: 'HIDDEN-EDIT-7' });
      return (token ? r.set('Authorization', `Bearer ${token}`) : r).expect(200).then((res) => res.body.items.map((i: { id: string }) => i.id) as string[]);
    };
    expect(
      await eventually(
        () => found(admin1),
        (list) => list.length > 0,
      ),
    ).toEqual([hid]);
    expect(await found()).toEqual([]);
    // ...and a partner who had not yet read the removal gets the same one tombstone, at the same version.
    expect(shape(await read(afterShared))).toBe(shape(removed));

    // Shareable again: back as an upsert, newer than the tombstone.
    await put(sem({ localId: 'SHARED-H', description: '重新公开' }));
    const back = changes(await read(afterRemoved));
    expect(back.map((c) => [c.instrumentId, c.kind?.$case])).toEqual([[hid, 'upsert']]);
    expect(Number(back[0].version)).toBeGreaterThan(sharedAt.get(hid)! + 1);
  }, 60_000);

  it('refuses a forged cursor and answers an old plain one as too old', async () => {
    await expect(read('c2.' + Buffer.alloc(36).toString('base64url'))).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    await expect(read('c1.' + Buffer.from('5').toString('base64url'))).rejects.toMatchObject({ code: grpc.status.FAILED_PRECONDITION });
  });
});
