import request from 'supertest';
import { CATALOG_QUEUE } from '@app/catalog';
import { QueueService } from '@app/queue';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';

describe('daily reclassification job (time-dependent decisions)', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway();
    // Released 2023-12-01 with 3 years of supervision: last supervised day 2026-11-30 (Art. 12).
    await gw.seed(JX_UNITS, [
      sem({ localId: 'DF-1', dutyFreeImport: { declarationNo: '310120231000999999', releaseDate: '2023-12-01', supervisionYears: 3 } }),
    ]);
  }, 60_000);
  afterAll(() => gw?.close());

  it('lifts the customs gate once supervision has ended, through the queue', async () => {
    const before = await request(gw.server)
      .get(`/api/v1/instruments/${localInstrumentId('jx-u001', 'DF-1')}`)
      .expect(200);
    expect(before.body.customsGated).toBe(true);
    expect(before.body.policy.customs.reasons[0].article).toBe(12);

    const queue = gw.app.get(QueueService);
    // The last day of supervision: still gated.
    gw.clock.set(new Date('2026-11-30T04:00:00Z'));
    await queue.add(CATALOG_QUEUE, 'reclassify-all', {});
    await queue.drained(CATALOG_QUEUE);
    expect(
      (
        await request(gw.server)
          .get(`/api/v1/instruments/${localInstrumentId('jx-u001', 'DF-1')}`)
          .expect(200)
      ).body.customsGated,
    ).toBe(true);

    // The next day the nightly job lifts the stored flag, and the decision shown agrees.
    gw.clock.set(new Date('2026-12-01T04:00:00Z'));
    await queue.add(CATALOG_QUEUE, 'reclassify-all', {});
    await queue.drained(CATALOG_QUEUE);
    const after = await request(gw.server)
      .get(`/api/v1/instruments/${localInstrumentId('jx-u001', 'DF-1')}`)
      .expect(200);
    expect(after.body.customsGated).toBe(false);
    expect(after.body.policy.customs.outcome).toBe('no_gate');
    const listed = await request(gw.server).get('/api/v1/instruments?customsGated=true').expect(200);
    expect(listed.body.total).toBe(0);
  }, 60_000);
});
