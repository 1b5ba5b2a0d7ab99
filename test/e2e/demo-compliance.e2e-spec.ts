import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { FixedClock } from '@app/common';
import { startProvinceSim, type ProvinceSim } from '../../apps/province-sim/src/province-sim';
import { DEMO_SEED, demoCatalog, demoProvinceHistory, seedDemo, syncProvinceAndScan } from '../../scripts/demo-seed';

/** A fifth of the demo's catalog: the same generator and rules, in a fifth of the time. */
const JIAXING = 240;
import { startTestGateway, TEST_TODAY, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';

const TOKEN = 'demo-jiaxing-to-zhejiang-0123456789';

/**
 * `npm run demo`'s first day with the province, on the embedded database:
 * the simulated province as the demo starts it (the listings it already
 * holds, its review refusing records without a fee standard), the demo's
 * seeding, one push and one duty scan. The Art. 13 findings are then the
 * province's own: listing dates from its answers, overdue reminders for the
 * records it refused.
 */
describe('demo duties with the province (embedded)', () => {
  let sim: ProvinceSim;
  let gw: TestGateway;
  let admin: string;
  let first: Awaited<ReturnType<typeof syncProvinceAndScan>>;
  const history = demoProvinceHistory(TEST_TODAY, JIAXING);
  const jiaxing = demoCatalog('jiaxing', JIAXING).instruments.map((i) => ({ ...i, id: localInstrumentId(i.unitId, i.localId) }));
  const withoutFee = new Set(jiaxing.filter((i) => i.confidentiality.status === 'none' && i.fee === undefined).map((i) => i.id));
  const get = (url: string) => request(gw.server).get(url).set('Authorization', `Bearer ${admin}`).expect(200);

  beforeAll(async () => {
    sim = await startProvinceSim({
      token: TOKEN,
      count: 50,
      seed: DEMO_SEED,
      clock: new FixedClock(new Date(`${TEST_TODAY}T04:00:00Z`)),
      listingHistory: history,
      review: true,
    });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'partners-demo-')), 'partners.json');
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
          pullIntervalMs: 3_000,
          deadlineMs: 10_000,
        },
      ]),
    );
    gw = await startTestGateway('embedded', { PARTNERS_FILE: file });
    admin = await gw.token('admin');
    await seedDemo(gw.app, { partners: [], now: gw.clock.now(), jiaxingInstruments: JIAXING });
    first = await syncProvinceAndScan(gw.app, 'zhejiang');
  }, 300_000);
  afterAll(async () => {
    await gw?.close();
    await sim?.close();
  });

  it('holds a realistic history: most of the catalog listed before, none without a fee standard', () => {
    expect(Object.keys(history).length).toBeGreaterThan(jiaxing.length / 2);
    expect(Object.keys(history).filter((id) => withoutFee.has(id))).toEqual([]);
  });

  it('pushes once, then scans: onboarding_overdue reminders for the records the province refused', async () => {
    expect(first.push).toBe('synced');
    expect(first.scan!.created.onboarding_overdue).toBeGreaterThan(0);
    const res = await get('/api/v1/compliance/reminders?kind=onboarding_overdue&limit=500');
    const reminders = res.body.items as { instrumentId: string; article: number; triggerDate: string }[];
    expect(reminders.length).toBe(first.scan!.created.onboarding_overdue);
    for (const r of reminders) {
      expect(withoutFee.has(r.instrumentId)).toBe(true);
      expect(r.article).toBe(13);
      expect(r.triggerDate < TEST_TODAY).toBe(true);
    }
    const duties = await get(`/api/v1/compliance/instruments/${reminders[0].instrumentId}`);
    expect(duties.body.onboarding).toMatchObject({ outcome: 'overdue' });
    expect(duties.body.onboarding.provinceListedOn).toBeUndefined();
  });

  it('stores the listing date the province answered, late or on time', async () => {
    const recent = jiaxing.filter((i) => history[i.id] !== undefined && i.acceptanceDate! >= '2025-03-01');
    const outcomes = new Set<string>();
    for (const i of recent.slice(0, 40)) {
      const detail = await get(`/api/v1/instruments/${i.id}`);
      expect(detail.body.provinceListedOn).toBe(history[i.id]);
      if (i.valueCny >= 300_000 && i.fundingSource !== 'other') outcomes.add((await get(`/api/v1/compliance/instruments/${i.id}`)).body.onboarding.outcome);
    }
    expect([...outcomes].sort()).toEqual(['late', 'on_time']);
  });

  it('shows each refusal with its reason on the source, and does not send it again', async () => {
    const source = (await get('/api/v1/federation/sources')).body.items.find((s: { id: string }) => s.id === 'zhejiang');
    const refused = source.errors.filter((e: { reason: string }) => e.reason.includes('REVIEW_REFUSED'));
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((e: { instrumentId: string }) => withoutFee.has(e.instrumentId))).toBe(true);
    expect(refused[0].reason).toContain('未填写收费标准');
    expect(source.lastError).toBeUndefined();

    const again = await syncProvinceAndScan(gw.app, 'zhejiang');
    expect(again.push).toBe('synced');
    expect(again.scan!.created).toEqual({ onboarding_overdue: 0, service_terms_overdue: 0, idle: 0 });
    const id = refused[0].instrumentId as string;
    const pushes = await fetch(`${sim.url}/v1/_sim/pushes?instrumentId=${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(((await pushes.json()) as { items: { status: number }[] }).items.map((p) => p.status)).toEqual([422]);
  });
});
