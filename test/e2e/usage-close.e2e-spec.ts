import * as grpc from '@grpc/grpc-js';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { BookingServiceClient, BookingStatus, type Booking as WireBooking } from '@app/contracts';
import { startGrpc } from '@app/grpc';
import { DATABASE, sql, type Database } from '@app/persistence';
import { RollupUsageUseCase } from '@app/usage';
import { PARTNER_IN_TOKEN } from '../support/federation';
import { storageModes } from '../support/databases';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';

/** The test clock stands at 2026-11-29T12:00+08:00; windows are in December, Beijing time. */
const at = (day: number, hour: number, minute = 0) =>
  `2026-12-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`;
const id = (localId: string) => localInstrumentId('jx-u001', localId);
const GATEWAY_A = 'test-iot-gateway-a-token-0001';
const GATEWAY_B = 'test-iot-gateway-b-token-0002';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe.each(storageModes())('usage from closed bookings and IoT power-on events (%s)', (mode) => {
  let gw: TestGateway;
  let address: string;
  let alice: string;
  let bob: string;
  let ownerAdmin: string;
  let otherAdmin: string;
  let started: Date;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'usage-close-'));

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
    const gateways = path.join(dir, 'iot-gateways.json');
    fs.writeFileSync(
      gateways,
      JSON.stringify([
        { id: 'gw-a', unitIds: ['jx-u001'], tokenSha256: sha256(GATEWAY_A) },
        { id: 'gw-b', unitIds: ['jx-u002'], tokenSha256: sha256(GATEWAY_B) },
      ]),
    );
    gw = await startTestGateway(mode, { PARTNERS_FILE: partners, IOT_GATEWAYS_FILE: gateways, GRPC_PORT: '0' });
    started = gw.clock.now();
    await gw.seed(JX_UNITS, [
      sem({ localId: 'CL-1' }),
      sem({ localId: 'CL-2' }),
      sem({ localId: 'CL-3' }),
      sem({ localId: 'GONE-1' }),
      sem({ localId: 'HOSP-1', unitId: 'jx-u002' }),
    ]);
    address = `127.0.0.1:${await startGrpc(gw.app)}`;
    [alice, bob, ownerAdmin, otherAdmin] = await Promise.all([
      gw.token('user', 'jx-u002', 'alice'),
      gw.token('user', undefined, 'bob'),
      gw.token('unit_admin', 'jx-u001', 'owner-admin'),
      gw.token('unit_admin', 'jx-u002', 'other-admin'),
    ]);
  }, 60_000);
  afterEach(() => gw.clock.set(started));
  afterAll(async () => {
    await gw?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  let keys = 0;
  const book = async (token: string, localId: string, start: string, end: string) => {
    const res = await request(gw.server)
      .post('/api/v1/bookings')
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', `usage-close-${mode}-${++keys}`)
      .send({ instrumentId: id(localId), start, end, purpose: '表征纳米颗粒形貌' });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('confirmed');
    return res.body.id as string;
  };
  const close = (token: string | undefined, bookingId: string, action: 'complete' | 'no-show', body: Record<string, unknown>) => {
    const req = request(gw.server).post(`/api/v1/bookings/${bookingId}/${action}`);
    if (token) req.set('Authorization', `Bearer ${token}`);
    return req.send(body);
  };
  const power = (token: string, body: unknown) =>
    request(gw.server)
      .post('/api/v1/usage/power-events')
      .set('Authorization', `Bearer ${token}`)
      .send(body as object);
  const expectProblem = (res: request.Response, status: number, code?: string) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    if (code) expect(res.body.code).toBe(code);
  };
  const db = () => gw.app.get<Database>(DATABASE).db;
  const rollup = async () => {
    const rollups = gw.app.get(RollupUsageUseCase);
    // The embedded worker may hold a batch meanwhile: drain until nothing is left.
    for (let i = 0; i < 100 && (await rollups.execute(), await rollups.backlog()) > 0; i++) await new Promise((r) => setTimeout(r, 50));
  };
  const daily = async (localId: string) =>
    (
      await sql<Record<string, unknown>>`
        SELECT to_char(day, 'YYYY-MM-DD') AS day, effective_seconds, external_seconds, session_seconds, power_seconds, fee_fen::int AS fee_fen, sessions, no_shows
        FROM usage_instrument_daily WHERE instrument_id = ${id(localId)} ORDER BY day`.execute(db())
    ).rows;

  const completion = { actualStart: at(1, 9, 10), actualEnd: at(1, 11, 40), feeChargedCny: 1250.5, samples: 3 };

  it('closes nothing before its window starts: 409 saying when it starts', async () => {
    const early = await book(alice, 'CL-3', at(3, 9), at(3, 10));
    const res = await close(ownerAdmin, early, 'complete', { actualStart: at(3, 9), actualEnd: at(3, 10), feeChargedCny: 0 });
    expectProblem(res, 409, 'PRECONDITION_FAILED');
    expect(res.body.detail).toMatch(/window starts at 2026-12-03T01:00:00.000Z.*once its window has started/);
    expectProblem(await close(ownerAdmin, early, 'no-show', {}), 409, 'PRECONDITION_FAILED');
  });

  describe('a completed booking', () => {
    let bookingId: string;
    beforeAll(async () => {
      gw.clock.set(started);
      bookingId = await book(alice, 'CL-1', at(1, 9), at(1, 12));
    });
    beforeEach(() => gw.clock.set(new Date(at(1, 13))));

    it("is closed only by the owning unit: no token 401, a user 403, another unit's admin 404", async () => {
      expectProblem(await close(undefined, bookingId, 'complete', completion), 401);
      expectProblem(await close(alice, bookingId, 'complete', completion), 403);
      expectProblem(await close(otherAdmin, bookingId, 'complete', completion), 404);
      expectProblem(await close(otherAdmin, bookingId, 'no-show', {}), 404);
      // Nothing moved.
      expect((await request(gw.server).get(`/api/v1/bookings/${bookingId}`).set('Authorization', `Bearer ${alice}`)).body.status).toBe('confirmed');
    });

    it('refuses impossible figures with 400, naming the field', async () => {
      const bad = async (body: Record<string, unknown>, field: string) => {
        const res = await close(ownerAdmin, bookingId, 'complete', body);
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(res.body.violations.map((v: { field: string }) => v.field)).toContain(field);
      };
      await bad({ ...completion, actualEnd: at(1, 14) }, 'actualEnd'); // after now (13:00)
      await bad({ ...completion, actualEnd: at(1, 9) }, 'actualEnd'); // before the start
      await bad({ ...completion, actualStart: '2026-11-29T09:00:00+08:00' }, 'actualStart'); // two days before the booked day
      await bad({ ...completion, actualStart: '2026-12-01T09:10:00' }, 'actualStart'); // no offset
      await bad({ ...completion, feeChargedCny: 12.345 }, 'feeChargedCny');
      await bad({ actualStart: completion.actualStart, actualEnd: completion.actualEnd }, 'feeChargedCny');
      await bad({ ...completion, samples: -1 }, 'samples');
      await bad({ ...completion, operator: 'wang' }, 'operator');
    });

    it('records what happened once: the same completion twice is one session, another is 409', async () => {
      const idle = async () => (await request(gw.server).get(`/api/v1/instruments/${id('CL-1')}`)).body.policy.idle;
      expect((await idle()).outcome).toBe('unknown');
      const first = await close(ownerAdmin, bookingId, 'complete', completion);
      // Art. 15 now counts from this use, shown with the instrument.
      expect(await idle()).toMatchObject({
        outcome: 'active',
        reasons: [expect.objectContaining({ article: 15, message: expect.stringContaining('2026-12-01') })],
      });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        id: bookingId,
        status: 'completed',
        usage: {
          outcome: 'completed',
          actualStart: '2026-12-01T01:10:00.000Z',
          actualEnd: '2026-12-01T03:40:00.000Z',
          feeChargedCny: 1250.5,
          samples: 3,
          external: true,
        },
      });
      const again = await close(ownerAdmin, bookingId, 'complete', completion);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);

      const other = await close(ownerAdmin, bookingId, 'complete', { ...completion, feeChargedCny: 1300 });
      expectProblem(other, 409, 'CONFLICT');
      expect(other.body.recorded).toMatchObject({ outcome: 'completed', feeChargedCny: 1250.5 });
      expectProblem(await close(ownerAdmin, bookingId, 'no-show', {}), 409, 'CONFLICT');

      const read = await request(gw.server).get(`/api/v1/bookings/${bookingId}`).set('Authorization', `Bearer ${alice}`);
      expect(read.body.status).toBe('completed');
      expect(read.body.audit.filter((a: { to: string }) => a.to === 'completed')).toHaveLength(1);
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM usage_sessions WHERE booking_id = ${bookingId}::uuid`.execute(db());
      expect(rows[0].n).toBe(1);
      // A closed booking is no longer the requester's to cancel.
      expectProblem(
        await request(gw.server).post(`/api/v1/bookings/${bookingId}/cancel`).set('Authorization', `Bearer ${alice}`).send({}),
        409,
        'PRECONDITION_FAILED',
      );
    });

    it('repairs a crash between the session and the status: the same completion sent again moves the status', async () => {
      gw.clock.set(started);
      const crashed = await book(alice, 'CL-2', at(1, 9), at(1, 10));
      gw.clock.set(new Date(at(1, 13)));
      const body = { actualStart: at(1, 9), actualEnd: at(1, 10), feeChargedCny: 500 };
      expect((await close(ownerAdmin, crashed, 'complete', body)).status).toBe(200);
      // What a crash after the first write leaves: the session recorded, the booking still confirmed (the audit is append-only; it keeps its row).
      await sql`UPDATE bookings SET status = 'confirmed' WHERE id = ${crashed}::uuid`.execute(db());
      const retried = await close(ownerAdmin, crashed, 'complete', body);
      expect(retried.status).toBe(200);
      expect(retried.body.status).toBe('completed');
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM usage_sessions WHERE booking_id = ${crashed}::uuid`.execute(db());
      expect(rows[0].n).toBe(1);
    });
  });

  it('records a no-show once, a person as requester, on the booked day without hours', async () => {
    const missed = await book(bob, 'CL-1', at(2, 9), at(2, 10));
    gw.clock.set(new Date(at(2, 11)));
    const res = await close(ownerAdmin, missed, 'no-show', { note: '未到场' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'no_show', reason: 'no-show: the requester did not come: 未到场', usage: { outcome: 'no_show', external: true } });
    expect(res.body.usage.actualStart).toBeUndefined();
    expect((await close(ownerAdmin, missed, 'no-show', {})).status).toBe(200);
    expectProblem(await close(ownerAdmin, missed, 'complete', { actualStart: at(2, 9), actualEnd: at(2, 10), feeChargedCny: 0 }), 409, 'CONFLICT');
    expectProblem(await close(ownerAdmin, missed, 'no-show', { note: '电话 13812345678' }), 400, 'VALIDATION_FAILED');
    const { rows } = await sql<{ requester_kind: string; requester_region: string; day: string }>`
      SELECT requester_kind, requester_region, to_char(day, 'YYYY-MM-DD') AS day FROM usage_sessions WHERE booking_id = ${missed}::uuid`.execute(db());
    expect(rows).toEqual([{ requester_kind: 'person', requester_region: 'jiaxing', day: '2026-12-02' }]);
  });

  it("counts a partner's user as a unit of the partner's region, never ours, and tells the partner COMPLETED", async () => {
    const meta = new grpc.Metadata();
    meta.set('authorization', `Bearer ${PARTNER_IN_TOKEN('shanghai')}`);
    type Unary<T> = (
      message: unknown,
      metadata: grpc.Metadata,
      options: grpc.CallOptions,
      done: (error: grpc.ServiceError | null, response: T) => void,
    ) => void;
    const call = <T>(method: 'createBooking' | 'getBooking', message: unknown) =>
      new Promise<T>((resolve, reject) => {
        const stub = new BookingServiceClient(address, grpc.credentials.createInsecure()) as unknown as Record<typeof method, Unary<T>>;
        stub[method](message, meta, { deadline: Date.now() + 10_000 }, (e, r) => (e ? reject(e) : resolve(r)));
      });
    const { booking } = await call<{ booking: WireBooking }>('createBooking', {
      idempotencyKey: `usage-close-grpc-${mode}`,
      instrumentId: id('CL-3'),
      window: { start: new Date(at(4, 14)), end: new Date(at(4, 15)) },
      // The partner names its user's unit: its claim, never stored in usage data.
      requester: { pseudonymousId: 'sh-user-7', unitId: 'sh-u001', unitName: '' },
      purpose: 'XRD',
      sampleDescription: '',
    });
    expect(booking.status).toBe(BookingStatus.BOOKING_STATUS_CONFIRMED);
    gw.clock.set(new Date(at(4, 16)));
    const res = await close(ownerAdmin, booking.id, 'complete', { actualStart: at(4, 14), actualEnd: at(4, 15), feeChargedCny: 500 });
    expect(res.status).toBe(200);
    expect(res.body.usage.external).toBe(true);
    const { rows } = await sql<Record<string, unknown>>`
      SELECT requester_kind, requester_unit_id, requester_region, external, booking_channel FROM usage_sessions WHERE booking_id = ${booking.id}::uuid`.execute(
      db(),
    );
    expect(rows).toEqual([
      { requester_kind: 'unit', requester_unit_id: null, requester_region: 'shanghai', external: true, booking_channel: 'partner:shanghai' },
    ]);
    expect((await call<{ booking: WireBooking }>('getBooking', { bookingId: booking.id })).booking.status).toBe(BookingStatus.BOOKING_STATUS_COMPLETED);
  });

  it('documents the new routes and statuses in OpenAPI', async () => {
    const doc = (await request(gw.server).get('/api/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/bookings/{id}/complete', '/api/v1/bookings/{id}/no-show', '/api/v1/usage/power-events']),
    );
    const status = doc.paths['/api/v1/bookings'].get.parameters.find((p: { name: string }) => p.name === 'status');
    expect(status.schema.enum).toEqual(expect.arrayContaining(['completed', 'no_show']));
  });

  describe('IoT power-on events', () => {
    const e1 = { eventId: 'a-0001', instrumentId: id('CL-1'), start: at(1, 8, 30), end: at(1, 10) };
    const e2 = { eventId: 'a-0002', instrumentId: localInstrumentId('jx-u002', 'HOSP-1'), start: at(1, 8), end: at(1, 9) };
    const e3 = { eventId: 'a-0003', instrumentId: id('CL-1'), start: at(1, 11, 30), end: at(1, 12, 30) };
    beforeEach(() => gw.clock.set(new Date(at(1, 13))));

    it('answers 401 to an unknown gateway token and to a user token, as problem+json', async () => {
      expectProblem(await power('not-a-gateway-token', { events: [e1] }), 401, 'UNAUTHENTICATED');
      expectProblem(await power(ownerAdmin, { events: [e1] }), 401, 'UNAUTHENTICATED');
      expectProblem(
        await request(gw.server)
          .post('/api/v1/usage/power-events')
          .send({ events: [e1] }),
        401,
        'UNAUTHENTICATED',
      );
    });

    it('stores nothing of a malformed body (400)', async () => {
      const res = await power(GATEWAY_A, { events: [e1, { ...e3, start: '2026-12-01T11:30:00' }] });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.violations[0].field).toBe('events[1].start');
      expectProblem(await power(GATEWAY_A, { events: [e1], gateway: 'gw-a' }), 400, 'VALIDATION_FAILED');
      expectProblem(await power(GATEWAY_A, { events: [] }), 400, 'VALIDATION_FAILED');
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM power_events`.execute(db());
      expect(rows[0].n).toBe(0);
    });

    it("keeps the gateway's own events and rejects another unit's, per event; the same batch again is all duplicates", async () => {
      const first = await power(GATEWAY_A, { events: [e1, e2, e3] });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({
        results: [
          { eventId: 'a-0001', status: 'accepted' },
          { eventId: 'a-0002', status: 'rejected', code: 'NOT_FOUND', message: expect.stringContaining('not found') },
          { eventId: 'a-0003', status: 'accepted' },
        ],
        accepted: 2,
        duplicates: 0,
        rejected: 1,
      });
      const again = await power(GATEWAY_A, { events: [e1, e3] });
      expect(again.body).toMatchObject({ results: [{ status: 'duplicate' }, { status: 'duplicate' }], accepted: 0, duplicates: 2, rejected: 0 });
      const changed = await power(GATEWAY_A, { events: [{ ...e1, end: at(1, 10, 30) }] });
      expect(changed.body.results).toEqual([{ eventId: 'a-0001', status: 'rejected', code: 'CONFLICT', message: expect.any(String) }]);
    });

    it('refuses, per event, an event starting more than 90 days ago (VALIDATION_FAILED) and one on a withdrawn instrument (NOT_FOUND, as an unknown one)', async () => {
      await request(gw.server)
        .delete(`/api/v1/instruments/${id('GONE-1')}`)
        .set('Authorization', `Bearer ${ownerAdmin}`)
        .expect(204);
      // Now is 2026-12-01 13:00 China time: 90 days before is 2026-09-02 13:00.
      const old = { eventId: 'a-old-1', instrumentId: id('CL-2'), start: '2026-09-02T12:59:00+08:00', end: '2026-09-02T14:00:00+08:00' };
      const edge = { eventId: 'a-old-2', instrumentId: id('CL-2'), start: '2026-09-02T13:00:00+08:00', end: '2026-09-02T14:00:00+08:00' };
      const gone = { eventId: 'a-gone-1', instrumentId: id('GONE-1'), start: at(1, 8), end: at(1, 9) };
      const unknown = { eventId: 'a-unknown-1', instrumentId: id('NEVER-1'), start: at(1, 8), end: at(1, 9) };
      const res = await power(GATEWAY_A, { events: [old, edge, gone, unknown] });
      expect(res.status).toBe(200);
      expect(res.body.results).toEqual([
        { eventId: 'a-old-1', status: 'rejected', code: 'VALIDATION_FAILED', message: 'start: is more than 90 days ago' },
        { eventId: 'a-old-2', status: 'accepted' },
        { eventId: 'a-gone-1', status: 'rejected', code: 'NOT_FOUND', message: `instrument ${id('GONE-1')} not found among this gateway's units` },
        { eventId: 'a-unknown-1', status: 'rejected', code: 'NOT_FOUND', message: `instrument ${id('NEVER-1')} not found among this gateway's units` },
      ]);
    });

    it('counts effective hours as the union of the completed session and the power-on intervals (hand-computed)', async () => {
      await rollup();
      // CL-1 on 2026-12-01 (China day): session 09:10–11:40 (2.5 h, alice of jx-u002: external, 1,250.50 CNY);
      // power-on 08:30–10:00 (1.5 h) and 11:30–12:30 (1 h). Union 08:30–12:30 = 4 h = 14,400 s.
      // 2026-12-02: bob's no-show, no hours.
      expect(await daily('CL-1')).toEqual([
        {
          day: '2026-12-01',
          effective_seconds: 14_400,
          external_seconds: 9_000,
          session_seconds: 9_000,
          power_seconds: 9_000,
          fee_fen: 125_050,
          sessions: 1,
          no_shows: 0,
        },
        { day: '2026-12-02', effective_seconds: 0, external_seconds: 0, session_seconds: 0, power_seconds: 0, fee_fen: 0, sessions: 0, no_shows: 1 },
      ]);
    });
  });
});
