import * as grpc from '@grpc/grpc-js';
import request from 'supertest';
import { BookingServiceClient } from '@app/contracts';
import { startGrpc } from '@app/grpc';
import { storageModes } from '../support/databases';
import { PARTNER_IN_TOKEN } from '../support/federation';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';
import { inboundPartnersFile } from '../support/partners-file';

const at = (day: number, hour: number) => `2026-12-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`;

describe.each(storageModes())('booking quotas: how much of a calendar one requester may hold (%s)', (mode) => {
  let gw: TestGateway;
  let grpcAddress: string;
  let alice: string;
  let bob: string;
  let unitAdmin: string;
  const partners = inboundPartnersFile(['shanghai']);
  const id = (localId: string) => localInstrumentId('jx-u001', localId);

  beforeAll(async () => {
    gw = await startTestGateway(mode, {
      PARTNERS_FILE: partners.file,
      GRPC_PORT: '0',
      BOOKING_QUOTA_MAX_ACTIVE: '2',
      BOOKING_QUOTA_MAX_ACTIVE_PER_PARTNER: '3',
    });
    await gw.seed(JX_UNITS, [sem({ localId: 'Q-1' }), sem({ localId: 'Q-2' }), sem({ localId: 'Q-GRPC' }), sem({ localId: 'Q-RACE' })]);
    grpcAddress = `127.0.0.1:${await startGrpc(gw.app)}`;
    [alice, bob, unitAdmin] = await Promise.all([
      gw.token('user', 'jx-u002', 'q-alice'),
      gw.token('user', 'jx-u002', 'q-bob'),
      gw.token('unit_admin', 'jx-u001', 'q-admin'),
    ]);
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    partners.remove();
  });

  const book = (token: string, key: string, instrument: string, start: string, end: string) =>
    request(gw.server)
      .post('/api/v1/bookings')
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', key)
      .send({ instrumentId: instrument, start, end, purpose: '表征纳米颗粒形貌' });
  const mine = async (token: string) =>
    (await request(gw.server).get('/api/v1/bookings').set('Authorization', `Bearer ${token}`).expect(200)).body.items as { id: string; instrumentId: string }[];

  it('refuses a user holding the maximum of open future bookings of an instrument the next one (422, reason names the limit), stores nothing, and frees a place on cancel', async () => {
    await book(alice, 'q-alice-0001', id('Q-1'), at(1, 9), at(1, 10)).expect(201);
    const second = await book(alice, 'q-alice-0002', id('Q-1'), at(2, 9), at(2, 10)).expect(201);
    const refused = await book(alice, 'q-alice-0003', id('Q-1'), at(3, 9), at(3, 10)).expect(422);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    expect(refused.body).toMatchObject({
      code: 'UNPROCESSABLE',
      quota: 'maxActivePerRequester',
      limit: 2,
      reason: {
        article: 13,
        code: 'booking_quota.maxActivePerRequester',
        message: expect.stringContaining('第十三条'),
        messageEn: expect.stringContaining('platform default'),
      },
    });
    expect(refused.body.detail).toMatch(/at most 2 open future bookings of this instrument/);
    expect((await mine(alice)).filter((b) => b.instrumentId === id('Q-1'))).toHaveLength(2);
    // Someone else, and another instrument, are not held up by Alice's bookings.
    await book(bob, 'q-bob-0001', id('Q-1'), at(3, 9), at(3, 10)).expect(201);
    await book(alice, 'q-alice-0004', id('Q-2'), at(3, 9), at(3, 10)).expect(201);
    await request(gw.server).post(`/api/v1/bookings/${second.body.id}/cancel`).set('Authorization', `Bearer ${alice}`).send({}).expect(200);
    await book(alice, 'q-alice-0005', id('Q-1'), at(4, 9), at(4, 10)).expect(201);
  });

  it('lets ten concurrent requests of one user take only the places the quota leaves (counted with the insert, under one lock)', async () => {
    const carol = await gw.token('user', 'jx-u002', 'q-carol');
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => book(carol, `q-carol-race-${i}`, id('Q-RACE'), at(10 + i, 9), at(10 + i, 10))));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 201, ...Array(8).fill(422)]);
    expect(answers.filter((r) => r.status === 422).every((r) => r.body.quota === 'maxActivePerRequester')).toBe(true);
    expect((await mine(carol)).filter((b) => b.instrumentId === id('Q-RACE'))).toHaveLength(2);
  });

  it('holds windows to the default length and lead (72 hours, 90 days)', async () => {
    const long = await book(bob, 'q-bob-long-1', id('Q-2'), at(10, 9), at(14, 9)).expect(422);
    expect(long.body).toMatchObject({ quota: 'maxWindowHours', limit: 72, reason: { article: 13 } });
    const far = await book(bob, 'q-bob-far-01', id('Q-2'), '2027-03-30T09:00:00+08:00', '2027-03-30T10:00:00+08:00').expect(422);
    expect(far.body).toMatchObject({ quota: 'maxAheadDays', limit: 90 });
  });

  it("applies the limits a unit sets in the instrument's body, and shows them in its detail", async () => {
    const bookingLimits = { maxWindowHours: 4, maxAheadDays: 7, maxActivePerRequester: 1 };
    const created = await request(gw.server)
      .post('/api/v1/instruments')
      .set('Authorization', `Bearer ${unitAdmin}`)
      .send(sem({ localId: 'Q-UNIT', bookingLimits }))
      .expect(201);
    const detail = await request(gw.server).get(`/api/v1/instruments/${created.body.id}`).expect(200);
    expect(detail.body.bookingLimits).toEqual(bookingLimits);

    const long = await book(bob, 'q-unit-long1', created.body.id, at(2, 9), at(2, 14)).expect(422);
    expect(long.body).toMatchObject({ quota: 'maxWindowHours', limit: 4, reason: { messageEn: expect.stringContaining("set by the instrument's unit") } });
    const far = await book(bob, 'q-unit-far01', created.body.id, at(8, 9), at(8, 10)).expect(422);
    expect(far.body).toMatchObject({ quota: 'maxAheadDays', limit: 7 });
    await book(bob, 'q-unit-ok001', created.body.id, at(2, 9), at(2, 13)).expect(201);
    const second = await book(bob, 'q-unit-two01', created.body.id, at(3, 9), at(3, 10)).expect(422);
    expect(second.body).toMatchObject({ quota: 'maxActivePerRequester', limit: 1 });
  });

  it('refuses bad booking limits in the instrument body with the field named, and stores nothing', async () => {
    const bad = await request(gw.server)
      .post('/api/v1/instruments')
      .set('Authorization', `Bearer ${unitAdmin}`)
      .send(sem({ localId: 'Q-BAD', bookingLimits: { maxWindowHours: 0, maxAheadDays: 1.5, colour: 'red' } as never }))
      .expect(400);
    expect(bad.body.violations.map((v: { field: string }) => v.field).sort()).toEqual([
      'bookingLimits.colour',
      'bookingLimits.maxAheadDays',
      'bookingLimits.maxWindowHours',
    ]);
    await request(gw.server)
      .get(`/api/v1/instruments/${id('Q-BAD')}`)
      .expect(404);
  });

  it('counts a partner platform per pseudonymous user and for all its users together (FAILED_PRECONDITION over gRPC)', async () => {
    const grpcBook = (pseudonym: string, key: string, day: number) =>
      new Promise<grpc.ServiceError | null>((resolve) => {
        const metadata = new grpc.Metadata();
        metadata.set('authorization', `Bearer ${PARTNER_IN_TOKEN('shanghai')}`);
        const client = new BookingServiceClient(grpcAddress, grpc.credentials.createInsecure());
        client.createBooking(
          {
            idempotencyKey: key,
            instrumentId: id('Q-GRPC'),
            window: { start: new Date(at(day, 9)), end: new Date(at(day, 10)) },
            requester: { pseudonymousId: pseudonym, unitId: 'sh-u001', unitName: '' },
            purpose: 'XRD',
            sampleDescription: '',
          },
          metadata,
          { deadline: Date.now() + 10_000 },
          (error) => {
            client.close();
            resolve(error);
          },
        );
      });
    expect(await grpcBook('sh-user-1', 'q-grpc-0001', 1)).toBeNull();
    expect(await grpcBook('sh-user-1', 'q-grpc-0002', 2)).toBeNull();
    const perUser = await grpcBook('sh-user-1', 'q-grpc-0003', 3);
    expect(perUser?.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(perUser?.details).toMatch(/maxActivePerRequester/);
    expect(await grpcBook('sh-user-2', 'q-grpc-0004', 4)).toBeNull();
    const perPartner = await grpcBook('sh-user-3', 'q-grpc-0005', 5);
    expect(perPartner?.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(perPartner?.details).toMatch(/the users of one partner platform together hold at most 3 .*maxActivePerPartner/);
  });
});
