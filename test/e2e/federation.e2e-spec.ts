import * as grpc from '@grpc/grpc-js';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { CatalogServiceClient, ConfidentialityStatus, type ListChangesResponse } from '@app/contracts';
import { instrumentToWire } from '@app/federation';
import { startGrpc } from '@app/grpc';
import { PartnerStore } from '../../apps/partner-node/src/partner-store';
import { generateCatalog } from '@app/seed';
import { eventually, PARTNER_IN_TOKEN, startTestPartners, type TestPartners } from '../support/federation';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';

const REGIONS = ['shanghai', 'jiangsu', 'anhui'] as const;

describe('federation over gRPC with three partner nodes', () => {
  let partners: TestPartners;
  let gw: TestGateway;
  let token: string;
  let grpcAddress: string;
  const jiaxing = generateCatalog({ region: 'jiaxing', count: 300, seed: 5 });

  beforeAll(async () => {
    partners = await startTestPartners(REGIONS.map((region, i) => ({ region, count: 400 + i * 50, seed: 10 + i })));
    gw = await startTestGateway('embedded', { PARTNERS_FILE: partners.file, GRPC_PORT: '0' });
    await gw.seed(jiaxing.units, jiaxing.instruments);
    grpcAddress = `127.0.0.1:${await startGrpc(gw.app)}`;
    token = await gw.token('drc_monitor');
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    await partners?.close();
  });

  const sources = async () =>
    (await request(gw.server).get('/api/v1/federation/sources').set('Authorization', `Bearer ${token}`).expect(200)).body.items as any[];
  const checksum = (pairs: [string, number | string][]) =>
    createHash('sha256')
      .update(
        pairs
          .map(([id, v]) => `${id}@${v}`)
          .sort()
          .join('\n'),
      )
      .digest('hex');
  const partnerChecksum = (region: string, except = new Set<string>()) =>
    checksum(
      partners.nodes[region].store
        .shareable()
        .filter((e) => !except.has(e.stored.instrument.id))
        .map((e) => [e.stored.instrument.id, e.stored.instrument.version]),
    );
  const gatewayChecksum = async (region: string, except = new Set<string>()) => {
    const ids: [string, number][] = [];
    for (let page = 1; ; page++) {
      const res = await request(gw.server).get('/api/v1/instruments').query({ region, page, pageSize: 100 }).expect(200);
      for (const item of res.body.items) ids.push([item.id, 0]);
      if (page * 100 >= res.body.total) break;
    }
    const versions = await Promise.all(
      ids
        .filter(([id]) => !except.has(id))
        .map(async ([id]) => [id, (await request(gw.server).get(`/api/v1/instruments/${id}`).expect(200)).body.version] as [string, number]),
    );
    return checksum(versions);
  };
  const synced = async (region: string) => {
    const expected = partners.nodes[region].store.shareable().length;
    await eventually(sources, (items) => items.some((s) => s.id === region && s.status === 'ok' && s.records === expected && s.cursor));
  };

  it("holds exactly each partner's shareable catalog after sync (count and checksum of ids and versions)", async () => {
    for (const region of REGIONS) await synced(region);
    for (const region of REGIONS) {
      const res = await request(gw.server).get('/api/v1/instruments').query({ region, pageSize: 1 }).expect(200);
      expect(res.body.total).toBe(partners.nodes[region].store.shareable().length);
      expect(await gatewayChecksum(region)).toBe(partnerChecksum(region));
    }
    const listing = await request(gw.server).get('/api/v1/instruments').query({ region: 'shanghai', pageSize: 1 }).expect(200);
    expect(listing.body.sources.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining(['local', ...REGIONS]));
  }, 90_000);

  it("exposes each source's health as Prometheus metrics", async () => {
    const res = await request(gw.server)
      .get('/metrics')
      .set('Authorization', `Bearer ${await gw.token('admin')}`)
      .expect(200);
    for (const region of REGIONS) {
      expect(res.text).toMatch(new RegExp(`federation_source_up\\{source="${region}"\\} 1`));
      expect(res.text).toMatch(new RegExp(`federation_source_records_in_total\\{source="${region}"\\} \\d+`));
    }
  });

  it("follows a partner's updates, withdrawals and newly confidential records", async () => {
    const store = partners.nodes.shanghai.store;
    const [a, b, c] = store.shareable();
    store.upsert({ ...a.stored.instrument, description: '新增低温样品台' });
    store.remove(b.stored.instrument.id);
    store.upsert({ ...c.stored.instrument, confidentiality: { status: 'confidential' } });
    await eventually(
      async () => (await request(gw.server).get(`/api/v1/instruments/${a.stored.instrument.id}`)).body.description,
      (d) => d === '新增低温样品台',
    );
    await eventually(
      async () => (await request(gw.server).get(`/api/v1/instruments/${b.stored.instrument.id}`)).status,
      (s) => s === 404,
    );
    await eventually(
      async () => (await request(gw.server).get(`/api/v1/instruments/${c.stored.instrument.id}`)).status,
      (s) => s === 404,
    );
    await synced('shanghai');
    expect(await gatewayChecksum('shanghai')).toBe(partnerChecksum('shanghai'));
  }, 60_000);

  it('drops and counts inbound records that say they are confidential', async () => {
    partners.nodes.anhui.setFault('leak-confidential');
    const confidential = partners.nodes.anhui.store.all().filter((e) => !e.stored.shareable);
    expect(confidential.length).toBeGreaterThan(0);
    // Touch them so the feed sends them again.
    for (const e of confidential) partners.nodes.anhui.store.upsert(e.stored.instrument);
    const after = await eventually(sources, (items) => items.find((s) => s.id === 'anhui').droppedConfidential >= confidential.length);
    expect(after.find((s: any) => s.id === 'anhui').droppedConfidential).toBeGreaterThanOrEqual(confidential.length);
    for (const e of confidential) await request(gw.server).get(`/api/v1/instruments/${e.stored.instrument.id}`).expect(404);
    partners.nodes.anhui.setFault('none');
  }, 60_000);

  it('lists malformed records with their reasons and keeps the rest of the source flowing', async () => {
    partners.nodes.jiangsu.setFault('malformed');
    const store = partners.nodes.jiangsu.store;
    for (const e of store.shareable().slice(0, 30)) store.upsert({ ...e.stored.instrument, description: `${e.stored.instrument.description ?? ''} v2` });
    const items = await eventually(
      sources,
      (list) => {
        const j = list.find((s) => s.id === 'jiangsu');
        // Counters and the error list are two reads: wait until both show the rejection.
        return j.rejected > 0 && j.errors.length > 0 && j.status === 'ok';
      },
      60_000,
    );
    const jiangsu = items.find((s: any) => s.id === 'jiangsu');
    expect(jiangsu.rejected).toBeGreaterThan(0);
    expect(jiangsu.errors.map((e: { reason: string }) => e.reason).join('\n')).toMatch(/categoryCode|valueFen/);
    partners.nodes.jiangsu.setFault('none');
  }, 60_000);

  it('shows a partner slower than its deadline with its reason, keeps its data intact, and recovers', async () => {
    const store = partners.nodes.jiangsu.store;
    partners.nodes.jiangsu.setFault('slow');
    for (const e of store.shareable().slice(100, 110)) store.upsert({ ...e.stored.instrument, description: 'slow change' });
    const slow = await eventually(sources, (list) => list.find((s) => s.id === 'jiangsu').status === 'error');
    expect(slow.find((s: any) => s.id === 'jiangsu').lastError).toMatch(/gRPC 4|deadline/i);
    partners.nodes.jiangsu.setFault('none');
    await synced('jiangsu');
    // Identical except the records the earlier malformed test had rejected (still listed as errors).
    const rejected = new Set<string>((await sources()).find((s) => s.id === 'jiangsu').errors.map((e: { instrumentId: string }) => e.instrumentId));
    expect(rejected.size).toBeGreaterThan(0);
    expect(await gatewayChecksum('jiangsu', rejected)).toBe(partnerChecksum('jiangsu', rejected));
  }, 90_000);

  it('pauses and resumes a source', async () => {
    const admin = await gw.token('admin');
    const paused = await request(gw.server).post('/api/v1/federation/sources/anhui/pause').set('Authorization', `Bearer ${admin}`).expect(200);
    expect(paused.body).toMatchObject({ id: 'anhui', paused: true, status: 'paused' });
    await request(gw.server).post('/api/v1/federation/sources/anhui/pause').set('Authorization', `Bearer ${token}`).expect(403);
    const x = partners.nodes.anhui.store.shareable()[3];
    partners.nodes.anhui.store.upsert({ ...x.stored.instrument, description: 'changed while paused' });
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await request(gw.server).get(`/api/v1/instruments/${x.stored.instrument.id}`)).body.description).not.toBe('changed while paused');
    await request(gw.server).post('/api/v1/federation/sources/anhui/resume').set('Authorization', `Bearer ${admin}`).expect(200);
    await eventually(
      async () => (await request(gw.server).get(`/api/v1/instruments/${x.stored.instrument.id}`)).body.description,
      (d) => d === 'changed while paused',
    );
    await request(gw.server).post('/api/v1/federation/sources/nowhere/resume').set('Authorization', `Bearer ${admin}`).expect(404);
  }, 60_000);

  it('shows a partner that is down with its reason while the others keep syncing', async () => {
    await partners.nodes.jiangsu.close();
    const down = await eventually(sources, (list) => list.find((s) => s.id === 'jiangsu').status === 'error');
    expect(down.find((s: any) => s.id === 'jiangsu').lastError).toMatch(/gRPC 14|UNAVAILABLE|No connection/i);
    const before = (await request(gw.server).get('/api/v1/instruments').query({ region: 'jiangsu', pageSize: 1 })).body.total;
    expect(before).toBeGreaterThan(0);
    const store = partners.nodes.shanghai.store;
    const x = store.shareable()[5];
    store.upsert({ ...x.stored.instrument, description: 'still syncing' });
    await eventually(
      async () => (await request(gw.server).get(`/api/v1/instruments/${x.stored.instrument.id}`)).body.description,
      (d) => d === 'still syncing',
    );
  }, 60_000);

  describe('our CatalogService, as a partner sees it', () => {
    const client = () => new CatalogServiceClient(grpcAddress, grpc.credentials.createInsecure());
    const auth = (t: string) => {
      const m = new grpc.Metadata();
      m.set('authorization', `Bearer ${t}`);
      return m;
    };
    const feed = (t: string, cursor = '') =>
      new Promise<ListChangesResponse[]>((resolve, reject) => {
        const out: ListChangesResponse[] = [];
        const call = client().listChanges({ cursor, maxChanges: 0 }, auth(t), { deadline: Date.now() + 10_000 });
        call.on('data', (m) => out.push(m));
        call.on('error', reject);
        call.on('end', () => resolve(out));
      });

    it('accepts a partner pushing its own changes, with the same exclusions and validation', async () => {
      const pushed = new PartnerStore('anhui', '2026-11-29');
      const generated = generateCatalog({ region: 'anhui', count: 60, seed: 77 });
      pushed.load(
        generated.units,
        generated.instruments.map((i) => ({ ...i, localId: `PUSH-${i.localId}` })),
      );
      const entries = pushed.all();
      const shareable = entries.filter((e) => e.stored.shareable);
      const secret = entries.find((e) => !e.stored.shareable)!;
      const wire = (e: (typeof entries)[number]) =>
        instrumentToWire({ ...e.stored, shareable: true, instrument: { ...e.stored.instrument, confidentiality: { status: 'none' } } }, e.unit);
      const changes = [
        ...shareable.map((e, i) => ({
          instrumentId: e.stored.instrument.id,
          version: '1',
          cursor: `push-${i}`,
          kind: { $case: 'upsert' as const, upsert: wire(e) },
        })),
        {
          instrumentId: secret.stored.instrument.id,
          version: '1',
          cursor: 'push-secret',
          kind: { $case: 'upsert' as const, upsert: { ...wire(secret), confidentiality: ConfidentialityStatus.CONFIDENTIALITY_STATUS_CONFIDENTIAL } },
        },
        {
          instrumentId: 'anhui:PUSH-HIJACK',
          version: '1',
          cursor: 'push-hijack',
          kind: {
            $case: 'upsert' as const,
            upsert: {
              ...wire(shareable[1]),
              id: 'anhui:PUSH-HIJACK',
              localId: 'PUSH-HIJACK',
              unit: { ...wire(shareable[1]).unit!, id: 'jx-u001', name: 'HIJACKED' },
            },
          },
        },
        {
          instrumentId: 'shanghai:NOT-MINE',
          version: '1',
          cursor: 'push-foreign',
          kind: { $case: 'upsert' as const, upsert: { ...wire(shareable[0]), id: 'shanghai:NOT-MINE', localId: 'NOT-MINE', region: 'shanghai' } },
        },
      ];
      const pullCursorBefore = (await sources()).find((x) => x.id === 'anhui').cursor;
      const response = await new Promise<any>((resolve, reject) => {
        const call = client().pushChanges(auth(PARTNER_IN_TOKEN('anhui')), { deadline: Date.now() + 20_000 }, (e, r) => (e ? reject(e) : resolve(r)));
        for (const change of changes) call.write({ change });
        call.end();
      });
      expect(response).toMatchObject({ applied: String(shareable.length), droppedConfidential: '1', committedCursor: 'push-foreign' });
      expect(response.rejections).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ instrumentId: 'shanghai:NOT-MINE', reason: expect.stringMatching(/region/) }),
          // A partner cannot rename a Jiaxing unit or attach instruments to it.
          expect.objectContaining({ instrumentId: 'anhui:PUSH-HIJACK', reason: expect.stringMatching(/unit of another region/) }),
        ]),
      );
      const units = (await request(gw.server).get('/api/v1/units?region=jiaxing').expect(200)).body.items;
      expect(units.find((u: { id: string }) => u.id === 'jx-u001').name).not.toBe('HIJACKED');
      // Pushing never moves the cursor we pull this partner with.
      expect((await sources()).find((x) => x.id === 'anhui').cursor).toBe(pullCursorBefore);
      await request(gw.server).get(`/api/v1/instruments/${shareable[0].stored.instrument.id}`).expect(200);
      await request(gw.server).get(`/api/v1/instruments/${secret.stored.instrument.id}`).expect(404);
      // A replay changes nothing.
      const replay = await new Promise<any>((resolve, reject) => {
        const call = client().pushChanges(auth(PARTNER_IN_TOKEN('anhui')), { deadline: Date.now() + 20_000 }, (e, r) => (e ? reject(e) : resolve(r)));
        for (const change of changes.slice(0, 5)) call.write({ change });
        call.end();
      });
      expect(replay).toMatchObject({ applied: '0', unchanged: '5' });
    });

    it('never sends a confidential or exempted instrument, not even its id', async () => {
      const messages = await feed(PARTNER_IN_TOKEN('shanghai'));
      const changes = messages.flatMap((m) => (m.event?.$case === 'change' ? [m.event.change] : []));
      const excluded = new Set(jiaxing.instruments.filter((i) => i.confidentiality.status !== 'none').map((i) => localInstrumentId(i.unitId, i.localId)));
      expect(excluded.size).toBeGreaterThan(0);
      expect(changes.length).toBe(jiaxing.instruments.length - excluded.size);
      for (const c of changes) {
        expect(excluded.has(c.instrumentId)).toBe(false);
        if (c.kind?.$case === 'upsert') expect(c.kind.upsert.confidentiality).toBe(ConfidentialityStatus.CONFIDENTIALITY_STATUS_NONE);
      }
      expect(messages.at(-1)?.event?.$case).toBe('end');
    });

    it('answers UNAUTHENTICATED without or with a wrong token', async () => {
      await expect(feed('not-a-partner-token-000000')).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
      const noToken = new Promise((resolve, reject) =>
        client().getInstrument({ id: localInstrumentId('jx-u001', 'x') }, (e) => (e ? reject(e) : resolve(null))),
      );
      await expect(noToken).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
    });

    it('answers INVALID_ARGUMENT for a malformed request, never INTERNAL', async () => {
      await expect(feed(PARTNER_IN_TOKEN('shanghai'), 'garbage')).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
      const bad = new Promise((resolve, reject) =>
        client().getInstrument({ id: 'no id' }, auth(PARTNER_IN_TOKEN('anhui')), (e) => (e ? reject(e) : resolve(null))),
      );
      await expect(bad).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
      const search = new Promise((resolve, reject) =>
        client().searchInstruments({ query: '', regions: ['mars'], categoryPrefix: '', pageSize: 10, pageToken: '' }, auth(PARTNER_IN_TOKEN('anhui')), (e) =>
          e ? reject(e) : resolve(null),
        ),
      );
      await expect(search).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    });

    it('answers NOT_FOUND alike for a confidential instrument and a missing one', async () => {
      const secret = jiaxing.instruments.find((i) => i.confidentiality.status !== 'none')!;
      const get = (id: string) =>
        new Promise<grpc.ServiceError>((resolve) => client().getInstrument({ id }, auth(PARTNER_IN_TOKEN('anhui')), (e) => resolve(e!)));
      const hidden = await get(localInstrumentId(secret.unitId, secret.localId));
      const missing = await get(localInstrumentId(secret.unitId, 'NO-SUCH-ID'));
      expect(hidden.code).toBe(grpc.status.NOT_FOUND);
      expect(missing.code).toBe(grpc.status.NOT_FOUND);
      expect(hidden.details.replace(secret.localId, 'X')).toBe(missing.details.replace('NO-SUCH-ID', 'X'));
    });
  });
});
