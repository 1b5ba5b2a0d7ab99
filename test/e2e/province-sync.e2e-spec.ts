import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import type { InstrumentInput } from '@app/catalog';
import { generateCatalog } from '@app/seed';
import { startProvinceSim, type ProvinceSim } from '../../apps/province-sim/src/province-sim';
import { eventually } from '../support/federation';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';

/**
 * The gateway and the simulated Zhejiang provincial platform on loopback:
 * the provincial catalog pulled over its OpenAPI, Jiaxing's shareable
 * instruments pushed to it (Art. 13), confidential and exempted ones never
 * (Art. 11), and what both sides hold compared by count and checksum.
 */

const TOKEN = 'gateway-to-province-0123456789';
const PROVINCE_SEED = 7;
const PROVINCE_COUNT = 300;

interface SimState {
  epoch: string;
  listed: number;
  withdrawn: number;
  pushes: number;
  checksum: string;
}

interface Push {
  seq: number;
  operation: 'upsert' | 'withdraw' | 'usage';
  instrumentId?: string;
  version?: number;
  status: number;
  applied?: boolean;
  body?: unknown;
}

describe('sync with the Zhejiang provincial platform (OpenAPI)', () => {
  let sim: ProvinceSim;
  let gw: TestGateway;
  let monitor: string;
  const jiaxing = generateCatalog({ region: 'jiaxing', count: 300, seed: 21 });
  const id = (i: InstrumentInput) => localInstrumentId(i.unitId, i.localId);
  const shareable = jiaxing.instruments.filter((i) => i.confidentiality.status === 'none');
  const excluded = jiaxing.instruments.filter((i) => i.confidentiality.status !== 'none');
  /** Jiaxing instruments this suite withdraws (made confidential, deleted): no longer expected at the province. */
  const gone = new Set<string>();

  const simGet = async (pathname: string) => {
    const res = await fetch(`${sim.url}${pathname}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    return { status: res.status, body: (await res.json()) as any };
  };
  const simState = async () => (await simGet('/v1/_sim/state')).body as SimState;
  const simPushes = async (query = '') => (await simGet(`/v1/_sim/pushes${query}`)).body.items as Push[];
  const source = async () => {
    const res = await request(gw.server).get('/api/v1/federation/sources').set('Authorization', `Bearer ${monitor}`).expect(200);
    return (res.body.items as any[]).find((s) => s.id === 'zhejiang');
  };
  /** Versions of the gateway's live, public instruments of a region (what anyone can search). */
  const gatewayVersions = async (region: string): Promise<Map<string, number>> => {
    const ids: string[] = [];
    for (let page = 1; ; page++) {
      const res = await request(gw.server).get('/api/v1/instruments').query({ region, page, pageSize: 100 }).expect(200);
      ids.push(...res.body.items.map((i: { id: string }) => i.id));
      if (page * 100 >= res.body.total) break;
    }
    const versions = new Map<string, number>();
    for (const x of ids) versions.set(x, (await request(gw.server).get(`/api/v1/instruments/${x}`).expect(200)).body.version);
    return versions;
  };
  /** The simulator's checksum: sha256 over `<id>@<version>\n`, sorted by id. */
  const checksum = (versions: Map<string, number>) =>
    createHash('sha256')
      .update(
        [...versions.keys()]
          .sort((a, b) => (a < b ? -1 : 1))
          .map((k) => `${k}@${versions.get(k)}\n`)
          .join(''),
      )
      .digest('hex');
  /**
   * What the province must list: its own catalog (held here as region
   * `zhejiang`) and every shareable Jiaxing instrument (pushed), at the
   * versions the gateway holds.
   */
  const expectedAtProvince = async (except = new Set<string>()) => {
    const all = new Map([...(await gatewayVersions('zhejiang')), ...(await gatewayVersions('jiaxing'))]);
    for (const x of except) all.delete(x);
    return all;
  };
  /** The province's own listed records (not the cities' pushes), as id → version. */
  const provinceCatalog = async (): Promise<Map<string, number>> => {
    const out = new Map<string, number>();
    let cursor: string | undefined;
    for (;;) {
      const { body } = await simGet(`/v1/instruments/changes?limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
      for (const item of body.items) if (item.reportedBy === 'zhejiang' && item.changeType === 'upsert') out.set(item.instrumentId, item.version);
      if (!body.hasMore) return out;
      cursor = body.nextCursor;
    }
  };
  /** In sync: the province's own catalog here, ours there, nothing else on either side. */
  const inSync = async () => {
    const state = await simState();
    const own = await provinceCatalog();
    const src = await source();
    return state.listed === own.size + shareable.length - gone.size && src.records === own.size && src.status === 'ok';
  };
  /**
   * After an outage the circuit may be open; the gateway's clock is fixed,
   * so move it past any cool-down until a run succeeded, then put it back.
   * A run that fails after the jump (one still in flight from the outage, or
   * a slow call on a loaded machine) opens the circuit again at the fixed
   * clock, so each poll steps past whatever cool-down the source shows.
   */
  const healCircuit = async () => {
    const base = gw.clock.now();
    gw.clock.set(new Date(base.getTime() + 3_600_000));
    try {
      await eventually(
        async () => {
          const s = await source();
          const until = s.circuitOpenUntil ? new Date(s.circuitOpenUntil).getTime() : 0;
          if (until >= gw.clock.now().getTime()) gw.clock.set(new Date(until + 1_000));
          return s;
        },
        (s) => s.consecutiveFailures === 0 && !s.lastError,
        60_000,
      );
    } finally {
      gw.clock.set(base);
    }
  };

  beforeAll(async () => {
    sim = await startProvinceSim({ token: TOKEN, count: PROVINCE_COUNT, seed: PROVINCE_SEED });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'partners-province-')), 'partners.json');
    fs.writeFileSync(
      file,
      JSON.stringify([
        {
          id: 'zhejiang',
          region: 'zhejiang',
          protocol: 'openapi',
          address: sim.url,
          inboundToken: 'province-to-gateway-0123456789',
          outboundToken: TOKEN,
          pullIntervalMs: 300,
          deadlineMs: 3_000,
        },
      ]),
    );
    gw = await startTestGateway('embedded', { PARTNERS_FILE: file });
    await gw.seed(jiaxing.units, jiaxing.instruments);
    monitor = await gw.token('drc_monitor');
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    await sim?.close();
  });

  it("ends with both catalogs on both sides: the province's here, Jiaxing's shareable ones there (count and checksum)", async () => {
    expect(excluded.some((i) => i.confidentiality.status === 'confidential')).toBe(true);
    expect(excluded.some((i) => i.confidentiality.status === 'exempted')).toBe(true);
    await eventually(inSync, (ok) => ok, 60_000);

    const own = await provinceCatalog();
    expect(own.size).toBe(sim.seeded);
    const zhejiang = await gatewayVersions('zhejiang');
    expect(zhejiang.size).toBe(own.size);
    expect(checksum(zhejiang)).toBe(checksum(own));

    const state = await simState();
    expect(state.listed).toBe(sim.seeded + shareable.length);
    expect(checksum(await expectedAtProvince())).toBe(state.checksum);

    const src = await source();
    expect(src).toMatchObject({
      protocol: 'openapi',
      region: 'zhejiang',
      status: 'ok',
      recordsIn: sim.seeded,
      recordsOut: shareable.length,
      rejected: 0,
      errors: [],
    });
  }, 90_000);

  it('never sent a confidential or exempted instrument, not even its id', async () => {
    const pushes = await simPushes();
    expect(pushes.length).toBeGreaterThanOrEqual(shareable.length);
    const secret = new Set(excluded.map(id));
    for (const p of pushes) {
      expect(secret.has(p.instrumentId!)).toBe(false);
      if (p.operation === 'upsert') expect((p.body as { instrument: { confidentiality: string } }).instrument.confidentiality).toBe('none');
    }
    const everything = JSON.stringify(pushes);
    for (const i of excluded) expect(everything).not.toContain(i.localId);
    // Every shareable one arrived, accepted on the first try.
    const upserted = new Set(pushes.filter((p) => p.operation === 'upsert' && p.status === 201).map((p) => p.instrumentId));
    for (const i of shareable) expect(upserted.has(id(i))).toBe(true);
  });

  it('records when each instrument got to the province (provinceListedOn), without pushing it again', async () => {
    for (const i of shareable.slice(0, 15)) {
      const at = await simGet(`/v1/instruments/${id(i)}`);
      expect(at.status).toBe(200);
      const detail = await request(gw.server)
        .get(`/api/v1/instruments/${id(i)}`)
        .expect(200);
      expect(detail.body.provinceListedOn).toBe(at.body.listedOn);
      expect(detail.body.provinceListedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      // Storing the date is not a change of the instrument: it did not move
      // in the change feed (so it was not pushed again as one).
      expect(detail.body.updatedAt).toBe(detail.body.createdAt);
      const pushes = await simPushes(`?instrumentId=${encodeURIComponent(id(i))}`);
      expect(pushes.filter((p) => p.applied)).toHaveLength(1);
      expect(pushes.every((p) => p.operation === 'upsert' && p.version === detail.body.version)).toBe(true);
    }
    // An excluded instrument, seen by its own unit, was never listed there.
    const secret = excluded[0];
    const own = await gw.token('unit_admin', secret.unitId);
    const detail = await request(gw.server)
      .get(`/api/v1/instruments/${id(secret)}`)
      .set('Authorization', `Bearer ${own}`)
      .expect(200);
    expect(detail.body.provinceListedOn).toBeUndefined();
  });

  it('withdraws at the province a Jiaxing instrument made confidential, and one deleted', async () => {
    const [made, deleted] = [shareable[3], shareable[4]];
    const admin = await gw.token('unit_admin', made.unitId);
    const updated = await request(gw.server)
      .put(`/api/v1/instruments/${id(made)}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ ...made, confidentiality: { status: 'confidential', note: '承担涉密任务' } })
      .expect(200);
    const deleter = await gw.token('unit_admin', deleted.unitId);
    await request(gw.server)
      .delete(`/api/v1/instruments/${id(deleted)}`)
      .set('Authorization', `Bearer ${deleter}`)
      .expect(204);
    gone.add(id(made));
    gone.add(id(deleted));

    for (const x of [made, deleted]) {
      await eventually(
        async () => (await simGet(`/v1/instruments/${id(x)}`)).body.code,
        (code) => code === 'WITHDRAWN',
      );
    }
    const withdrawal = (await simPushes(`?instrumentId=${encodeURIComponent(id(made))}&operation=withdraw`))[0];
    expect(withdrawal).toMatchObject({ version: updated.body.version, applied: true, status: 200 });
    // The confidential version itself never went out.
    const upserts = await simPushes(`?instrumentId=${encodeURIComponent(id(made))}&operation=upsert`);
    expect(upserts.map((p) => p.version)).toEqual([updated.body.version - 1]);

    await eventually(inSync, (ok) => ok);
    expect(checksum(await expectedAtProvince())).toBe((await simState()).checksum);
  }, 60_000);

  it('keeps an instrument at the province while its exemption is only requested and approved, and withdraws it once filed (Art. 11)', async () => {
    const target = shareable[6];
    const unitAdmin = await gw.token('unit_admin', target.unitId);
    const office = await gw.token('admin');
    const requested = await request(gw.server)
      .post('/api/v1/exemptions')
      .set('Authorization', `Bearer ${unitAdmin}`)
      .send({ instrumentId: id(target), grounds: '承担保密合作项目' })
      .expect(201);
    const department = await gw.departmentToken(requested.body.department.code);
    await request(gw.server)
      .post(`/api/v1/exemptions/${requested.body.id}/approve`)
      .set('Authorization', `Bearer ${department}`)
      .send({ reference: '嘉科〔2026〕3号' })
      .expect(200);
    await eventually(inSync, (ok) => ok);
    expect((await simGet(`/v1/instruments/${id(target)}`)).status).toBe(200);
    expect(await simPushes(`?instrumentId=${encodeURIComponent(id(target))}&operation=withdraw`)).toEqual([]);

    await request(gw.server)
      .post(`/api/v1/exemptions/${requested.body.id}/file`)
      .set('Authorization', `Bearer ${office}`)
      .send({ filingRef: '浙大仪办备〔2026〕5号' })
      .expect(200);
    gone.add(id(target));
    await eventually(
      async () => (await simGet(`/v1/instruments/${id(target)}`)).body.code,
      (code) => code === 'WITHDRAWN',
    );
    expect(await simPushes(`?instrumentId=${encodeURIComponent(id(target))}&operation=withdraw`)).toHaveLength(1);
    await eventually(inSync, (ok) => ok);
    expect(checksum(await expectedAtProvince())).toBe((await simState()).checksum);
  }, 60_000);

  it('withdraws a hidden instrument once: its later hidden edits send the province nothing (Art. 11)', async () => {
    const [made, marker] = [shareable[3], shareable[5]];
    const admin = await gw.token('unit_admin', made.unitId);
    for (const note of ['二次修改', '三次修改']) {
      await request(gw.server)
        .put(`/api/v1/instruments/${id(made)}`)
        .set('Authorization', `Bearer ${admin}`)
        .send({ ...made, description: note, confidentiality: { status: 'confidential', note: '承担涉密任务' } })
        .expect(200);
    }
    // A shareable change after them: once the province has it, the push has read past the hidden edits.
    const markerAdmin = await gw.token('unit_admin', marker.unitId);
    const after = await request(gw.server)
      .put(`/api/v1/instruments/${id(marker)}`)
      .set('Authorization', `Bearer ${markerAdmin}`)
      .send({ ...marker, description: '公开修改' })
      .expect(200);
    await eventually(
      async () => (await simGet(`/v1/instruments/${id(marker)}`)).body.version,
      (v) => v === after.body.version,
    );

    const withdrawals = await simPushes(`?instrumentId=${encodeURIComponent(id(made))}&operation=withdraw`);
    expect(withdrawals).toHaveLength(1);
    await eventually(inSync, (ok) => ok);
  }, 60_000);

  it('starts over when the province rebuilt its change log (410 CURSOR_EXPIRED): re-pulls, drops what it no longer lists, pushes again', async () => {
    const before = await source();
    const port = sim.port;
    await sim.close();
    // The same platform, its log rebuilt, with fewer of its own instruments and none of our pushes.
    sim = await startProvinceSim({ token: TOKEN, port, count: 250, seed: PROVINCE_SEED, epoch: 'beef01' });
    expect(sim.seeded).toBeLessThan(before.records);
    await healCircuit();
    await eventually(inSync, (ok) => ok, 60_000);

    const own = await provinceCatalog();
    const zhejiang = await gatewayVersions('zhejiang');
    expect(zhejiang.size).toBe(sim.seeded);
    expect(checksum(zhejiang)).toBe(checksum(own));
    expect(checksum(await expectedAtProvince())).toBe((await simState()).checksum);
    const after = await source();
    expect(after.tombstonesIn - before.tombstonesIn).toBe(before.records - sim.seeded);
    expect(after.cursor).not.toBe(before.cursor);
    // Everything was pushed again, and still nothing excluded.
    const pushes = await simPushes();
    const secret = new Set(excluded.map(id));
    expect(pushes.some((p) => secret.has(p.instrumentId!))).toBe(false);
    expect(new Set(pushes.filter((p) => p.operation === 'upsert' && p.applied).map((p) => p.instrumentId)).size).toBe(shareable.length - gone.size);
  }, 90_000);

  it("follows the province's own updates and withdrawals", async () => {
    const res = await fetch(`${sim.url}/v1/_sim/province-changes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ update: 5, withdraw: 3 }),
    });
    const { updated, withdrawn } = (await res.json()) as { updated: string[]; withdrawn: string[] };
    expect(updated).toHaveLength(5);
    for (const x of withdrawn)
      await eventually(
        async () => (await request(gw.server).get(`/api/v1/instruments/${x}`)).status,
        (s) => s === 404,
      );
    for (const x of updated)
      await eventually(
        async () => (await request(gw.server).get(`/api/v1/instruments/${x}`)).body.version,
        (v) => v === 2,
      );
    await eventually(inSync, (ok) => ok);
    expect(checksum(await gatewayVersions('zhejiang'))).toBe(checksum(await provinceCatalog()));
    expect(checksum(await expectedAtProvince())).toBe((await simState()).checksum);
  }, 60_000);

  it("lists the province's invalid records with their reason and keeps the rest flowing", async () => {
    sim.setFaults({ invalidChangeItems: 2 });
    const res = await fetch(`${sim.url}/v1/_sim/province-changes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ update: 6 }),
    });
    const { updated } = (await res.json()) as { updated: string[] };
    const src = await eventually(source, (s) => s.errors.length >= 2 && s.status === 'ok');
    expect(src.rejected).toBe(2);
    expect(src.errors[0].reason).toMatch(/version/);
    const rejected = new Set<string>(src.errors.map((e: { instrumentId: string }) => e.instrumentId));
    expect(rejected.size).toBe(2);
    for (const x of updated.filter((u) => !rejected.has(u))) {
      await eventually(
        async () => (await request(gw.server).get(`/api/v1/instruments/${x}`)).body.version,
        (v) => v >= 2,
      );
    }
    // Nothing else is off: identical but for the two rejected records (still at their previous version here).
    const own = await provinceCatalog();
    const here = await gatewayVersions('zhejiang');
    for (const x of rejected) {
      expect(here.has(x)).toBe(true);
      expect(here.get(x)).toBeLessThan(own.get(x)!);
      here.delete(x);
      own.delete(x);
    }
    expect(checksum(here)).toBe(checksum(own));
  }, 60_000);

  it('shows a province outage as an error with its reason, keeps what it holds, and recovers', async () => {
    const before = (await request(gw.server).get('/api/v1/instruments').query({ region: 'zhejiang', pageSize: 1 }).expect(200)).body.total;
    sim.setFaults({ fail: { status: 503, count: 1_000_000 } });
    // Changes on both sides during the outage.
    const changed = shareable[10];
    const admin = await gw.token('unit_admin', changed.unitId);
    const stored = await request(gw.server)
      .put(`/api/v1/instruments/${id(changed)}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ ...changed, description: '停电检修后重新校准' })
      .expect(200);
    const down = await eventually(source, (s) => s.status === 'error');
    expect(down.lastError).toMatch(/^(pull|push): province \w+: HTTP 503 .*transient/);
    expect((await request(gw.server).get('/api/v1/instruments').query({ region: 'zhejiang', pageSize: 1 }).expect(200)).body.total).toBe(before);

    sim.setFaults({});
    await healCircuit();
    await eventually(
      async () => (await simGet(`/v1/instruments/${id(changed)}`)).body.version,
      (v) => v === stored.body.version,
    );
    const up = await eventually(source, (s) => s.status === 'ok' && !s.lastError);
    expect(up.consecutiveFailures).toBe(0);
  }, 90_000);
});
