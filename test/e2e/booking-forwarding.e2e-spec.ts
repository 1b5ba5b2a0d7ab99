import * as grpc from '@grpc/grpc-js';
import { SignJWT } from 'jose';
import request from 'supertest';
import { BookingServiceClient, BookingStatus as WireStatus, type CreateBookingRequest } from '@app/contracts';
import { startGrpc } from '@app/grpc';
import { startPartnerNode } from '../../apps/partner-node/src/partner-node';
import { GATEWAY_OUT_TOKEN, PARTNER_IN_TOKEN, eventually, startTestPartners, type TestPartners } from '../support/federation';
import { JX_UNITS, startTestGateway, type TestGateway } from '../support/gateway';

const at = (day: number, hour: number) => `2026-12-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`;

/**
 * Bookings of partner instruments: stored here, forwarded to the owning
 * platform (a real partner node on loopback) by a queued job, decided there.
 */
describe('forwarding bookings of partner instruments to the owning platform', () => {
  let partners: TestPartners;
  let gw: TestGateway;
  let user: string;
  let free: string[];
  let approving: string;

  beforeAll(async () => {
    partners = await startTestPartners([{ region: 'shanghai', count: 120, seed: 5 }]);
    gw = await startTestGateway('embedded', { PARTNERS_FILE: partners.file, GRPC_PORT: '0', BOOKING_SWEEP_INTERVAL_MS: '300' });
    await gw.seed(JX_UNITS);
    // A user whose identity provider also puts contact and identity data in the token (Art. 17: it must not travel).
    user = await new SignJWT({ roles: ['user'], unitId: 'jx-u002', phone_number: '13812345678', name: '张三', id_card: '33040219900101123X' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('user-0042')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(gw.config.auth.jwtSecret));
    const shareable = partners.nodes.shanghai.store.shareable().map((e) => e.stored.instrument);
    free = shareable.filter((i) => !i.requiresOwnerApproval && i.fee?.unit === 'hour').map((i) => i.id);
    approving = shareable.find((i) => i.requiresOwnerApproval)!.id;
    // Synced from the partner by the gateway's own pull jobs.
    await eventually(
      () =>
        request(gw.server)
          .get(`/api/v1/instruments/${approving}`)
          .then((r) => r.status),
      (s) => s === 200,
    );
    await eventually(
      () =>
        request(gw.server)
          .get(`/api/v1/instruments/${free[3]}`)
          .then((r) => r.status),
      (s) => s === 200,
    );
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    await partners?.close();
  });

  const book = (key: string, instrumentId: string, day: number) =>
    request(gw.server)
      .post('/api/v1/bookings')
      .set('Authorization', `Bearer ${user}`)
      .set('Idempotency-Key', key)
      .send({ instrumentId, start: at(day, 9), end: at(day, 11), purpose: '表征纳米颗粒形貌', sampleDescription: '粉末样品 3 份' });
  const read = (id: string) => request(gw.server).get(`/api/v1/bookings/${id}`).set('Authorization', `Bearer ${user}`);
  const settled = (id: string) =>
    eventually(
      () => read(id).then((r) => r.body),
      (b) => b.status !== 'forwarding',
    );
  const receivedFor = (node: { received: CreateBookingRequest[] }, bookingId: string) =>
    node.received.filter((r) => r.idempotencyKey === `yrd-jiaxing-${bookingId}`);

  it("stores the booking, forwards it once, and takes the partner's confirmation", async () => {
    const created = await book('fwd-key-0001', free[0], 1).expect(201);
    expect(created.body).toMatchObject({ status: 'forwarding', ownerPlatform: 'shanghai' });
    const done = await settled(created.body.id);
    expect(done).toMatchObject({ status: 'confirmed', remoteBookingId: expect.any(String) });
    expect(done.audit.map((a: { to: string }) => a.to)).toEqual(['forwarding', 'confirmed']);
    expect(done.audit[1].actor).toBe('platform:shanghai');
    const node = partners.nodes.shanghai;
    expect(receivedFor(node, created.body.id)).toHaveLength(1);
    expect(node.bookings().find((b) => b.id === done.remoteBookingId)?.status).toBe(WireStatus.BOOKING_STATUS_CONFIRMED);
  });

  it('sends the partner only what the booking needs: a pseudonym, the unit, purpose, window, samples (Art. 17)', async () => {
    const created = await book('fwd-key-0002', free[1], 2).expect(201);
    await settled(created.body.id);
    const [wire] = receivedFor(partners.nodes.shanghai, created.body.id);
    expect(wire).toEqual({
      idempotencyKey: `yrd-jiaxing-${created.body.id}`,
      instrumentId: free[1],
      window: { start: new Date(at(2, 9)), end: new Date(at(2, 11)) },
      requester: { pseudonymousId: expect.stringMatching(/^jx-[A-Za-z0-9_-]{24}$/), unitId: 'jx-u002', unitName: '嘉兴市第一医院' },
      purpose: '表征纳米颗粒形貌',
      sampleDescription: '粉末样品 3 份',
    });
    const text = JSON.stringify(wire);
    for (const secret of ['user-0042', '13812345678', '张三', '33040219900101123X']) expect(text).not.toContain(secret);
    // Stable per user, so the partner can tell one requester's bookings apart.
    const first = receivedFor(partners.nodes.shanghai, (await book('fwd-key-0001', free[0], 1)).body.id)[0];
    expect(first.requester!.pseudonymousId).toBe(wire.requester!.pseudonymousId);
  });

  it('refuses purpose text carrying a phone number before anything is sent (Art. 17)', async () => {
    const before = partners.nodes.shanghai.received.length;
    const res = await request(gw.server)
      .post('/api/v1/bookings')
      .set('Authorization', `Bearer ${user}`)
      .set('Idempotency-Key', 'fwd-key-phone')
      .send({ instrumentId: free[2], start: at(3, 9), end: at(3, 10), purpose: '请联系 138 1234 5678' })
      .expect(400);
    expect(res.body.violations[0]).toMatchObject({ field: 'purpose', message: expect.stringContaining('Art. 17') });
    expect(partners.nodes.shanghai.received.length).toBe(before);
  });

  it('shows the fee estimate at the external price for another unit (Art. 13, 19)', async () => {
    const created = await book('fwd-key-0003', free[3], 4).expect(201);
    const fee = partners.nodes.shanghai.store.get(free[3])!.stored.instrument.fee!;
    expect(created.body.feeEstimate).toMatchObject({ tariff: 'external', unit: 'hour', quantity: 2, unitPriceCny: expect.any(Number) });
    const tier = [...(fee.tiers ?? [])].reverse().find((t) => 2 >= t.minQuantity);
    expect(created.body.feeEstimate.unitPriceCny).toBe(tier ? tier.externalPriceCny : fee.externalPriceCny);
    expect(created.body.feeEstimate.reasons[0].article).toBe(19);
    await settled(created.body.id);
  });

  it('asks the owning platform for availability', async () => {
    const created = await book('fwd-key-0004', free[4], 5).expect(201);
    await settled(created.body.id);
    const res = await request(gw.server)
      .get(`/api/v1/instruments/${free[4]}/availability`)
      .query({ from: at(5, 0), to: at(6, 0) })
      .expect(200);
    expect(res.body.busy).toEqual([{ start: new Date(at(5, 9)).toISOString(), end: new Date(at(5, 11)).toISOString() }]);
  });

  it('carries a cancellation to the partner the same way', async () => {
    const created = await book('fwd-key-0005', free[5], 6).expect(201);
    const confirmed = await settled(created.body.id);
    const cancelled = await request(gw.server)
      .post(`/api/v1/bookings/${created.body.id}/cancel`)
      .set('Authorization', `Bearer ${user}`)
      .send({ reason: '实验推迟' })
      .expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    const remote = () => partners.nodes.shanghai.bookings().find((b) => b.id === confirmed.remoteBookingId)!;
    await eventually(
      async () => remote().status,
      (s) => s === WireStatus.BOOKING_STATUS_CANCELLED,
    );
    expect(remote().reason).toBe('实验推迟');
    const audit = await eventually(
      () => read(created.body.id).then((r) => r.body.audit),
      (a: { actor: string; from: string }[]) => a.some((x) => x.actor === 'platform:shanghai' && x.from === 'cancelled'),
    );
    expect(audit.at(-1)).toMatchObject({ from: 'cancelled', to: 'cancelled', actor: 'platform:shanghai' });
  });

  it('waits while the owning unit decides, and follows its decision', async () => {
    const created = await book('fwd-key-0006', approving, 7).expect(201);
    const node = partners.nodes.shanghai;
    const held = await eventually(
      () => read(created.body.id).then((r) => r.body),
      (b) => typeof b.remoteBookingId === 'string',
    );
    expect(held.status).toBe('forwarding');
    expect(held.reason).toMatch(/held by the shanghai platform/);
    node.decide(held.remoteBookingId, true);
    // Nothing is queued any more: the sweeper finds the unfinished booking in PostgreSQL and asks again.
    expect((await settled(created.body.id)).status).toBe('confirmed');
    expect(receivedFor(node, created.body.id)).toHaveLength(1);
  });

  it('retries a partner that is down, and completes once it is back: the partner sees the booking once', async () => {
    const old = partners.nodes.shanghai;
    const port = Number(old.address.split(':')[1]);
    await old.close();
    const created = await book('fwd-key-0007', free[6], 8).expect(201);
    await eventually(
      () => read(created.body.id).then((r) => r.body.reason),
      (reason: string) => /attempt \d+ failed/.test(reason),
    );
    const back = await startPartnerNode({ region: 'shanghai', count: 120, seed: 5, port, acceptedTokens: [GATEWAY_OUT_TOKEN('shanghai')] });
    partners.nodes.shanghai = back;
    expect((await settled(created.body.id)).status).toBe('confirmed');
    expect(receivedFor(back, created.body.id)).toHaveLength(1);
    expect(back.bookings().filter((b) => b.instrumentId === free[6])).toHaveLength(1);
  }, 60_000);

  it('fails a booking the partner never acknowledged by its forwarding deadline, with the reason', async () => {
    const node = partners.nodes.shanghai;
    const port = Number(node.address.split(':')[1]);
    await node.close();
    try {
      const created = await book('fwd-key-0008', free[7], 9).expect(201);
      expect(new Date(created.body.forwardDeadline).getTime()).toBeLessThanOrEqual(new Date(at(9, 9)).getTime());
      await eventually(
        () => read(created.body.id).then((r) => r.body.reason),
        (reason: string) => /attempt \d+ failed/.test(reason),
      );
      gw.clock.set(new Date(Date.parse(created.body.forwardDeadline) + 1));
      const failed = await settled(created.body.id);
      expect(failed.status).toBe('failed');
      expect(failed.reason).toMatch(
        /did not acknowledge the booking before .*last: forwarding to the shanghai platform: attempt \d+ failed \(shanghai: UNAVAILABLE/,
      );
    } finally {
      gw.clock.set(new Date('2026-11-29T04:00:00Z'));
      partners.nodes.shanghai = await startPartnerNode({ region: 'shanghai', count: 120, seed: 5, port, acceptedTokens: [GATEWAY_OUT_TOKEN('shanghai')] });
    }
  }, 60_000);

  it("does not relay a partner's booking to another platform: NOT_FOUND over gRPC", async () => {
    const address = `127.0.0.1:${await startGrpc(gw.app)}`;
    const client = new BookingServiceClient(address, grpc.credentials.createInsecure());
    const metadata = new grpc.Metadata();
    metadata.set('authorization', `Bearer ${PARTNER_IN_TOKEN('shanghai')}`);
    const error = await new Promise<grpc.ServiceError | null>((resolve) =>
      client.createBooking(
        {
          idempotencyKey: 'relay-0001',
          instrumentId: free[8],
          window: { start: new Date(at(10, 9)), end: new Date(at(10, 10)) },
          requester: { pseudonymousId: 'sh-1', unitId: 'sh-u001', unitName: '' },
          purpose: 'XRD',
          sampleDescription: '',
        },
        metadata,
        { deadline: Date.now() + 5_000 },
        (e) => resolve(e),
      ),
    );
    client.close();
    expect(error?.code).toBe(grpc.status.NOT_FOUND);
  });
});
